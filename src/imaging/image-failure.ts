// Turns what an image load rejects with (the data layer's DicomwebError, an XMLHttpRequest from Cornerstone's own
// loader, an Error, a string) into words for people.
import { DicomwebError, kindOfStatus } from '../dicomweb/errors.js';

export interface ImageFailure {
  kind: 'network' | 'unauthorized' | 'forbidden' | 'not-found' | 'not-acceptable' | 'bad-request' | 'server' | 'bad-response' | 'decode' | 'unsupported';
  message: string;
  status?: number;
  url: string;
}


const requestWords: Record<Exclude<ImageFailure['kind'], 'decode' | 'unsupported'>, string> = {
  network: 'could not be fetched: the server did not answer',
  unauthorized: 'could not be fetched: not signed in or the sign-in has expired',
  forbidden: 'could not be fetched: access denied',
  'not-found': 'was not found on the server',
  'not-acceptable': 'is not available in a form this viewer decodes',
  'bad-request': 'was refused by the server',
  server: 'could not be fetched: the server failed',
  'bad-response': 'could not be read: the server answered with something unexpected',
};

export function describeImageFailure(error: unknown, imageId: string): ImageFailure {
  const url = imageId.replace(/^wadors:/, '');
  if (error instanceof DicomwebError) {
    return { kind: error.kind, status: error.status, url: error.url || url, message: `The image ${requestWords[error.kind]}${error.status ? ` (HTTP ${error.status})` : ''}.` };
  }
  const request = error as { status?: unknown; readyState?: unknown };
  if (typeof XMLHttpRequest !== 'undefined' && error instanceof XMLHttpRequest) {
    const kind = kindOfStatus(error.status);
    return { kind, status: error.status || undefined, url, message: `The image ${requestWords[kind as keyof typeof requestWords]}${error.status ? ` (HTTP ${error.status})` : ''}.` };
  }
  if (request && typeof request.status === 'number' && request.status >= 400) {
    const kind = kindOfStatus(request.status);
    return { kind, status: request.status, url, message: `The image ${requestWords[kind as keyof typeof requestWords]} (HTTP ${request.status}).` };
  }
  const detail = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error ?? 'unknown error');
  const syntax = /no decoder for transfer syntax ([\d.]+)/i.exec(detail)?.[1];
  if (syntax) {
    return { kind: 'unsupported', url, message: `The image is in a transfer syntax this viewer cannot decode (${transferSyntaxNames[syntax] ?? 'unknown'}, ${syntax}).` };
  }
  return { kind: 'decode', url, message: `The image could not be decoded: ${detail}` };
}

/** Names of the transfer syntaxes a decoder may be missing for (PS3.6 Table A-1). */
const transferSyntaxNames: Record<string, string> = {
  '1.2.840.10008.1.2.4.92': 'JPEG 2000 Part 2 multi-component lossless',
  '1.2.840.10008.1.2.4.93': 'JPEG 2000 Part 2 multi-component',
  '1.2.840.10008.1.2.4.94': 'JPIP referenced',
  '1.2.840.10008.1.2.4.100': 'MPEG2 video',
  '1.2.840.10008.1.2.4.102': 'MPEG-4 AVC/H.264 video',
  '1.2.840.10008.1.2.4.107': 'HEVC/H.265 video',
  '1.2.840.10008.1.2.1.99': 'deflated explicit VR little endian',
};
