import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setValues, type DicomJsonDataset } from '../../src/dicomweb/dicom-json.js';
import { cineFpsOf, geometryKeyOf, imageNumberText, patientOrientationOf, pixelSpacingOf } from '../../src/components/viewport/overlays/header-values.js';

function header(values: Partial<Record<Parameters<typeof setValues>[1], unknown[]>>): DicomJsonDataset {
  const dataset: DicomJsonDataset = {};
  for (const [keyword, value] of Object.entries(values)) setValues(dataset, keyword as Parameters<typeof setValues>[1], value!);
  return dataset;
}

test('pixel spacing: PixelSpacing, else ImagerPixelSpacing squared, else none', () => {
  assert.deepEqual(pixelSpacingOf(header({ PixelSpacing: [0.5, 0.6] })), [0.5, 0.6]);
  assert.deepEqual(pixelSpacingOf(header({ PixelSpacing: [0, 0.6], ImagerPixelSpacing: [0.2, 0.2] })), [0.2, 0.2]);
  assert.equal(pixelSpacingOf(header({})), undefined);
  assert.equal(pixelSpacingOf(undefined), undefined);
});

test('cine speed: the fps asked for, else the recommended rate, else the cine rate, else from the frame time of a multi-frame image, else 10', () => {
  assert.equal(cineFpsOf(24, header({ RecommendedDisplayFrameRate: [30] })), 24);
  assert.equal(cineFpsOf(0, header({ RecommendedDisplayFrameRate: [30], CineRate: [15] })), 30);
  assert.equal(cineFpsOf(0, header({ CineRate: [15], FrameTime: [40], NumberOfFrames: [12] })), 15);
  assert.equal(cineFpsOf(0, header({ FrameTime: [40], NumberOfFrames: [12] })), 25);
  assert.equal(cineFpsOf(0, header({ FrameTime: [40] })), 10, 'a single frame has no frame time to play by');
  assert.equal(cineFpsOf(0, undefined), 10);
});

test('the image line: instance number of the stack size, and the frame of a multi-frame instance', () => {
  assert.equal(imageNumberText(header({ InstanceNumber: [7] }), 0, 40, 1), 'Im: 7 / 40');
  assert.equal(imageNumberText(header({}), 4, 40, 1), 'Im: 5 / 40', 'the stack position without a number');
  assert.equal(imageNumberText(header({ InstanceNumber: [1], NumberOfFrames: [12] }), 2, 12, 3), 'Im: 1 / 12 Fr: 3 / 12');
});

test('Patient Orientation counts only with both directions; the geometry key follows orientation and spacing', () => {
  const dx = header({});
  dx['00200020'] = { vr: 'CS', Value: ['L', 'F'] };
  assert.deepEqual(patientOrientationOf(dx), ['L', 'F']);
  assert.deepEqual(patientOrientationOf({ '00200020': { vr: 'CS', Value: ['L'] } }), []);
  const a = geometryKeyOf(header({ ImageOrientationPatient: [1, 0, 0, 0, 1, 0], PixelSpacing: [0.5, 0.5], InstanceNumber: [1] }));
  assert.equal(a, geometryKeyOf(header({ ImageOrientationPatient: [1, 0, 0, 0, 1, 0], PixelSpacing: [0.5, 0.5], InstanceNumber: [2] })));
  assert.notEqual(a, geometryKeyOf(header({ ImageOrientationPatient: [1, 0, 0, 0, 1, 0], PixelSpacing: [0.6, 0.6] })));
  assert.equal(geometryKeyOf(undefined), '');
});
