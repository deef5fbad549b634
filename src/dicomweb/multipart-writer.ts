// Writing multipart/related bodies (RFC 2387, RFC 2046 §5.1): STOW-RS requests in the browser, WADO-RS answers on the
// server. Pure: Uint8Array and Web Crypto only (both in browsers and Node ≥ 20), no I/O.

export interface MultipartWritePart {
  /** Part header fields, e.g. `{ 'Content-Type': 'application/dicom' }`. */
  headers: Record<string, string>;
  /** Byte length of the body, known up front so the request or response can carry a Content-Length. */
  length: number;
  body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

/** A boundary that cannot plausibly occur in pixel data: 32 random hex digits after a fixed prefix. */
export function createBoundary(): string {
  const random = crypto.getRandomValues(new Uint8Array(16));
  return `dicom-lightbox-${Array.from(random, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** The body's Content-Type: `multipart/related; type="<part type>"; boundary=<boundary>`. */
export function multipartRelatedContentType(boundary: string, partMediaType: string): string {
  return `multipart/related; type="${partMediaType}"; boundary=${boundary}`;
}

function latin1Bytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}

function partHead(boundary: string, headers: Record<string, string>, first: boolean): Uint8Array {
  // The CRLF before a delimiter belongs to the delimiter (RFC 2046 §5.1.1), so it is not part of the previous body.
  let head = `${first ? '' : '\r\n'}--${boundary}\r\n`;
  for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
  return latin1Bytes(`${head}\r\n`);
}

function closeDelimiter(boundary: string): Uint8Array {
  return latin1Bytes(`\r\n--${boundary}--\r\n`);
}

/** The framing of a body: each part's head (delimiter and header fields), the close delimiter, the total length. */
export function multipartFraming(
  boundary: string,
  parts: ReadonlyArray<Pick<MultipartWritePart, 'headers' | 'length'>>,
): { heads: Uint8Array[]; close: Uint8Array; length: number } {
  const heads = parts.map((part, index) => partHead(boundary, part.headers, index === 0));
  const close = closeDelimiter(boundary);
  const length = heads.reduce((sum, head, index) => sum + head.length + parts[index]!.length, close.length);
  return { heads, close, length };
}

/** The exact byte length of the body `multipartBody` writes for these parts. */
export function multipartLength(boundary: string, parts: ReadonlyArray<Pick<MultipartWritePart, 'headers' | 'length'>>): number {
  return multipartFraming(boundary, parts).length;
}

/** The body, chunk by chunk; each part's body is pulled only when the previous part is written. */
export async function* multipartBody(boundary: string, parts: Iterable<MultipartWritePart>): AsyncGenerator<Uint8Array> {
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

/**
 * The whole body in one array, for parts already in memory: a browser's fetch takes no streamed request body over
 * HTTP/1.1, so a STOW-RS request is sent whole.
 */
export function multipartBytes(boundary: string, parts: ReadonlyArray<{ headers: Record<string, string>; body: Uint8Array }>): Uint8Array<ArrayBuffer> {
  const { heads, close, length } = multipartFraming(boundary, parts.map((part) => ({ headers: part.headers, length: part.body.length })));
  const bytes = new Uint8Array(length);
  let at = 0;
  parts.forEach((part, index) => {
    bytes.set(heads[index]!, at);
    at += heads[index]!.length;
    bytes.set(part.body, at);
    at += part.body.length;
  });
  bytes.set(close, at);
  return bytes;
}
