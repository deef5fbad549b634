import assert from 'node:assert/strict';
import { test } from 'node:test';
import { directionLetters, orientationMarkersOf } from '../../src/imaging/orientation-markers.js';

type Vector = [number, number, number];
const cross = (a: Vector, b: Vector): Vector => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const negate = (v: Vector): Vector => [-v[0], -v[1], -v[2]];

/** The camera Cornerstone's stack viewport sets for an image: viewUp is minus the column direction, the normal minus row × column. */
function cameraOf(row: Vector, column: Vector) {
  return { viewUp: negate(column), viewPlaneNormal: negate(cross(row, column)) };
}

const degrees = (angle: number) => (angle * Math.PI) / 180;

test('letters of the main patient directions', () => {
  assert.equal(directionLetters([1, 0, 0]), 'L');
  assert.equal(directionLetters([-1, 0, 0]), 'R');
  assert.equal(directionLetters([0, 1, 0]), 'P');
  assert.equal(directionLetters([0, -1, 0]), 'A');
  assert.equal(directionLetters([0, 0, 1]), 'H');
  assert.equal(directionLetters([0, 0, -1]), 'F');
});

test('an oblique names its main axis first, and drops components too small to matter', () => {
  assert.equal(directionLetters([Math.cos(degrees(30)), Math.sin(degrees(30)), 0]), 'LP');
  assert.equal(directionLetters([Math.sin(degrees(30)), -Math.cos(degrees(30)), 0]), 'AL');
  assert.equal(directionLetters([0.6, -0.64, 0.48]), 'ALH');
  assert.equal(directionLetters([Math.cos(degrees(10)), 0, Math.sin(degrees(10))]), 'L', 'a 10° tilt is still L');
});

test('the standard planes as radiologists read them', () => {
  assert.deepEqual(orientationMarkersOf(cameraOf([1, 0, 0], [0, 1, 0])), { top: 'A', bottom: 'P', right: 'L', left: 'R' }, 'axial');
  assert.deepEqual(orientationMarkersOf(cameraOf([0, 1, 0], [0, 0, -1])), { top: 'H', bottom: 'F', right: 'P', left: 'A' }, 'sagittal');
  assert.deepEqual(orientationMarkersOf(cameraOf([1, 0, 0], [0, 0, -1])), { top: 'H', bottom: 'F', right: 'L', left: 'R' }, 'coronal');
});

test('an axial oblique rotated 30° about the feet-head axis', () => {
  const row: Vector = [Math.cos(degrees(30)), Math.sin(degrees(30)), 0];
  const column: Vector = [-Math.sin(degrees(30)), Math.cos(degrees(30)), 0];
  assert.deepEqual(orientationMarkersOf(cameraOf(row, column)), { top: 'AL', bottom: 'PR', right: 'LP', left: 'RA' });
});

test('a double oblique gives three letters where three components matter', () => {
  const row: Vector = [0.8, 0.36, 0.48];
  const column: Vector = [-0.6, 0.48, 0.64];
  const markers = orientationMarkersOf(cameraOf(row, column))!;
  assert.equal(markers.right, 'LHP');
  assert.equal(markers.left, 'RFA');
  assert.equal(markers.bottom, 'HRP');
  assert.equal(markers.top, 'FLA');
});

test('a camera turned by the user (rotation, flip) moves the markers with it', () => {
  const flipped = { viewUp: [0, -1, 0] as Vector, viewPlaneNormal: [0, 0, 1] as Vector };
  assert.deepEqual(orientationMarkersOf(flipped), { top: 'A', bottom: 'P', right: 'R', left: 'L' }, 'flipped horizontally');
  const rotated = { viewUp: [-1, 0, 0] as Vector, viewPlaneNormal: [0, 0, -1] as Vector };
  assert.deepEqual(orientationMarkersOf(rotated), { top: 'R', bottom: 'L', right: 'A', left: 'P' }, 'rotated 90°');
});

test('no camera vectors, no markers', () => {
  assert.equal(orientationMarkersOf({ viewUp: undefined as never, viewPlaneNormal: [0, 0, 1] }), undefined);
});
