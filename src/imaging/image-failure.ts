// Turns what an image load rejects with (the data layer's DicomwebError, an XMLHttpRequest from Cornerstone's own
// loader, an Error, a string) into the facts an element says in its reader's language (src/i18n/image-failure-message.ts),
// and an English sentence for the event's `message` where no element speaks.
import { DicomwebError, kindOfStatus } from '../dicomweb/errors.js';
import type { DicomErrorKind } from '../events/error.js';
import { transferSyntaxOf } from '../dicom/transfer-syntax.js';
import { imageFailureMessage } from '../i18n/image-failure-message.js';
import { english } from '../i18n/localizer.js';
import { describeClientFailure, type ClientFailureCode } from './client-failure.js';
import type { DecodeCheckFinding } from './decoded-image-check.js';

export interface ImageFailure {
  kind: DicomErrorKind;
  message: string;
  status?: number;
  url: string;
  /** The technical text behind the message. */
  detail?: string;
  /** What the decoder check found, when `kind` is `decode` because of it (said in other languages from it). */
  check?: DecodeCheckFinding;
  /** This page's failure and the codec it could not run, when `kind` is `client` (said in other languages from them). */
  code?: ClientFailureCode;
  codec?: string;
  /** The transfer syntax no decoder here reads, when `kind` is `unsupported`: its UID and, when known, its name. */
  transferSyntaxUid?: string;
  transferSyntaxName?: string;
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

/** The failure an image load rejected with: its kind and facts, its English sentence in `message`. */
export function describeImageFailure(error: unknown, imageId: string): ImageFailure {
  const facts = imageFailureFacts(error, imageId);
  return { ...facts, message: imageFailureMessage(facts, english.t) };
}

function imageFailureFacts(error: unknown, imageId: string): Omit<ImageFailure, 'message'> {
  const url = imageId.replace(/^wadors:/, '');
  const decoding = error instanceof ImageDecodeFailure ? error : undefined;
  if (decoding) error = decoding.cause;
  const client = error instanceof DicomwebError ? undefined : describeClientFailure(error, decoding?.transferSyntaxUid);
  if (client) return { ...client, url };
  if (error instanceof DicomwebError) return { kind: error.kind, status: error.status, url: error.url || url };
  const request = error as { status?: unknown };
  if (typeof XMLHttpRequest !== 'undefined' && error instanceof XMLHttpRequest) return { kind: kindOfStatus(error.status), status: error.status || undefined, url };
  if (request && typeof request.status === 'number' && request.status >= 400) return { kind: kindOfStatus(request.status), status: request.status, url };
  const detail = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error ?? 'unknown error') ?? String(error);
  const syntax = /no decoder for transfer syntax ([\d.]+)/i.exec(detail)?.[1];
  if (syntax) return { kind: 'unsupported', url, transferSyntaxUid: syntax, transferSyntaxName: transferSyntaxOf(syntax)?.name };
  const check = checkFindingOf(error);
  return check ? { kind: 'decode', url, detail, check } : { kind: 'decode', url, detail };
}

/** The decoder check's finding behind `error` (read by name: importing the check would pull the codestream readers in here). */
function checkFindingOf(error: unknown): DecodeCheckFinding | undefined {
  if (!(error instanceof Error) || error.name !== 'DecodedImageCheckError') return undefined;
  return (error as Error & { finding?: DecodeCheckFinding }).finding;
}
