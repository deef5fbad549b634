// Turns what Cornerstone's loader rejects with (an XMLHttpRequest, an Error, a string) into words for people.

export interface ImageFailure {
  kind: 'network' | 'unauthorized' | 'forbidden' | 'not-found' | 'not-acceptable' | 'bad-request' | 'server' | 'decode';
  message: string;
  status?: number;
  url: string;
}

function kindOfStatus(status: number): ImageFailure['kind'] {
  if (status === 0) return 'network';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 406) return 'not-acceptable';
  if (status >= 500) return 'server';
  return 'bad-request';
}

const requestWords: Record<Exclude<ImageFailure['kind'], 'decode'>, string> = {
  network: 'could not be fetched: the server did not answer',
  unauthorized: 'could not be fetched: not signed in or the sign-in has expired',
  forbidden: 'could not be fetched: access denied',
  'not-found': 'was not found on the server',
  'not-acceptable': 'is not available in a form this viewer decodes',
  'bad-request': 'was refused by the server',
  server: 'could not be fetched: the server failed',
};

export function describeImageFailure(error: unknown, imageId: string): ImageFailure {
  const url = imageId.replace(/^wadors:/, '');
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
  return { kind: 'decode', url, message: `The image could not be decoded: ${detail}` };
}
