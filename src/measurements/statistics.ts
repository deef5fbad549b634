// Statistics of the pixels a region of interest covers, in modality values (the Modality LUT already applied by the
// caller: HU for CT). A pixel belongs to a region when its centre (x + 0.5, y + 0.5 in image coordinates) does. Pure.
import { boxOf, ellipseOf, polygonContains, type ImagePoint } from './geometry.js';

/** A grey image's modality values, row by row from the top-left pixel. */
export interface GreyImage {
  columns: number;
  rows: number;
  values: ArrayLike<number>;
}

export interface RegionStatistics {
  mean: number;
  standardDeviation: number;
  min: number;
  max: number;
  pixelCount: number;
}

/** The shapes a region can have: an axis-aligned ellipse or box through its points, or a closed polygon. */
export type RegionShape = 'ellipse' | 'rectangle' | 'polygon';

/** Whether a pixel centre lies in the region, and the box of pixels worth testing. */
function regionTest(shape: RegionShape, points: readonly ImagePoint[]): { contains(x: number, y: number): boolean; box: ReturnType<typeof boxOf> } {
  const box = boxOf(points);
  switch (shape) {
    case 'ellipse': {
      const { centre, radii } = ellipseOf(points);
      const [rx, ry] = radii;
      return {
        box,
        contains: (x, y) => rx > 0 && ry > 0 && ((x - centre[0]) / rx) ** 2 + ((y - centre[1]) / ry) ** 2 <= 1,
      };
    }
    case 'rectangle':
      return { box, contains: (x, y) => x >= box.minX && x <= box.maxX && y >= box.minY && y <= box.maxY };
    case 'polygon':
      return { box, contains: (x, y) => polygonContains(points, x, y) };
  }
}

/**
 * Mean, population standard deviation, min, max and count of the image's values in the region; undefined when the
 * region holds no pixel centre. Sums in two passes over the pixels, so a 10⁵-pixel region of HU stays exact.
 */
export function regionStatistics(image: GreyImage, shape: RegionShape, points: readonly ImagePoint[]): RegionStatistics | undefined {
  if (points.length === 0) return undefined;
  const { contains, box } = regionTest(shape, points);
  const firstX = Math.max(0, Math.floor(box.minX - 0.5));
  const lastX = Math.min(image.columns - 1, Math.ceil(box.maxX - 0.5));
  const firstY = Math.max(0, Math.floor(box.minY - 0.5));
  const lastY = Math.min(image.rows - 1, Math.ceil(box.maxY - 0.5));
  const inside: number[] = [];
  for (let y = firstY; y <= lastY; y++) {
    for (let x = firstX; x <= lastX; x++) {
      if (contains(x + 0.5, y + 0.5)) inside.push(y * image.columns + x);
    }
  }
  if (inside.length === 0) return undefined;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const at of inside) {
    const value = image.values[at]!;
    sum += value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const mean = sum / inside.length;
  let squares = 0;
  for (const at of inside) squares += (image.values[at]! - mean) ** 2;
  return { mean, standardDeviation: Math.sqrt(squares / inside.length), min, max, pixelCount: inside.length };
}

/** The value of the pixel a point lies in, or undefined outside the image. */
export function valueAt(image: GreyImage, [x, y]: ImagePoint): number | undefined {
  const column = Math.floor(x);
  const row = Math.floor(y);
  if (column < 0 || row < 0 || column >= image.columns || row >= image.rows) return undefined;
  return image.values[row * image.columns + column];
}
