// Orientation markers (PS3.3 C.7.6.1.1.1 patient directions): which way each screen edge points in the patient.
import type { Types } from '@cornerstonejs/core';

export interface OrientationMarkers {
  top: string;
  bottom: string;
  left: string;
  right: string;
}

type Vector = readonly [number, number, number];

/** The letters of a direction in LPS patient coordinates, main axis first (e.g. `LP` for a 30° oblique). */
export function directionLetters(direction: Vector): string {
  const letters: Array<[number, string]> = [
    [direction[0], direction[0] > 0 ? 'L' : 'R'],
    [direction[1], direction[1] > 0 ? 'P' : 'A'],
    [direction[2], direction[2] > 0 ? 'H' : 'F'],
  ];
  return letters
    .filter(([component]) => Math.abs(component) > 0.25)
    .sort((a, b) => Math.abs(b[0]) - Math.abs(a[0]))
    .map(([, letter]) => letter)
    .join('');
}

const negate = (v: Vector): Vector => [-v[0], -v[1], -v[2]];
const cross = (a: Vector, b: Vector): Vector => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

/**
 * Markers from the camera (which already carries rotation and flips). Cornerstone's camera looks along
 * -viewPlaneNormal with viewUp up the screen, so screen-right is viewUp × viewPlaneNormal.
 */
export function orientationMarkersOf(camera: Pick<Types.ICamera, 'viewUp' | 'viewPlaneNormal'>): OrientationMarkers | undefined {
  const { viewUp, viewPlaneNormal } = camera;
  if (!viewUp || !viewPlaneNormal) return undefined;
  const up = viewUp as unknown as Vector;
  const right = cross(up, viewPlaneNormal as unknown as Vector);
  return { top: directionLetters(up), bottom: directionLetters(negate(up)), right: directionLetters(right), left: directionLetters(negate(right)) };
}
