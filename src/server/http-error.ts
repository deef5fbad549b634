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

/** A stored frame the server cannot turn into what was asked (damaged, or not what its header says): the reason goes to the client. */
export const undecodableFrame = (sopInstanceUid: string, frame: number, reason: string) =>
  new DicomwebError(500, `frame ${frame} of instance ${sopInstanceUid} cannot be decoded: ${reason}`);
