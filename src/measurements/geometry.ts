// Lengths, angles and areas of measurement shapes in image coordinates ([x, y] in pixels, the top-left corner of the
// top-left pixel at [0, 0], as DICOM SR's SCOORD), scaled by a calibration's row and column spacing. Pure.
import type { Calibration } from './calibration.js';

export type ImagePoint = readonly [x: number, y: number];
type Spacing = Pick<Calibration, 'rowSpacing' | 'columnSpacing'>;

/** The physical vector from a to b: columns scale by the column spacing, rows by the row spacing. */
function scaled(a: ImagePoint, b: ImagePoint, { rowSpacing, columnSpacing }: Spacing): [number, number] {
  return [(b[0] - a[0]) * columnSpacing, (b[1] - a[1]) * rowSpacing];
}

export function lengthOf(a: ImagePoint, b: ImagePoint, spacing: Spacing): number {
  return Math.hypot(...scaled(a, b, spacing));
}

/** The angle between two physical vectors in degrees, 0…180. */
function angleBetween(u: [number, number], v: [number, number]): number {
  const norm = Math.hypot(...u) * Math.hypot(...v);
  if (norm === 0) return 0;
  const cosine = Math.min(1, Math.max(-1, (u[0] * v[0] + u[1] * v[1]) / norm));
  return (Math.acos(cosine) * 180) / Math.PI;
}

/** The angle at `vertex` between the arms to `a` and `b`, in degrees (0…180), in physical space. */
export function angleAt(a: ImagePoint, vertex: ImagePoint, b: ImagePoint, spacing: Spacing): number {
  return angleBetween(scaled(vertex, a, spacing), scaled(vertex, b, spacing));
}

/** The Cobb angle between line a1–a2 and line b1–b2: the acute or right angle between the lines, in degrees. */
export function cobbAngleOf(a1: ImagePoint, a2: ImagePoint, b1: ImagePoint, b2: ImagePoint, spacing: Spacing): number {
  const angle = angleBetween(scaled(a1, a2, spacing), scaled(b1, b2, spacing));
  return angle > 90 ? 180 - angle : angle;
}

/** An axis-aligned ellipse (in image coordinates) given by four points on it, as Cornerstone's ellipse keeps them. */
export interface ImageEllipse {
  centre: ImagePoint;
  radii: readonly [rx: number, ry: number];
}

/** The ellipse through its axis ends (any order): centre the mean, radii half the spread of x and of y. */
export function ellipseOf(points: readonly ImagePoint[]): ImageEllipse {
  const xs = points.map(([x]) => x);
  const ys = points.map(([, y]) => y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  return { centre: [(minX + maxX) / 2, (minY + maxY) / 2], radii: [(maxX - minX) / 2, (maxY - minY) / 2] };
}

export function ellipseArea({ radii: [rx, ry] }: ImageEllipse, { rowSpacing, columnSpacing }: Spacing): number {
  return Math.PI * rx * columnSpacing * ry * rowSpacing;
}

/** The axis-aligned box around points. */
export function boxOf(points: readonly ImagePoint[]): { minX: number; minY: number; maxX: number; maxY: number } {
  const xs = points.map(([x]) => x);
  const ys = points.map(([, y]) => y);
  return { minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys) };
}

export function boxArea(points: readonly ImagePoint[], { rowSpacing, columnSpacing }: Spacing): number {
  const { minX, minY, maxX, maxY } = boxOf(points);
  return (maxX - minX) * columnSpacing * (maxY - minY) * rowSpacing;
}

/** A closed polygon's area (shoelace), in physical units. */
export function polygonArea(points: readonly ImagePoint[], { rowSpacing, columnSpacing }: Spacing): number {
  let twice = 0;
  for (let i = 0; i < points.length; i++) {
    const [x1, y1] = points[i]!;
    const [x2, y2] = points[(i + 1) % points.length]!;
    twice += x1 * y2 - x2 * y1;
  }
  return (Math.abs(twice) / 2) * columnSpacing * rowSpacing;
}

/** Whether a point lies inside a closed polygon (even-odd rule). */
export function polygonContains(points: readonly ImagePoint[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i]!;
    const [xj, yj] = points[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
