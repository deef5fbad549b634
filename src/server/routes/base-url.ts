// The absolute URL of the DICOMweb root as the client reached it, for RetrieveURL, BulkDataURI and Warning headers.
import type { FastifyRequest } from 'fastify';

/** Where the DICOMweb services are mounted. */
export const dicomwebPrefix = '/dicom-web';

export function dicomwebBaseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}${dicomwebPrefix}`;
}

/** A Warning header value in PS3.18's form, `299 {+SERVICE}: <text>`; header values must be plain ASCII. */
export function warningHeader(request: FastifyRequest, text: string): string {
  const ascii = text.replace(/[^\x20-\x7e]/g, '?');
  return `299 ${dicomwebBaseUrl(request)}: ${ascii}`;
}
