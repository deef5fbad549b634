// stackImagesOf and the metadata it hands Cornerstone's loader.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DicomJsonDataset } from '../../src/dicomweb/dicom-json.js';
import { DicomwebSource } from '../../src/dicomweb/source.js';
import { completedForLoader, stackImagesOf } from '../../src/imaging/stack-frames.js';

function instance(sop: string, number: number, extra: DicomJsonDataset = {}): DicomJsonDataset {
  return {
    '00080018': { vr: 'UI', Value: [sop] },
    '00200013': { vr: 'IS', Value: [number] },
    '00280010': { vr: 'US', Value: [4] },
    '00280011': { vr: 'US', Value: [4] },
    ...extra,
  };
}

test('an instance without Modality gets an empty one for the loader; one with Modality is handed on as it is', () => {
  const secondaryCapture = instance('1.1', 1);
  const completed = completedForLoader(secondaryCapture);
  assert.deepEqual(completed['00080060'], { vr: 'CS', Value: [''] });
  assert.equal(secondaryCapture['00080060'], undefined, 'the metadata read is left as it came');
  const ct = instance('1.2', 1, { '00080060': { vr: 'CS', Value: ['CT'] } });
  assert.equal(completedForLoader(ct), ct);
});

test('a stack in the scanner\'s order, a multi-frame instance in its frame order, images without pixels left out', () => {
  const source = new DicomwebSource('http://pacs.example/dicom-web');
  const stack = stackImagesOf(source, '1', '2', [
    instance('b', 2, { '00280008': { vr: 'IS', Value: [3] } }),
    instance('a', 1),
    { '00080018': { vr: 'UI', Value: ['sr'] }, '00200013': { vr: 'IS', Value: [0] } },
  ]);
  assert.deepEqual(
    stack.locations.map(({ sopInstanceUid, frameNumber }) => `${sopInstanceUid}/${frameNumber}`),
    ['a/1', 'b/1', 'b/2', 'b/3'],
  );
  assert.deepEqual(stack.frameNumbers, [1, 1, 2, 3]);
  assert.ok(stack.datasets.every((dataset) => dataset['00080060']?.Value?.[0] === ''));
});
