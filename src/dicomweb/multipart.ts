// Reading multipart/related answers (RFC 2387, RFC 2046 §5.1) of WADO-RS frame and bulk data retrieval. Pure: no
// DOM, no fetch. Frames are large (a 512 × 512 16-bit frame is 512 KB), so a part's end is looked for where its
// expected length puts it before the body is scanned, and parts are views into the answer, never copies.

import { mediaTypeParameter } from './media-type.js';

export { mediaTypeParameter };

export interface MultipartPart {
  /** The part's Content-Type (PS3.18 8.7.3.5: e.g. `application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1`). */
  contentType: string;
  /** The part's other header fields, lower-cased names. */
  headers: Record<string, string>;
  /** The part's body: a view into the answer's bytes. */
  body: Uint8Array;
}

const CR = 13;
const LF = 10;
const DASH = 45;

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]!);
  return text;
}

function matchesAt(bytes: Uint8Array, at: number, token: Uint8Array): boolean {
  if (at < 0 || at + token.length > bytes.length) return false;
  for (let i = 0; i < token.length; i++) if (bytes[at + i] !== token[i]) return false;
  return true;
}

/** The first `token` at or after `from`; the native indexOf finds candidates for its first byte. */
function indexOfToken(bytes: Uint8Array, token: Uint8Array, from: number): number {
  for (let at = bytes.indexOf(token[0]!, from); at >= 0; at = bytes.indexOf(token[0]!, at + 1)) {
    if (matchesAt(bytes, at, token)) return at;
  }
  return -1;
}

function asciiBytes(text: string): Uint8Array {
  return Uint8Array.from(text, (character) => character.charCodeAt(0));
}

/** Where a part's header fields end (after the blank line), or -1. */
function endOfHeaders(bytes: Uint8Array, from: number): number {
  for (let at = bytes.indexOf(CR, from); at >= 0 && at + 3 < bytes.length; at = bytes.indexOf(CR, at + 1)) {
    if (bytes[at + 1] === LF && bytes[at + 2] === CR && bytes[at + 3] === LF) return at + 4;
  }
  return -1;
}

/**
 * The parts of a multipart/related body. `expectedLengths` (by part, when known: a native frame's size) lets a
 * part's end be checked where it should be instead of scanned for. Throws when the body is not multipart as its
 * Content-Type says.
 */
export function readMultipart(bytes: Uint8Array, contentType: string, expectedLengths: ReadonlyArray<number | undefined> = []): MultipartPart[] {
  const boundary = mediaTypeParameter(contentType, 'boundary');
  if (!boundary) throw new Error('the multipart answer names no boundary');
  // Each delimiter is CRLF "--" boundary; the CRLF before it belongs to the delimiter (RFC 2046 §5.1.1).
  const delimiter = asciiBytes(`\r\n--${boundary}`);
  const dashBoundary = delimiter.subarray(2);
  // The first delimiter may open the body or follow a preamble.
  let at = matchesAt(bytes, 0, dashBoundary) ? 0 : indexOfToken(bytes, delimiter, 0) + 2;
  if (at === 1) throw new Error('the multipart answer has no opening boundary');
  const parts: MultipartPart[] = [];
  for (;;) {
    at += dashBoundary.length;
    if (bytes[at] === DASH && bytes[at + 1] === DASH) break; // the close delimiter
    const headersEnd = endOfHeaders(bytes, at);
    if (headersEnd < 0) throw new Error('a part of the multipart answer has no end of headers');
    const headers: Record<string, string> = {};
    for (const line of latin1(bytes, at, headersEnd - 4).split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const expected = expectedLengths[parts.length];
    let end = -1;
    if (expected !== undefined) {
      // A frame of odd length may come padded to even length (PS3.5 8.1.1), so the delimiter may be a byte later.
      if (matchesAt(bytes, headersEnd + expected, delimiter)) end = headersEnd + expected;
      else if (matchesAt(bytes, headersEnd + expected + 1, delimiter)) end = headersEnd + expected + 1;
    }
    if (end < 0) end = indexOfToken(bytes, delimiter, headersEnd);
    if (end < 0) throw new Error('the multipart answer ends before its close delimiter');
    parts.push({ contentType: headers['content-type'] ?? 'text/plain', headers, body: bytes.subarray(headersEnd, end) });
    at = end + 2;
  }
  return parts;
}
