import assert from 'node:assert/strict';
import { test } from 'node:test';
import { storeFailureKindOf, storeInstancesResultOf, warningTexts } from '../../src/dicomweb/store-response.js';

test('failure reasons by code and by the ranges PS3.4 reserves', () => {
  assert.equal(storeFailureKindOf(0x0110), 'processing-failure');
  assert.equal(storeFailureKindOf(0x0111), 'duplicate');
  assert.equal(storeFailureKindOf(0x0122), 'sop-class-not-supported');
  assert.equal(storeFailureKindOf(0x0124), 'not-authorized');
  assert.equal(storeFailureKindOf(0xa700), 'out-of-resources');
  assert.equal(storeFailureKindOf(0xa7ff), 'out-of-resources');
  assert.equal(storeFailureKindOf(0xa900), 'does-not-match');
  assert.equal(storeFailureKindOf(0xc000), 'cannot-understand');
  assert.equal(storeFailureKindOf(0xc122), 'transfer-syntax-not-supported');
  assert.equal(storeFailureKindOf(0x1234), 'other');
  assert.equal(storeFailureKindOf(undefined), 'other');
});

test('a response dataset becomes stored and failed instances', () => {
  const dataset = {
    '00081190': { vr: 'UR', Value: ['http://x/studies/1.2'] },
    '00081199': {
      vr: 'SQ',
      Value: [
        {
          '00081150': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.2'] },
          '00081155': { vr: 'UI', Value: ['1.2.3'] },
          '00081190': { vr: 'UR', Value: ['http://x/studies/1.2/series/1.2.4/instances/1.2.3'] },
          '00081196': { vr: 'US', Value: [0xb000] },
        },
      ],
    },
    '00081198': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: ['1.2.5'] }, '00081197': { vr: 'US', Value: [0xa900] } }, {}] },
  };
  const result = storeInstancesResultOf(dataset, 202, ['part 2: no']);
  assert.equal(result.status, 202);
  assert.equal(result.retrieveUrl, 'http://x/studies/1.2');
  assert.deepEqual(result.stored, [
    { sopClassUid: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUid: '1.2.3', retrieveUrl: 'http://x/studies/1.2/series/1.2.4/instances/1.2.3', warningReason: 0xb000 },
  ]);
  assert.equal(result.failed.length, 2);
  assert.deepEqual(result.failed[0], {
    sopClassUid: undefined,
    sopInstanceUid: '1.2.5',
    failureReason: 0xa900,
    kind: 'does-not-match',
    message: 'the instance does not match its SOP class or the study it was sent to (0xA900)',
  });
  assert.deepEqual([result.failed[1]!.kind, result.failed[1]!.message], ['other', 'not stored'], 'an item without a reason still counts');
  assert.deepEqual(result.warnings, ['part 2: no']);
});

test('an empty dataset is no instances either way', () => {
  assert.deepEqual(storeInstancesResultOf({}, 200), { status: 200, retrieveUrl: undefined, stored: [], failed: [], warnings: [] });
});

test('Warning header texts, quoted or not, several joined by commas', () => {
  assert.deepEqual(warningTexts(null), []);
  assert.deepEqual(warningTexts('299 http://h/dicom-web: part 1: not DICOM, sadly'), ['part 1: not DICOM, sadly']);
  assert.deepEqual(warningTexts('299 orthanc "first", 299 http://h: second'), ['first', 'second']);
});
