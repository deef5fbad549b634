// Typed failures of DICOMweb requests: what the user sees and what an integrator logs. No DOM and no language: each
// error carries a stable `code`, the `request` that failed and its `params`, from which an element says it in the
// reader's language (src/i18n); `message` is the English sentence, for whoever uses the data layer alone.

/** Why a request failed, in the words a person can act on. */
export type DicomwebFailureKind =
  | 'network' // no HTTP answer at all (offline, refused, CORS)
  | 'unauthorized' // 401: missing or expired credentials
  | 'forbidden' // 403
  | 'not-found' // 404: no such study, series, instance or frame
  | 'not-acceptable' // 406: the server cannot give any representation asked for
  | 'bad-request' // other 4xx
  | 'server' // 5xx
  | 'bad-response'; // an answer that is not what PS3.18 says it must be

/** The transactions a source makes, as errors name them. */
export type DicomwebRequest = keyof typeof requestWords;

const requestWords = {
  'study-search': 'Study search',
  'series-search': 'Series search',
  'instance-search': 'Instance search',
  'series-metadata': 'Series metadata',
  frame: 'Frame',
  'series-thumbnail': 'Series thumbnail',
  'store-instances': 'Store instances',
  'bulk-data': 'Bulk data',
} as const;

/**
 * What went wrong, stable across versions and languages: `http` (an answer with a failing status; params `status`
 * and, when the server gave one, `reason`), `network` (no answer; `detail` is the browser's text), `not-dicom-json`,
 * `not-dataset` (a STOW answer that is no dataset), `multipart` (an unreadable multipart body; `detail`),
 * `frame-count` (`asked`, `answered`), `part-count` (`answered`), `no-instances` (a series without instances).
 */
export type DicomwebErrorCode = 'http' | 'network' | 'not-dicom-json' | 'not-dataset' | 'multipart' | 'frame-count' | 'part-count' | 'no-instances';

/** The values a code's sentence is made of. */
export type DicomwebErrorParams = Readonly<Record<string, string | number>>;

export interface DicomwebErrorCause {
  code: DicomwebErrorCode;
  request: DicomwebRequest;
  params?: DicomwebErrorParams;
}

export class DicomwebError extends Error {
  override readonly name = 'DicomwebError';
  /** What went wrong, for a program or a translation; undefined for an error made outside the data layer. */
  readonly code?: DicomwebErrorCode;
  /** The transaction that failed. */
  readonly request?: DicomwebRequest;
  readonly params: DicomwebErrorParams;

  constructor(
    readonly kind: DicomwebFailureKind,
    message: string,
    /** The URL that was requested. */
    readonly url: string,
    /** The HTTP status, when there was an answer. */
    readonly status?: number,
    /** The server's own reason (its Warning header or response text), when it gave one. */
    readonly reason?: string,
    cause?: DicomwebErrorCause,
  ) {
    super(message);
    this.code = cause?.code;
    this.request = cause?.request;
    this.params = cause?.params ?? {};
  }

  /** An error of the data layer: its English message made from the code, the request and the params. */
  static of(kind: DicomwebFailureKind, cause: DicomwebErrorCause, url: string, status?: number, reason?: string): DicomwebError {
    return new DicomwebError(kind, englishMessageOf(kind, cause), url, status, reason, cause);
  }

  /** A network failure or a server error may pass; a 4xx will not. */
  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'server';
  }
}

/** What an HTTP status means for the user; 0 is no answer at all (a network failure, or a CORS refusal). */
export function kindOfStatus(status: number): Exclude<DicomwebFailureKind, 'bad-response'> {
  if (status === 0) return 'network';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 406) return 'not-acceptable';
  if (status >= 500) return 'server';
  return 'bad-request';
}

/** The English words for a failure kind, as the sentence of an `http` or `network` error says it. */
export const statusWords: Record<DicomwebFailureKind, string> = {
  network: 'could not reach the server',
  unauthorized: 'not signed in or the sign-in has expired',
  forbidden: 'access denied',
  'not-found': 'not found',
  'not-acceptable': 'the server cannot send it in a form this viewer reads',
  'bad-request': 'the server refused the request',
  server: 'the server failed',
  'bad-response': 'the server answered with something unexpected',
};

/** Builds the error for a non-2xx answer, reading the server's reason from the Warning header or the body. */
export async function errorFromResponse(response: Response, request: DicomwebRequest): Promise<DicomwebError> {
  const kind = kindOfStatus(response.status);
  // PS3.18 8.4.4: a server may explain itself in a Warning header ("299 <agent>: <text>").
  const warning = response.headers.get('warning')?.replace(/^\d{3}\s+\S+\s+/, '').replace(/^"|"$/g, '');
  let body = '';
  try {
    body = (await response.text()).trim().slice(0, 300);
  } catch {
    // The body is a courtesy; the status already says what happened.
  }
  const reason = warning || readableReason(body);
  const params: DicomwebErrorParams = reason ? { status: response.status, reason } : { status: response.status };
  return DicomwebError.of(kind, { code: 'http', request, params }, response.url, response.status, reason || undefined);
}

/** A JSON error body ({message} or {error}) or plain text; HTML pages are not shown to people. */
function readableReason(body: string): string {
  if (!body || body.startsWith('<')) return '';
  try {
    const parsed = JSON.parse(body) as { message?: unknown; error?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
    if (typeof parsed.error === 'string') return parsed.error;
  } catch {
    // not JSON: plain text is the reason itself
  }
  return body;
}

export function networkError(url: string, request: DicomwebRequest, cause: unknown): DicomwebError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return DicomwebError.of('network', { code: 'network', request, params: { detail } }, url);
}

/** The English sentence of an error of the data layer; src/i18n's English table says the same (a test holds them together). */
export function englishMessageOf(kind: DicomwebFailureKind, { code, request, params = {} }: DicomwebErrorCause): string {
  const what = requestWords[request];
  switch (code) {
    case 'http':
      return `${what}: ${statusWords[kind]} (HTTP ${params.status}${params.reason ? `: ${params.reason}` : ''})`;
    case 'network':
      return `${what}: ${statusWords[kind]} (${params.detail})`;
    case 'not-dicom-json':
      return `${what}: the answer is not DICOM JSON`;
    case 'not-dataset':
      return `${what}: the answer is not a DICOM JSON dataset`;
    case 'multipart':
      return `${what}: ${params.detail}`;
    case 'frame-count':
      return `${what}: ${params.asked} frames asked for, ${params.answered} answered`;
    case 'part-count':
      return `${what}: one part expected, ${params.answered} answered`;
    case 'no-instances':
      return `${what}: the series has no instances`;
  }
}
