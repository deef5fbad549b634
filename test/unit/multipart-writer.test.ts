import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readMultipart } from '../../src/dicomweb/multipart.js';
import {
  createBoundary,
  multipartBody,
  multipartBytes,
  multipartLength,
  multipartRelatedContentType,
  type MultipartWritePart,
} from '../../src/dicomweb/multipart-writer.js';

const partsOf = (): Array<{ headers: Record<string, string>; body: Uint8Array }> => [
  { headers: { 'Content-Type': 'application/dicom' }, body: Uint8Array.from([0, 13, 10, 45, 45, 255]) },
  { headers: { 'Content-Type': 'application/dicom', 'Content-Location': '/x' }, body: new Uint8Array(0) },
  { headers: { 'Content-Type': 'application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1' }, body: new TextEncoder().encode('\r\n--not-the-boundary\r\n') },
];

test('boundaries are random, hex, and differ each time', () => {
  const boundary = createBoundary();
  assert.match(boundary, /^dicom-lightbox-[0-9a-f]{32}$/);
  assert.notEqual(createBoundary(), boundary);
});

test('what multipartBytes writes reads back part for part, byte for byte', () => {
  const boundary = createBoundary();
  const parts = partsOf();
  const bytes = multipartBytes(boundary, parts);
  const read = readMultipart(bytes, multipartRelatedContentType(boundary, 'application/dicom'));
  assert.equal(read.length, parts.length);
  read.forEach((part, index) => {
    assert.deepEqual(part.body, parts[index]!.body);
    assert.equal(part.contentType, parts[index]!.headers['Content-Type']);
  });
  assert.equal(read[1]!.headers['content-location'], '/x');
  assert.equal(bytes.length, multipartLength(boundary, parts.map((part) => ({ headers: part.headers, length: part.body.length }))));
});

test('the streamed body is the same bytes, its length known up front', async () => {
  const boundary = 'b';
  const parts = partsOf();
  const streamed: MultipartWritePart[] = parts.map((part) => ({ headers: part.headers, length: part.body.length, body: [part.body.subarray(0, 2), part.body.subarray(2)] }));
  const chunks: Uint8Array[] = [];
  for await (const chunk of multipartBody(boundary, streamed)) chunks.push(chunk);
  const joined = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    joined.set(chunk, at);
    at += chunk.length;
  }
  assert.deepEqual(joined, multipartBytes(boundary, parts));
  assert.equal(new TextDecoder().decode(joined.subarray(0, 4)), '--b\r', 'the body opens with the first delimiter, no preamble');
  assert.equal(new TextDecoder().decode(joined.subarray(-9)), '\r\n--b--\r\n');
});

test('a part whose body is not its declared length is an error, not a corrupt body', async () => {
  const wrong: MultipartWritePart[] = [{ headers: {}, length: 3, body: [Uint8Array.from([1, 2])] }];
  await assert.rejects(async () => {
    for await (const chunk of multipartBody('b', wrong)) void chunk;
  }, /declared 3 bytes but had 2/);
});
