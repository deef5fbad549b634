import assert from 'node:assert/strict';
import { test } from 'node:test';
import { imageToCanvasMatrix, worldOfImagePoint } from '../../src/imaging/image-to-canvas.js';

test('the image grid maps to the canvas as an affine matrix, pixel corners half a pixel from the voxel centres', () => {
  const geometry = { origin: [10, 20, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], spacing: [0.5, 2, 1] };
  assert.deepEqual(worldOfImagePoint(geometry, 0, 0), [9.75, 19, 0]);
  assert.deepEqual(worldOfImagePoint(geometry, 4, 2), [11.75, 23, 0]);
  // Flipped horizontally and scaled 2×, placed at (300, 10) on the canvas.
  assert.equal(imageToCanvasMatrix((x, y) => [300 - 2 * x, 10 + 2 * y], 100, 50), 'matrix(-2, 0, 0, 2, 300, 10)');
  // Rotated 90° clockwise: columns run down the canvas, rows to the left.
  assert.equal(imageToCanvasMatrix((x, y) => [200 - y, x], 100, 50), 'matrix(0, 1, -1, 0, 200, 0)');
});
