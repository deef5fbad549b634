import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mediaTypeParameter } from '../../src/dicomweb/multipart.js';
import { parseAccept } from '../../src/server/media-types.js';

test('a parameter inside another quoted parameter is not taken for it (one grammar for client and server)', () => {
  const contentType = 'multipart/related; type="application/octet-stream; boundary=inner"; boundary=outer';
  assert.equal(mediaTypeParameter(contentType, 'boundary'), 'outer');
  assert.equal(mediaTypeParameter(contentType, 'type'), 'application/octet-stream; boundary=inner');
  assert.equal(parseAccept(contentType)[0]!.parameters.boundary, 'outer');
});

test('parameter names are case-insensitive, values unquoted and unescaped; a missing one is undefined', () => {
  assert.equal(mediaTypeParameter('multipart/related; Boundary="a\\"b"', 'boundary'), 'a"b');
  assert.equal(mediaTypeParameter('application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1', 'transfer-syntax'), '1.2.840.10008.1.2.1');
  assert.equal(mediaTypeParameter('image/jls', 'transfer-syntax'), undefined);
  assert.equal(mediaTypeParameter('multipart/related; xboundary=no', 'boundary'), undefined);
});
