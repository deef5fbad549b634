// Typed failures of DICOMweb requests: what the user sees and what an integrator logs.

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

export class DicomwebError extends Error {
  override readonly name = 'DicomwebError';

  constructor(
    readonly kind: DicomwebFailureKind,
    message: string,
    /** The URL that was requested. */
    readonly url: string,
    /** The HTTP status, when there was an answer. */
    readonly status?: number,
    /** The server's own reason (its Warning header or response text), when it gave one. */
    readonly reason?: string,
  ) {
    super(message);
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

const statusWords: Record<DicomwebFailureKind, string> = {
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
export async function errorFromResponse(response: Response, what: string): Promise<DicomwebError> {
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
  const message = `${what}: ${statusWords[kind]} (HTTP ${response.status}${reason ? `: ${reason}` : ''})`;
  return new DicomwebError(kind, message, response.url, response.status, reason || undefined);
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

export function networkError(url: string, what: string, cause: unknown): DicomwebError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new DicomwebError('network', `${what}: ${statusWords.network} (${detail})`, url);
}
