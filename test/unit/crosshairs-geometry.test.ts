// MPR crosshairs' geometry: planes moved along their normals through a centre, turned about another plane's normal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  centreAfterScroll,
  distanceFromPlane,
  dot,
  focalPointThrough,
  intersectionDirection,
  rotateAbout,
  rotatePlane,
  signedAngle,
  type Vector3,
  type ViewPlane,
} from '../../src/tools/crosshairs-geometry.js';

const close = (actual: readonly number[], expected: readonly number[], message?: string) =>
  assert.ok(actual.every((value, index) => Math.abs(value - expected[index]!) < 1e-9), `${message ?? ''} ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`);

const sagittal: ViewPlane = { focalPoint: [10, 20, 30], viewPlaneNormal: [1, 0, 0], viewUp: [0, 0, 1] };

test('a plane is put through a point by moving along its own normal only', () => {
  const moved = focalPointThrough(sagittal, [-5, 99, -7]);
  close(moved, [-5, 20, 30]);
  assert.equal(distanceFromPlane({ ...sagittal, focalPoint: moved }, [-5, 99, -7]), 0);
  // A normal given unnormalized moves the same way.
  close(focalPointThrough({ ...sagittal, viewPlaneNormal: [-3, 0, 0] }, [-5, 99, -7]), [-5, 20, 30]);
});

test('two planes cross along the cross product of their normals; parallel planes do not', () => {
  close(intersectionDirection([0, 0, 1], [1, 0, 0])!, [0, 1, 0]);
  assert.equal(intersectionDirection([0, 0, 1], [0, 0, -2]), undefined);
});

test('rotation is right-handed about the axis, and the signed angle undoes it', () => {
  close(rotateAbout([1, 0, 0], [0, 0, 1], Math.PI / 2), [0, 1, 0]);
  close(rotateAbout([1, 0, 0], [0, 0, 2], Math.PI), [-1, 0, 0]);
  const angle = 0.7;
  const turned = rotateAbout([1, 0, 0], [0, 0, 1], angle);
  assert.ok(Math.abs(signedAngle([1, 0, 0], turned, [0, 0, 1]) - angle) < 1e-12);
  assert.ok(Math.abs(signedAngle(turned, [1, 0, 0], [0, 0, 1]) + angle) < 1e-12);
});

test('a plane turned about another normal through the centre still passes through the centre, normal and up stay square', () => {
  const centre: Vector3 = [10, 5, 30];
  const turned = rotatePlane(sagittal, centre, [0, 0, 1], Math.PI / 6);
  assert.ok(Math.abs(distanceFromPlane(turned, centre)) < 1e-9, 'through the centre');
  close(turned.viewPlaneNormal, [Math.cos(Math.PI / 6), Math.sin(Math.PI / 6), 0]);
  assert.ok(Math.abs(dot(turned.viewPlaneNormal, turned.viewUp)) < 1e-12);
  close(turned.viewUp, [0, 0, 1], 'up along the axis stays');
});

test('a scrolled plane carries the centre along its normal onto it', () => {
  const centre: Vector3 = [10, 5, 30];
  const scrolled: ViewPlane = { ...sagittal, focalPoint: [22.5, 20, 30] };
  close(centreAfterScroll(centre, scrolled), [22.5, 5, 30]);
});
