// The geometry of MPR crosshairs, pure: three planes (each a viewport's focal point and normal, in patient mm) that
// all pass through one centre; moving the centre moves each plane along its own normal only, and turning the
// crosshairs in one plane turns the others about that plane's normal through the centre.

export type Vector3 = [number, number, number];

/** A viewport's plane: where it looks (a point on the plane) and the direction it looks along. */
export interface ViewPlane {
  focalPoint: Vector3;
  viewPlaneNormal: Vector3;
  viewUp: Vector3;
}

export const add = (a: Vector3, b: Vector3): Vector3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
export const subtract = (a: Vector3, b: Vector3): Vector3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const scale = (a: Vector3, by: number): Vector3 => [a[0] * by, a[1] * by, a[2] * by];
export const dot = (a: Vector3, b: Vector3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const cross = (a: Vector3, b: Vector3): Vector3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

export function normalize(a: Vector3): Vector3 {
  const length = Math.hypot(...a);
  return length === 0 ? [0, 0, 0] : scale(a, 1 / length);
}

/** Signed distance of `point` from the plane, along its normal. */
export function distanceFromPlane(plane: Pick<ViewPlane, 'focalPoint' | 'viewPlaneNormal'>, point: Vector3): number {
  return dot(subtract(point, plane.focalPoint), normalize(plane.viewPlaneNormal));
}

/**
 * The focal point that puts `plane` through `point`, moved along the plane's normal only (what the reader sees in
 * that plane stays where it was on screen; only the slice changes).
 */
export function focalPointThrough(plane: Pick<ViewPlane, 'focalPoint' | 'viewPlaneNormal'>, point: Vector3): Vector3 {
  return add(plane.focalPoint, scale(normalize(plane.viewPlaneNormal), distanceFromPlane(plane, point)));
}

/** Where two planes cross, as a direction (unit); undefined when they are parallel. */
export function intersectionDirection(a: Vector3, b: Vector3): Vector3 | undefined {
  const direction = cross(a, b);
  return Math.hypot(...direction) < 1e-6 ? undefined : normalize(direction);
}

/** `vector` turned by `radians` about the unit `axis` (right-handed; Rodrigues' formula). */
export function rotateAbout(vector: Vector3, axis: Vector3, radians: number): Vector3 {
  const k = normalize(axis);
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  return add(add(scale(vector, cos), scale(cross(k, vector), sin)), scale(k, dot(k, vector) * (1 - cos)));
}

/** The angle (radians, right-handed about `axis`) that turns direction `from` to direction `to`, both across `axis`. */
export function signedAngle(from: Vector3, to: Vector3, axis: Vector3): number {
  return Math.atan2(dot(normalize(axis), cross(from, to)), dot(from, to));
}

/** A plane turned by `radians` about `axis` through `centre`: its normal, its up and its focal point turn together. */
export function rotatePlane(plane: ViewPlane, centre: Vector3, axis: Vector3, radians: number): ViewPlane {
  return {
    focalPoint: add(centre, rotateAbout(subtract(plane.focalPoint, centre), axis, radians)),
    viewPlaneNormal: normalize(rotateAbout(plane.viewPlaneNormal, axis, radians)),
    viewUp: normalize(rotateAbout(plane.viewUp, axis, radians)),
  };
}

/**
 * The crosshairs' centre after a plane moved along its normal (the reader scrolled it): the old centre carried along
 * the normal onto the plane's new position.
 */
export function centreAfterScroll(centre: Vector3, plane: Pick<ViewPlane, 'focalPoint' | 'viewPlaneNormal'>): Vector3 {
  return subtract(centre, scale(normalize(plane.viewPlaneNormal), distanceFromPlane(plane, centre)));
}
