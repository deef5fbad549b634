// Errors routes throw with an HTTP status and a reason a user can act on; app.ts turns them into responses.

export class DicomwebError extends Error {
  constructor(
    readonly statusCode: number,
    reason: string,
  ) {
    super(reason);
    this.name = 'DicomwebError';
  }
}

export const badRequest = (reason: string) => new DicomwebError(400, reason);
export const notFound = (reason: string) => new DicomwebError(404, reason);
export const notAcceptable = (reason: string) => new DicomwebError(406, reason);
