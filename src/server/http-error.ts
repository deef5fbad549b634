// Errors routes throw with an HTTP status and a reason a user can act on; app.ts turns them into responses.

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    reason: string,
    /** Header fields the answer carries besides the reason, e.g. WWW-Authenticate on a 401. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(reason);
    this.name = 'HttpError';
  }
}

export const badRequest = (reason: string) => new HttpError(400, reason);
/** No credentials, or credentials that prove nothing: the client may try again with others. */
export const unauthorized = (reason: string, headers?: Record<string, string>) => new HttpError(401, reason, headers);
/** Credentials that are valid but do not allow this request. */
export const forbidden = (reason: string, headers?: Record<string, string>) => new HttpError(403, reason, headers);
export const notFound = (reason: string) => new HttpError(404, reason);
export const notAcceptable = (reason: string) => new HttpError(406, reason);

/**
 * What a failed read of an instance's file means: ENOENT is an instance deleted between its index lookup and the read
 * (by another request, or another worker process), so 404; any other error passes through. Used as `throw notFoundIfDeleted(error, uid)`.
 */
export function notFoundIfDeleted(error: unknown, sopInstanceUid: string): unknown {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' ? notFound(`instance ${sopInstanceUid} was deleted`) : error;
}

/** A stored frame the server cannot turn into what was asked (damaged, or not what its header says): the reason goes to the client. */
export const undecodableFrame = (sopInstanceUid: string, frame: number, reason: string) =>
  new HttpError(500, `frame ${frame} of instance ${sopInstanceUid} cannot be decoded: ${reason}`);
