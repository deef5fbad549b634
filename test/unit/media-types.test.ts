import assert from 'node:assert/strict';
import { test } from 'node:test';
import { acceptsDicomJson, parseAccept } from '../../src/server/media-types.js';

test('media ranges with parameters, names lower-cased and values unquoted', () => {
  assert.deepEqual(parseAccept('multipart/related; type="application/octet-stream"; transfer-syntax=*'), [
    { mediaType: 'multipart/related', parameters: { type: 'application/octet-stream', 'transfer-syntax': '*' }, quality: 1 },
  ]);
  assert.deepEqual(parseAccept('Image/JPEG;Q=0.5')[0], { mediaType: 'image/jpeg', parameters: {}, quality: 0.5 });
});

test('commas and semicolons inside quotes belong to the value', () => {
  const [range] = parseAccept('multipart/related; type="application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1, x"');
  assert.equal(range!.parameters.type, 'application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1, x');
  assert.equal(parseAccept('a/b; p="x\\"y", c/d').length, 2, 'an escaped quote does not end the quoted string');
  assert.equal(parseAccept('a/b; p="x\\"y"')[0]!.parameters.p, 'x"y');
});

test('highest quality first, header order kept among equals; q=0 ranges and non-ranges dropped', () => {
  const ranges = parseAccept('image/png;q=0.5, image/jpeg, image/gif;q=0, image/webp, nonsense, */*;q=0.1');
  assert.deepEqual(ranges.map((range) => range.mediaType), ['image/jpeg', 'image/webp', 'image/png', '*/*']);
  assert.equal(parseAccept('a/b;q=2')[0]!.quality, 1, 'q is clamped to 1');
  assert.equal(parseAccept('a/b;q=x')[0]!.quality, 1, 'an unreadable q counts as 1');
});

test('an empty or missing header is no ranges', () => {
  assert.deepEqual(parseAccept(undefined), []);
  assert.deepEqual(parseAccept('  '), []);
});

test('DICOM JSON is acceptable when the header admits it, or says nothing', () => {
  for (const header of [undefined, '', '*/*', 'application/*', 'application/dicom+json', 'application/json', 'text/html, application/dicom+json;q=0.5']) {
    assert.equal(acceptsDicomJson(header), true, String(header));
  }
  for (const header of ['application/dicom+xml', 'image/jpeg', 'application/dicom+json;q=0', 'multipart/related; type="application/dicom"']) {
    assert.equal(acceptsDicomJson(header), false, header);
  }
});

test('a refusal of DICOM JSON is not overridden by a broader range (RFC 9110 §12.5.1)', () => {
  assert.equal(acceptsDicomJson('application/dicom+json;q=0, */*'), false);
  assert.equal(acceptsDicomJson('application/dicom+json;q=0, application/*'), false);
  assert.equal(acceptsDicomJson('application/*;q=0, application/dicom+json'), true, 'the specific range wins either way');
  assert.equal(acceptsDicomJson('*/*;q=0, application/json'), true, 'application/json by name still admits it');
});
