// volumeGeometryOf: which stacks form a volume, and the reason a reader is given for those that do not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { minVolumeSlices, sliceGeometryOf, volumeGeometryOf, type SliceGeometry } from '../../src/imaging/volume-geometry.js';

const axial = [1, 0, 0, 0, 1, 0];

/** An axial slice of 64 × 48 pixels, 0.5 × 0.7 mm, at height z. */
function slice(z: number, changes: Partial<SliceGeometry> = {}): SliceGeometry {
  return { rows: 48, columns: 64, pixelSpacing: [0.7, 0.5], imageOrientationPatient: axial, imagePositionPatient: [-16, -17, z], ...changes };
}

const stackOf = (count: number, spacing = 2.5, start = 0) => Array.from({ length: count }, (_, i) => slice(start + i * spacing));

function refusal(slices: SliceGeometry[]) {
  const geometry = volumeGeometryOf(slices);
  assert.equal(geometry.ok, false, 'a volume was formed');
  return geometry as Extract<typeof geometry, { ok: false }>;
}

test('evenly spaced parallel slices of one size form a grid: x, y and slice spacing, and the normal', () => {
  const geometry = volumeGeometryOf(stackOf(10));
  assert.deepEqual(geometry, { ok: true, rows: 48, columns: 64, slices: 10, spacing: [0.5, 0.7, 2.5], normal: [0, 0, 1] });
});

test('slices running against the normal (head first) form one too, with a positive spacing', () => {
  const geometry = volumeGeometryOf(stackOf(5, -3, 100));
  assert.equal(geometry.ok, true);
  assert.equal(geometry.ok && geometry.spacing[2], 3);
});

test('an oblique stack forms a volume when its slices follow its own normal', () => {
  const c = Math.SQRT1_2;
  const orientation = [1, 0, 0, 0, c, -c];
  const normal = [0, c, c];
  const slices = Array.from({ length: 4 }, (_, i) => slice(0, { imageOrientationPatient: orientation, imagePositionPatient: normal.map((value) => value * i * 2) }));
  const geometry = volumeGeometryOf(slices);
  assert.equal(geometry.ok, true);
  assert.ok(geometry.ok && Math.abs(geometry.spacing[2] - 2) < 1e-9);
});

test('DS rounding (0.1 mm steps of 2.49 and 2.51) is no gap', () => {
  const slices = [0, 2.5, 4.9, 7.5, 10].map((z) => slice(z));
  assert.equal(volumeGeometryOf(slices).ok, true);
});

test('a missing slice is a gap, named by the images either side of it and the spacing', () => {
  const slices = [0, 2.5, 5, 10, 12.5, 15].map((z) => slice(z));
  const { reason, message } = refusal(slices);
  assert.equal(reason, 'gap');
  assert.match(message, /images 3 and 4 are 5 mm apart/);
});

test(`fewer than ${minVolumeSlices} slices are too few`, () => {
  const { reason, message } = refusal(stackOf(2));
  assert.equal(reason, 'too-few-slices');
  assert.match(message, /has 2 images, and a volume needs at least 3/);
  assert.equal(refusal([slice(0)]).message.includes('1 image,'), true);
});

test('slices of another size, pixel spacing or orientation are named', () => {
  const mixedSize = stackOf(4);
  mixedSize[2] = { ...mixedSize[2]!, rows: 64 };
  assert.equal(refusal(mixedSize).reason, 'mixed-size');
  assert.match(refusal(mixedSize).message, /image 3 is 64 × 64 pixels and image 1 64 × 48/);
  const mixedSpacing = stackOf(4);
  mixedSpacing[3] = { ...mixedSpacing[3]!, pixelSpacing: [0.8, 0.5] };
  assert.equal(refusal(mixedSpacing).reason, 'mixed-spacing');
  const mixedOrientation = stackOf(4);
  mixedOrientation[1] = { ...mixedOrientation[1]!, imageOrientationPatient: [0, 1, 0, 0, 0, -1] };
  assert.equal(refusal(mixedOrientation).reason, 'mixed-orientation');
});

test('a tilted gantry (each slice shifted along y) is refused as tilted', () => {
  const slices = Array.from({ length: 5 }, (_, i) => slice(0, { imagePositionPatient: [-16, -17 + i * 0.5, i * 2.5] }));
  const { reason, message } = refusal(slices);
  assert.equal(reason, 'tilted');
  assert.match(message, /image 2 is shifted 0.5 mm sideways/);
});

test('two slices at one position, and slices doubling back, are refused', () => {
  assert.equal(refusal([0, 2.5, 2.5, 5].map((z) => slice(z))).reason, 'duplicate-position');
  assert.equal(refusal([0, 2.5, 0.5, 5].map((z) => slice(z))).reason, 'gap');
});

test('colour, multi-frame and undescribed images are refused', () => {
  const colour = stackOf(3);
  colour[0] = { ...colour[0]!, samplesPerPixel: 3 };
  assert.equal(refusal(colour).reason, 'colour');
  assert.equal(refusal(stackOf(3).map((s) => ({ ...s, numberOfFrames: 3 }))).reason, 'multi-frame');
  const undescribed = stackOf(3);
  undescribed[1] = { ...undescribed[1]!, imagePositionPatient: undefined };
  assert.match(refusal(undescribed).message, /image 2 has no position/);
});

test('sliceGeometryOf reads the header\'s DICOM JSON', () => {
  const dataset = {
    '00280010': { vr: 'US', Value: [48] },
    '00280011': { vr: 'US', Value: [64] },
    '00280030': { vr: 'DS', Value: [0.7, 0.5] },
    '00200037': { vr: 'DS', Value: axial },
    '00200032': { vr: 'DS', Value: [-16, -17, 5] },
  };
  assert.deepEqual(sliceGeometryOf(dataset), {
    rows: 48, columns: 64, pixelSpacing: [0.7, 0.5], imageOrientationPatient: axial, imagePositionPatient: [-16, -17, 5], samplesPerPixel: undefined, frameNumber: 1, numberOfFrames: undefined,
  });
});

test('a volume\'s memory: 2 bytes a voxel for 16-bit data, 4 under a fractional rescale', async () => {
  const { bytesPerVoxelOf, volumeBytesOf } = await import('../../src/imaging/volume-geometry.js');
  const sixteen = { '00280100': { vr: 'US', Value: [16] }, '00281053': { vr: 'DS', Value: [1] }, '00281052': { vr: 'DS', Value: [-1024] } };
  assert.equal(bytesPerVoxelOf(sixteen), 2);
  assert.equal(bytesPerVoxelOf({ ...sixteen, '00281053': { vr: 'DS', Value: [0.5] } }), 4);
  assert.equal(bytesPerVoxelOf({ '00280100': { vr: 'US', Value: [8] } }), 1);
  const grid = volumeGeometryOf(stackOf(10));
  assert.ok(grid.ok);
  assert.equal(volumeBytesOf(grid, 2), 64 * 48 * 10 * 2);
});
