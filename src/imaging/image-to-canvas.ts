// Where an image's pixel grid lies on the viewport's canvas, as an affine map: a layer drawn in image pixels
// (overlay planes) takes it as its CSS transform and so follows zoom, pan, rotation and flips.

/** An image's placement in world space, as Cornerstone's image data gives it (voxel centres at index × spacing). */
export interface ImageGeometry {
  /** World position of the centre of the first pixel. */
  origin: ArrayLike<number>;
  /** Direction cosines, row-major: the column index's axis (along a row) first, then the row index's. */
  direction: ArrayLike<number>;
  /** World units a step along each axis: [along a row, down a column, …]. */
  spacing: ArrayLike<number>;
}

/** The world point of image coordinates (x, y) on the pixel grid: (0, 0) is the first pixel's top-left corner. */
export function worldOfImagePoint({ origin, direction, spacing }: ImageGeometry, x: number, y: number): [number, number, number] {
  const i = (x - 0.5) * spacing[0]!;
  const j = (y - 0.5) * spacing[1]!;
  return [0, 1, 2].map((axis) => origin[axis]! + i * direction[axis]! + j * direction[3 + axis]!) as [number, number, number];
}

/**
 * The CSS `matrix()` that puts a layer of `columns` × `rows` CSS pixels (one a image pixel, its transform origin
 * at its top-left corner) over the image on the canvas; `toCanvas` maps image coordinates to canvas CSS pixels.
 */
export function imageToCanvasMatrix(toCanvas: (x: number, y: number) => [number, number], columns: number, rows: number): string {
  const [e, f] = toCanvas(0, 0);
  const [right, rightY] = toCanvas(columns, 0);
  const [bottomX, bottom] = toCanvas(0, rows);
  const a = (right - e) / columns;
  const b = (rightY - f) / columns;
  const c = (bottomX - e) / rows;
  const d = (bottom - f) / rows;
  return `matrix(${[a, b, c, d, e, f].map((value) => +value.toFixed(6)).join(', ')})`;
}
