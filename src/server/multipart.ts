// Writing multipart/related bodies (RFC 2387, RFC 2046 §5.1) for DICOMweb responses. Pure: no Fastify, no I/O.
import { randomBytes } from 'node:crypto';

export interface MultipartPart {
  /** Part header fields, e.g. `{ 'Content-Type': 'application/octet-stream; transfer-syntax=…' }`. */
  headers: Record<string, string>;
  /** Byte length of the body, known up front so the response can carry a Content-Length. */
  length: number;
  body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

/** A boundary that cannot plausibly occur in pixel data: 32 random hex digits. */
export function createBoundary(): string {
  return `dicom-lightbox-${randomBytes(16).toString('hex')}`;
}

/** The response Content-Type: `multipart/related; type="<part type>"; boundary=<boundary>`. */
export function multipartRelatedContentType(boundary: string, partMediaType: string): string {
  return `multipart/related; type="${partMediaType}"; boundary=${boundary}`;
}

function partHead(boundary: string, headers: Record<string, string>, first: boolean): Buffer {
  // The CRLF before a delimiter belongs to the delimiter (RFC 2046 §5.1.1), so it is not part of the previous body.
  let head = `${first ? '' : '\r\n'}--${boundary}\r\n`;
  for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
  return Buffer.from(`${head}\r\n`, 'latin1');
}

function closeDelimiter(boundary: string): Buffer {
  return Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1');
}

/** The exact byte length of the body `multipartBody` writes for these parts. */
export function multipartLength(boundary: string, parts: ReadonlyArray<Pick<MultipartPart, 'headers' | 'length'>>): number {
  let total = closeDelimiter(boundary).length;
  parts.forEach((part, index) => {
    total += partHead(boundary, part.headers, index === 0).length + part.length;
  });
  return total;
}

/** The framing of a body: each part's head (delimiter and header fields), the close delimiter, the total length. */
export function multipartFraming(
  boundary: string,
  parts: ReadonlyArray<Pick<MultipartPart, 'headers' | 'length'>>,
): { heads: Buffer[]; close: Buffer; length: number } {
  const heads = parts.map((part, index) => partHead(boundary, part.headers, index === 0));
  const close = closeDelimiter(boundary);
  const length = heads.reduce((sum, head, index) => sum + head.length + parts[index]!.length, close.length);
  return { heads, close, length };
}

/** The body, chunk by chunk; each part's body is pulled only when the previous part is written. */
export async function* multipartBody(boundary: string, parts: Iterable<MultipartPart>): AsyncGenerator<Uint8Array> {
  let first = true;
  for (const part of parts) {
    yield partHead(boundary, part.headers, first);
    first = false;
    let written = 0;
    for await (const chunk of part.body) {
      written += chunk.length;
      yield chunk;
    }
    if (written !== part.length) throw new Error(`multipart part declared ${part.length} bytes but had ${written}`);
  }
  yield closeDelimiter(boundary);
}
