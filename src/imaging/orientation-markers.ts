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

const oppositeLetter: Record<string, string> = { L: 'R', R: 'L', A: 'P', P: 'A', H: 'F', F: 'H' };

/** The opposite patient direction, letter by letter (`AF` → `PH`); undefined when a letter is not a direction. */
function oppositeOf(direction: string): string | undefined {
  const letters = [...direction].map((letter) => oppositeLetter[letter]);
  return letters.every(Boolean) ? letters.join('') : undefined;
}

/**
 * Markers from Patient Orientation (0020,0020; PS3.3 C.7.6.1.1.1) for images without Image Orientation (CR, DX,
 * MG…): its values name the directions of the rows (towards increasing column) and of the columns (towards
 * increasing row). Cornerstone gives such images the default plane, rows along +x and columns along +y of its
 * world, so the camera (rotation and flips included) says which image axis each screen edge shows.
 */
export function patientOrientationMarkersOf(
  camera: Pick<Types.ICamera, 'viewUp' | 'viewPlaneNormal'>,
  patientOrientation: readonly string[],
): OrientationMarkers | undefined {
  const [rowDirection, columnDirection] = patientOrientation.map((value) => value.trim().toUpperCase());
  const { viewUp, viewPlaneNormal } = camera;
  if (!rowDirection || !columnDirection || !viewUp || !viewPlaneNormal) return undefined;
  const rowOpposite = oppositeOf(rowDirection);
  const columnOpposite = oppositeOf(columnDirection);
  if (!rowOpposite || !columnOpposite) return undefined;
  const letters = (screen: Vector): string => {
    // The image axis the screen direction runs along (the views are rotated by multiples of 90°).
    if (Math.abs(screen[0]) >= Math.abs(screen[1])) return screen[0] > 0 ? rowDirection : rowOpposite;
    return screen[1] > 0 ? columnDirection : columnOpposite;
  };
  const up = viewUp as unknown as Vector;
  const right = cross(up, viewPlaneNormal as unknown as Vector);
  return { top: letters(up), bottom: letters(negate(up)), right: letters(right), left: letters(negate(right)) };
}
