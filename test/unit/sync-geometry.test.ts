// Synchronization's geometry: image planes from headers, the nearest slice along the normal, reference lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imagePlaneOf, type ImagePlane } from '../../src/sync/image-plane.js';
import { nearestSliceIndex } from '../../src/sync/nearest-slice.js';
import { referenceLineOf } from '../../src/sync/reference-line.js';
import { parseSync } from '../../src/sync/sync-kinds.js';
import { setValues, type DicomJsonDataset } from '../../src/dicomweb/dicom-json.js';

function header(position: number[], orientation: number[], frameOfReferenceUid = 'for', rows = 100, columns = 100, spacing = [1, 1]): DicomJsonDataset {
  const dataset: DicomJsonDataset = {};
  setValues(dataset, 'FrameOfReferenceUID', [frameOfReferenceUid]);
  setValues(dataset, 'ImagePositionPatient', position);
  setValues(dataset, 'ImageOrientationPatient', orientation);
  setValues(dataset, 'PixelSpacing', spacing);
  setValues(dataset, 'Rows', [rows]);
  setValues(dataset, 'Columns', [columns]);
  return dataset;
}

const axial = [1, 0, 0, 0, 1, 0];
const sagittal = [0, 1, 0, 0, 0, -1];
const axialAt = (z: number, frameOfReferenceUid = 'for') => imagePlaneOf(header([0, 0, z], axial, frameOfReferenceUid));

test('an image plane comes from its header, or none without geometry', () => {
  const plane = imagePlaneOf(header([1, 2, 3], axial))!;
  assert.deepEqual(plane.normal, [0, 0, 1]);
  assert.deepEqual(plane.position, [1, 2, 3]);
  assert.equal(imagePlaneOf({}), undefined);
  assert.equal(imagePlaneOf(header([0, 0, 0], [1, 0, 0, 1, 0, 0])), undefined); // degenerate orientation
});

test('the nearest slice is found by position along the normal, not by index', () => {
  // A 5 mm series from z = 0 and a 2 mm series from z = -10 in one frame of reference.
  const thick = Array.from({ length: 20 }, (_, i) => axialAt(i * 5));
  const thin = Array.from({ length: 60 }, (_, i) => axialAt(-10 + i * 2));
  // Thin slice 30 lies at z = 50: thick slice 10 (z = 50).
  assert.equal(nearestSliceIndex(thin[30], thick), 10);
  // Thin slice 31 at z = 52: thick slice 10 (50) is nearer than 11 (55).
  assert.equal(nearestSliceIndex(thin[31], thick), 10);
  // Thin slice 32 at z = 54: thick slice 11 (55).
  assert.equal(nearestSliceIndex(thin[32], thick), 11);
  // Thick slice 3 (z = 15) onto thin: z = 14 (index 12) and 16 (index 13) tie; the lower index wins.
  assert.equal(nearestSliceIndex(thick[3], thin), 12);
});

test('no slice follows across frames of reference or across orientations', () => {
  const planes = [axialAt(0), axialAt(5)];
  assert.equal(nearestSliceIndex(axialAt(5, 'other'), planes), undefined);
  assert.equal(nearestSliceIndex(imagePlaneOf(header([0, 0, 0], sagittal)), planes), undefined);
  assert.equal(nearestSliceIndex(undefined, planes), undefined);
});

test('a reference line is where the source plane cuts the target image, clipped to both', () => {
  // Axial at z = 30 (x, y in [-0.5, 99.5]) cutting a sagittal image at x = 50: rows along +y, columns along -z,
  // from (50, 0, 80) — its area spans y in [-0.5, 99.5] and z in [80.5, -19.5].
  const axialPlane = axialAt(30)!;
  const sagittalPlane = imagePlaneOf(header([50, 0, 80], sagittal))!;
  const line = referenceLineOf(axialPlane, sagittalPlane)!;
  const sorted = [...line].sort((a, b) => a[1] - b[1]);
  assertClose(sorted[0]!, [50, -0.5, 30]);
  assertClose(sorted[1]!, [50, 99.5, 30]);
  // Clipped by the source too: an axial image only 20 pixels tall (y in [-0.5, 19.5]).
  const short = imagePlaneOf(header([0, 0, 30], axial, 'for', 20, 100))!;
  const clipped = [...referenceLineOf(short, sagittalPlane)!].sort((a, b) => a[1] - b[1]);
  assertClose(clipped[0]!, [50, -0.5, 30]);
  assertClose(clipped[1]!, [50, 19.5, 30]);
  // Outside the target: an axial plane at z = 200 misses the sagittal image.
  assert.equal(referenceLineOf(axialAt(200)!, sagittalPlane), undefined);
  // Parallel planes and other frames of reference have none.
  assert.equal(referenceLineOf(axialAt(0), axialAt(10)), undefined);
  assert.equal(referenceLineOf(axialAt(30, 'other'), sagittalPlane), undefined);
});

test('sync names position, voi and camera; other words are reported', () => {
  const { kinds, unknown } = parseSync(' position  camera zoom ');
  assert.deepEqual([...kinds], ['position', 'camera']);
  assert.deepEqual(unknown, ['zoom']);
  assert.equal(parseSync('').kinds.size, 0);
});

function assertClose(actual: readonly number[], expected: readonly number[]): void {
  for (const [i, value] of expected.entries()) assert.ok(Math.abs(actual[i]! - value) < 1e-6, `${JSON.stringify(actual)} ≈ ${JSON.stringify(expected)}`);
}

export type { ImagePlane };
