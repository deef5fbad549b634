import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as shared from '../../src/dicom/tags.js';
import * as dataLayer from '../../src/dicomweb/tags.js';

test('the data layer and src/dicom offer one and the same table', () => {
  assert.equal(dataLayer.tags, shared.tags);
  assert.equal(dataLayer.tagOf, shared.tagOf);
});

test('keyword to tag and VR, and tag back to keyword in any case', () => {
  assert.equal(shared.tagOf('PatientName'), '00100010');
  assert.equal(shared.vrOf('PatientName'), 'PN');
  assert.equal(shared.keywordOf('0020000d'), 'StudyInstanceUID');
  assert.equal(shared.keywordOf('99990000'), undefined);
});

test('each tag appears once, as eight upper-case hex digits', () => {
  const all = Object.values(shared.tags).map(([tag]) => tag);
  assert.equal(new Set(all).size, all.length);
  for (const tag of all) assert.match(tag, /^[0-9A-F]{8}$/);
});
