// Orientation markers from Patient Orientation (CR, DX, MG without Image Orientation), under rotation and flips.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { orientationMarkersOf, patientOrientationMarkersOf } from '../../src/imaging/orientation-markers.js';

type Vector = [number, number, number];

/**
 * Cornerstone's camera for an image on its default plane (rows along +x, columns along +y), looking along +z with
 * the image's first row at the top, after turning the view `rotation` degrees clockwise and then flipping it.
 */
function cameraOf(rotation: number, flipHorizontal = false, flipVertical = false): { viewUp: Vector; viewPlaneNormal: Vector } {
  // Unrotated: up the screen is −y (towards the first row), right is +x, viewPlaneNormal −z.
  let up: Vector = [0, -1, 0];
  let right: Vector = [1, 0, 0];
  for (let turn = 0; turn < ((rotation / 90) % 4 + 4) % 4; turn += 1) {
    // The picture turns clockwise: what was at the left comes up.
    [up, right] = [right.map((v) => -v) as Vector, up];
  }
  if (flipHorizontal) right = right.map((v) => -v) as Vector;
  if (flipVertical) up = up.map((v) => -v) as Vector;
  // viewPlaneNormal such that right = up × viewPlaneNormal.
  const viewPlaneNormal: Vector = [
    right[1] * up[2] - right[2] * up[1],
    right[2] * up[0] - right[0] * up[2],
    right[0] * up[1] - right[1] * up[0],
  ];
  return { viewUp: up, viewPlaneNormal };
}

test('the camera model matches the axial markers the IOP path gives', () => {
  // An axial image on the default plane: rows to the left (L), columns to posterior (P).
  assert.deepEqual(orientationMarkersOf(cameraOf(0)), { top: 'A', bottom: 'P', left: 'R', right: 'L' });
});

test('a PA chest (rows to the patient\'s left, columns to the feet): L on the right, F at the bottom', () => {
  assert.deepEqual(patientOrientationMarkersOf(cameraOf(0), ['L', 'F']), { top: 'H', bottom: 'F', left: 'R', right: 'L' });
});

test('rotated 90° clockwise: the head is on the right', () => {
  assert.deepEqual(patientOrientationMarkersOf(cameraOf(90), ['L', 'F']), { top: 'R', bottom: 'L', left: 'F', right: 'H' });
  assert.deepEqual(patientOrientationMarkersOf(cameraOf(270), ['L', 'F']), { top: 'L', bottom: 'R', left: 'H', right: 'F' });
});

test('flipped horizontally or vertically: the flipped edges swap', () => {
  assert.deepEqual(patientOrientationMarkersOf(cameraOf(0, true), ['L', 'F']), { top: 'H', bottom: 'F', left: 'L', right: 'R' });
  assert.deepEqual(patientOrientationMarkersOf(cameraOf(0, false, true), ['L', 'F']), { top: 'F', bottom: 'H', left: 'R', right: 'L' });
});

test('two-letter directions (a mammogram\'s A\\FR) and lower case', () => {
  assert.deepEqual(patientOrientationMarkersOf(cameraOf(0), ['a', 'FR']), { top: 'HL', bottom: 'FR', left: 'P', right: 'A' });
});

test('nothing without two valid values', () => {
  assert.equal(patientOrientationMarkersOf(cameraOf(0), []), undefined);
  assert.equal(patientOrientationMarkersOf(cameraOf(0), ['L']), undefined);
  assert.equal(patientOrientationMarkersOf(cameraOf(0), ['L', 'X']), undefined);
});
