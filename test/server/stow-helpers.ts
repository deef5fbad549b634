// Helpers of the STOW-RS and crash tests: copies of one instance under new UIDs, and multipart bodies built as streams.
import { randomBytes } from 'node:crypto';
import { isValidUid } from '../../src/server/dicom/parse-instance.js';

/** A UID of the same length as `uid`, distinct for each `index` (so the file keeps its byte layout). */
export function sameLengthUid(uid: string, index: number): string {
  const suffix = `.9${String(index).padStart(7, '0')}`;
  let head = uid.slice(0, uid.length - suffix.length);
  while (head.endsWith('.')) head = head.slice(0, -1) + '1';
  const result = head + suffix;
  if (result.length !== uid.length || !isValidUid(result)) throw new Error(`cannot derive a UID from ${uid}`);
  return result;
}

/** A copy of a Part 10 file with every occurrence of `from` (a UID) replaced by `to` of the same length. */
export function withUid(bytes: Uint8Array, from: string, to: string): Buffer {
  if (from.length !== to.length) throw new Error('UIDs must have the same length');
  const copy = Buffer.from(bytes);
  const needle = Buffer.from(from, 'latin1');
  let at = copy.indexOf(needle);
  while (at >= 0) {
    copy.write(to, at, 'latin1');
    at = copy.indexOf(needle, at + needle.length);
  }
  return copy;
}

export function newBoundary(): string {
  return `test-${randomBytes(12).toString('hex')}`;
}

/** A multipart/related body, part by part: nothing but the current part is held. */
export async function* multipartStream(boundary: string, parts: Iterable<Uint8Array> | AsyncIterable<Uint8Array>, type = 'application/dicom'): AsyncGenerator<Buffer> {
  for await (const part of parts) {
    yield Buffer.from(`--${boundary}\r\nContent-Type: ${type}\r\n\r\n`, 'latin1');
    yield Buffer.from(part.buffer, part.byteOffset, part.byteLength);
    yield Buffer.from('\r\n', 'latin1');
  }
  yield Buffer.from(`--${boundary}--\r\n`, 'latin1');
}

export function stowContentType(boundary: string, type = 'application/dicom'): string {
  return `multipart/related; type="${type}"; boundary=${boundary}`;
}

/** The whole body at once, for small requests sent with fetch. */
export async function multipartBuffer(boundary: string, parts: Uint8Array[], type = 'application/dicom'): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Buffer[] = [];
  for await (const chunk of multipartStream(boundary, parts, type)) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}
