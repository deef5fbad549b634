// fitToTargetBuffer: a decoded slice in the volume's array type, size and buffer, as Cornerstone's volume asks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitToTargetBuffer } from '../../src/imaging/target-buffer.js';

test('no target type: the pixels as they are', () => {
  const pixels = new Uint8Array([1, 2, 3, 4]);
  assert.equal(fitToTargetBuffer(pixels, 2, 2, { min: 1, max: 4 }, undefined).pixelData, pixels);
  assert.equal(fitToTargetBuffer(pixels, 2, 2, { min: 1, max: 4 }, { rows: 2 }).pixelData, pixels);
});

test('a dark slice decoded into bytes goes into the volume\'s Uint16Array with its values', () => {
  const fitted = fitToTargetBuffer(new Uint8Array([0, 7, 100, 255]), 2, 2, { min: 0, max: 255 }, { type: 'Uint16Array', rows: 2, columns: 2 });
  assert.ok(fitted.pixelData instanceof Uint16Array);
  assert.deepEqual([...fitted.pixelData], [0, 7, 100, 255]);
});

test('fractional modality values stay fractional in a Float32Array volume', () => {
  const fitted = fitToTargetBuffer(new Float32Array([-0.25, 999.5]), 1, 2, { min: -0.25, max: 999.5 }, { type: 'Float32Array' });
  assert.deepEqual([...fitted.pixelData], [-0.25, 999.5]);
});

test('written into the volume\'s own buffer at the slice\'s byte offset', () => {
  const buffer = new ArrayBuffer(2 * 4 * 3);
  const fitted = fitToTargetBuffer(new Int16Array([-5, 6, -7, 8]), 2, 2, { min: -7, max: 8 }, { type: 'Int16Array', arrayBuffer: buffer, offset: 8, length: 4 });
  assert.equal(fitted.pixelData.buffer, buffer);
  assert.deepEqual([...new Int16Array(buffer)], [0, 0, 0, 0, -5, 6, -7, 8, 0, 0, 0, 0]);
});

test('a smaller target (a decimated volume) takes the first pixel of each block, where the decimated voxel lies', () => {
  // 4 × 4 with the value of each pixel its index; halved to 2 × 2.
  const pixels = Uint8Array.from({ length: 16 }, (_, i) => i);
  const fitted = fitToTargetBuffer(pixels, 4, 4, { min: 0, max: 15 }, { type: 'Uint8Array', rows: 2, columns: 2 });
  assert.deepEqual({ rows: fitted.rows, columns: fitted.columns }, { rows: 2, columns: 2 });
  assert.deepEqual([...fitted.pixelData], [0, 2, 8, 10]);
});

test('values the volume\'s type cannot hold, a length that disagrees and an unknown type are errors', () => {
  assert.throws(() => fitToTargetBuffer(new Int16Array([-1]), 1, 1, { min: -1, max: -1 }, { type: 'Uint16Array' }), /values -1…-1 do not fit the volume's Uint16Array/);
  assert.throws(() => fitToTargetBuffer(new Uint8Array(4), 2, 2, { min: 0, max: 0 }, { type: 'Uint8Array', length: 5 }), /holds 5 values/);
  assert.throws(() => fitToTargetBuffer(new Uint8Array(4), 2, 2, { min: 0, max: 0 }, { type: 'Float64Array' }), /Float64Array is not supported/);
});
