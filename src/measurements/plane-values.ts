// The values of a measurement drawn on a plane of a volume (MPR: axial, sagittal, coronal or oblique), from its points
// in patient coordinates (mm): lengths in mm, an ROI's area in mm² and the statistics of the volume's voxels inside it
// in modality values. A voxel counts when its centre lies in the ROI's shape seen along the plane's normal and within
// half a voxel of the plane (half open, so a plane between two slices takes one of them). Pure.
import type { RegionStatistics } from './statistics.js';

export type Vector3 = readonly [number, number, number];

/** A volume's voxels and where they lie in the patient (Cornerstone's image volume gives each of these). */
export interface VoxelGrid {
  /** Voxels along i (columns), j (rows) and k (slices). */
  dimensions: readonly [number, number, number];
  /** The patient position of voxel (0, 0, 0)'s centre. */
  origin: Vector3;
  /** mm between voxel centres along i, j, k. */
  spacing: Vector3;
  /** The unit directions of i, j and k in the patient, nine numbers. */
  direction: readonly number[];
  /** The modality value of voxel (i, j, k). */
  valueAt(i: number, j: number, k: number): number;
}

const subtract = (a: Vector3, b: Vector3): [number, number, number] => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: Vector3, b: Vector3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vector3, b: Vector3): [number, number, number] => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const norm = (a: Vector3) => Math.hypot(a[0], a[1], a[2]);

function unit(a: Vector3): [number, number, number] {
  const length = norm(a);
  if (length === 0) throw new RangeError('a zero vector has no direction');
  return [a[0] / length, a[1] / length, a[2] / length];
}

export function patientLength(a: Vector3, b: Vector3): number {
  return norm(subtract(b, a));
}

/**
 * An ellipse's or a rectangle's shape on its plane, as Cornerstone's tools keep their four points: an ellipse its
 * axes' ends (the first two one axis, the last two the other), a rectangle its corners (the first, then its
 * neighbours along each edge, then the opposite). Centre, the two in-plane directions, and the half-size along each.
 */
export interface PlaneShape {
  kind: 'ellipse' | 'rectangle';
  centre: Vector3;
  axes: readonly [Vector3, Vector3];
  halfSizes: readonly [number, number];
  normal: Vector3;
}

export function planeShapeOf(kind: 'ellipse' | 'rectangle', points: readonly Vector3[], normal: Vector3): PlaneShape {
  if (points.length !== 4) throw new RangeError(`an ${kind} on a plane has 4 points, not ${points.length}`);
  const n = unit(normal);
  const centre = [0, 1, 2].map((axis) => points.reduce((sum, point) => sum + point[axis]!, 0) / 4) as unknown as Vector3;
  const [p0, p1] = points as [Vector3, Vector3];
  const first = subtract(p1, p0);
  // Within the plane: the normal's share of an edge is float noise of the points' projection.
  const inPlane = subtract(first, n.map((value) => value * dot(first, n)) as unknown as Vector3);
  const u = unit(inPlane);
  const v = cross(n, u);
  const along = (axis: Vector3) => points.map((point) => dot(subtract(point, centre), axis));
  const spread = (values: number[]) => (Math.max(...values) - Math.min(...values)) / 2;
  return { kind, centre, axes: [u, v], halfSizes: [spread(along(u)), spread(along(v))], normal: n };
}

export function planeShapeArea({ kind, halfSizes: [a, b] }: PlaneShape): number {
  return kind === 'ellipse' ? Math.PI * a * b : 4 * a * b;
}

function contains({ kind, centre, axes: [u, v], halfSizes: [a, b] }: PlaneShape, point: Vector3): boolean {
  const offset = subtract(point, centre);
  const x = dot(offset, u);
  const y = dot(offset, v);
  if (kind === 'rectangle') return Math.abs(x) <= a && Math.abs(y) <= b;
  return a > 0 && b > 0 && (x / a) ** 2 + (y / b) ** 2 <= 1;
}

/** The statistics of the grid's voxels in the shape (see the file's head); undefined when no voxel is in it. */
export function planeRegionStatistics(grid: VoxelGrid, shape: PlaneShape): RegionStatistics | undefined {
  const { dimensions, origin, spacing, direction } = grid;
  const axes = [0, 1, 2].map((axis) => direction.slice(axis * 3, axis * 3 + 3) as unknown as Vector3);
  // Half a voxel along the normal: the voxel's extent seen along it.
  const half = 0.5 * axes.reduce((sum, axis, index) => sum + Math.abs(dot(axis, shape.normal)) * spacing[index]!, 0);
  const [u, v] = shape.axes;
  const [a, b] = shape.halfSizes;
  // The box of voxel indices that can hold the shape: its corners a half voxel either side of the plane.
  const corners: Vector3[] = [];
  for (const su of [-a, a]) for (const sv of [-b, b]) for (const sn of [-half, half]) {
    corners.push([0, 1, 2].map((axis) => shape.centre[axis]! + su * u[axis]! + sv * v[axis]! + sn * shape.normal[axis]!) as unknown as Vector3);
  }
  const low: number[] = [];
  const high: number[] = [];
  for (let axis = 0; axis < 3; axis++) {
    const indices = corners.map((corner) => dot(subtract(corner, origin), axes[axis]!) / spacing[axis]!);
    low.push(Math.max(0, Math.floor(Math.min(...indices))));
    high.push(Math.min(dimensions[axis]! - 1, Math.ceil(Math.max(...indices))));
  }
  const values: number[] = [];
  for (let k = low[2]!; k <= high[2]!; k++) {
    for (let j = low[1]!; j <= high[1]!; j++) {
      for (let i = low[0]!; i <= high[0]!; i++) {
        const centre = [0, 1, 2].map((axis) => origin[axis]! + i * spacing[0] * axes[0]![axis]! + j * spacing[1] * axes[1]![axis]! + k * spacing[2] * axes[2]![axis]!) as unknown as Vector3;
        const distance = dot(subtract(centre, shape.centre), shape.normal);
        if (distance < -half || distance >= half) continue;
        if (contains(shape, centre)) values.push(grid.valueAt(i, j, k));
      }
    }
  }
  if (values.length === 0) return undefined;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    sum += value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const mean = sum / values.length;
  let squares = 0;
  for (const value of values) squares += (value - mean) ** 2;
  return { mean, standardDeviation: Math.sqrt(squares / values.length), min, max, pixelCount: values.length };
}
