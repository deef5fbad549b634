// A reference line: where one image's plane (the active viewport's slice) cuts another image's area, as the segment
// of the two planes' intersection line that lies within both images. Pure geometry in patient coordinates (mm).
import { add, cornersOf, cross, dot, parallel, subtract, type ImagePlane, type Vector3 } from './image-plane.js';

/** The part of the segment a→b on the non-negative side of the plane (normal n, offset d: n·x ≥ d), if any. */
function clipToHalfSpace(a: Vector3, b: Vector3, normal: Vector3, offset: number): [Vector3, Vector3] | undefined {
  const da = dot(normal, a) - offset;
  const db = dot(normal, b) - offset;
  if (da < 0 && db < 0) return undefined;
  if (da >= 0 && db >= 0) return [a, b];
  const t = da / (da - db);
  const cut = add(a, subtract(b, a), t);
  return da >= 0 ? [a, cut] : [cut, b];
}

/** The segment of `line` (a point and a direction) within the image area of `plane`, if it crosses it. */
function clipToImage(point: Vector3, direction: Vector3, plane: ImagePlane): [Vector3, Vector3] | undefined {
  const [topLeft, , bottomRight] = cornersOf(plane);
  // A segment long enough to span the image, centred on the line's point nearest the image's corner.
  const reach = (plane.columns * plane.columnSpacing + plane.rows * plane.rowSpacing) * 4 + Math.hypot(...subtract(point, topLeft));
  let segment: [Vector3, Vector3] | undefined = [add(point, direction, -reach), add(point, direction, reach)];
  const edges: Array<[Vector3, number]> = [
    [plane.rowDirection, dot(plane.rowDirection, topLeft)],
    [plane.columnDirection, dot(plane.columnDirection, topLeft)],
    [[-plane.rowDirection[0], -plane.rowDirection[1], -plane.rowDirection[2]], -dot(plane.rowDirection, bottomRight)],
    [[-plane.columnDirection[0], -plane.columnDirection[1], -plane.columnDirection[2]], -dot(plane.columnDirection, bottomRight)],
  ];
  for (const [normal, offset] of edges) {
    if (!segment) return undefined;
    segment = clipToHalfSpace(segment[0], segment[1], normal, offset);
  }
  return segment;
}

/**
 * Where the `source` image's plane cuts the `target` image, as a segment in patient coordinates within both images;
 * undefined when they are in different Frames of Reference, parallel, or do not meet within their areas.
 */
export function referenceLineOf(source: ImagePlane | undefined, target: ImagePlane | undefined): [Vector3, Vector3] | undefined {
  if (!source || !target || source.frameOfReferenceUid !== target.frameOfReferenceUid || parallel(source, target)) return undefined;
  const direction = cross(source.normal, target.normal);
  const length = Math.hypot(...direction);
  const unitDirection: Vector3 = [direction[0] / length, direction[1] / length, direction[2] / length];
  // A point on both planes: solve n1·x = d1, n2·x = d2 within the span of the normals.
  const d1 = dot(source.normal, source.position);
  const d2 = dot(target.normal, target.position);
  const n1n2 = dot(source.normal, target.normal);
  const determinant = 1 - n1n2 * n1n2;
  const c1 = (d1 - d2 * n1n2) / determinant;
  const c2 = (d2 - d1 * n1n2) / determinant;
  const point = add(add([0, 0, 0], source.normal, c1), target.normal, c2);
  const inTarget = clipToImage(point, unitDirection, target);
  if (!inTarget) return undefined;
  const inBoth = clipToImage(inTarget[0], subtract(inTarget[1], inTarget[0]), source);
  // clipToImage extends the segment; keep only the part also inside the target.
  if (!inBoth) return undefined;
  const along = (p: Vector3) => dot(subtract(p, inTarget[0]), unitDirection);
  const targetLength = along(inTarget[1]);
  const from = Math.max(0, Math.min(along(inBoth[0]), along(inBoth[1])));
  const to = Math.min(targetLength, Math.max(along(inBoth[0]), along(inBoth[1])));
  if (to - from < 1e-6) return undefined;
  return [add(inTarget[0], unitDirection, from), add(inTarget[0], unitDirection, to)];
}
