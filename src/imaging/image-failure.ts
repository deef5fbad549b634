// Turns what an image load rejects with (the data layer's DicomwebError, an XMLHttpRequest from Cornerstone's own
// loader, an Error, a string) into words for people.
import { DicomwebError, kindOfStatus } from '../dicomweb/errors.js';
import type { DicomErrorKind } from '../events/error.js';
import { transferSyntaxOf } from '../dicom/transfer-syntax.js';
import { describeClientFailure, type ClientFailureCode } from './client-failure.js';

export interface ImageFailure {
  kind: DicomErrorKind;
  message: string;
  status?: number;
  url: string;
  /** The technical text behind the message. */
  detail?: string;
  /** This page's failure and the codec it could not run, when `kind` is `client` (said in other languages from them). */
  code?: ClientFailureCode;
  codec?: string;
}

/** A decode that failed, with the transfer syntax it was in (so a failing codec can be named). */
export class ImageDecodeFailure extends Error {
  override name = 'ImageDecodeFailure';
  constructor(
    readonly transferSyntaxUid: string,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : String(cause));
  }
}

const requestWords: Record<Exclude<ImageFailure['kind'], 'decode' | 'unsupported' | 'client'>, string> = {
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
  const decoding = error instanceof ImageDecodeFailure ? error : undefined;
  if (decoding) error = decoding.cause;
  const client = error instanceof DicomwebError ? undefined : describeClientFailure(error, decoding?.transferSyntaxUid);
  if (client) return { ...client, url };
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
  const detail = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error ?? 'unknown error') ?? String(error);
  const syntax = /no decoder for transfer syntax ([\d.]+)/i.exec(detail)?.[1];
  if (syntax) {
    return { kind: 'unsupported', url, message: `The image is in a transfer syntax this viewer cannot decode (${transferSyntaxOf(syntax)?.name ?? 'unknown'}, ${syntax}).` };
  }
  return { kind: 'decode', url, message: `The image could not be decoded: ${detail}`, detail };
}
