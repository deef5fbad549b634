// An image's plane in patient coordinates (PS3.3 C.7.6.2: Image Position, Image Orientation, Pixel Spacing), read
// from its header: what slice-position synchronization and reference lines compute with. Pure, no Cornerstone.
import { numbersOf, numberOf, stringOf, type DicomJsonDataset } from '../dicomweb/dicom-json.js';

export type Vector3 = [number, number, number];

export interface ImagePlane {
  frameOfReferenceUid: string;
  /** The centre of the top-left pixel (ImagePositionPatient), mm. */
  position: Vector3;
  /** Direction along a row (increasing column). */
  rowDirection: Vector3;
  /** Direction down a column (increasing row). */
  columnDirection: Vector3;
  /** rowDirection × columnDirection, unit. */
  normal: Vector3;
  rows: number;
  columns: number;
  /** Spacing between rows (vertical) and between columns (horizontal), mm. */
  rowSpacing: number;
  columnSpacing: number;
}

export function dot(a: Vector3, b: Vector3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

export function cross(a: Vector3, b: Vector3): Vector3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

export function add(a: Vector3, b: Vector3, scale = 1): Vector3 {
  return [a[0] + b[0] * scale, a[1] + b[1] * scale, a[2] + b[2] * scale];
}

export function subtract(a: Vector3, b: Vector3): Vector3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}

function unit(vector: Vector3): Vector3 | undefined {
  const length = Math.hypot(...vector);
  return length > 1e-9 ? [vector[0] / length, vector[1] / length, vector[2] / length] : undefined;
}

/** The plane of an image from its header; undefined when the header lacks its geometry (a secondary capture, an X-ray). */
export function imagePlaneOf(dataset: DicomJsonDataset | undefined): ImagePlane | undefined {
  if (!dataset) return undefined;
  const frameOfReferenceUid = stringOf(dataset, 'FrameOfReferenceUID');
  const position = numbersOf(dataset, 'ImagePositionPatient');
  const orientation = numbersOf(dataset, 'ImageOrientationPatient');
  const spacing = numbersOf(dataset, 'PixelSpacing');
  const rows = numberOf(dataset, 'Rows');
  const columns = numberOf(dataset, 'Columns');
  if (!frameOfReferenceUid || position.length !== 3 || orientation.length !== 6 || !rows || !columns) return undefined;
  if (![...position, ...orientation].every(Number.isFinite)) return undefined;
  const rowDirection = unit([orientation[0]!, orientation[1]!, orientation[2]!]);
  const columnDirection = unit([orientation[3]!, orientation[4]!, orientation[5]!]);
  if (!rowDirection || !columnDirection) return undefined;
  const normal = unit(cross(rowDirection, columnDirection));
  if (!normal) return undefined;
  const [rowSpacing = 1, columnSpacing = rowSpacing] = spacing.filter((value) => Number.isFinite(value) && value > 0);
  return {
    frameOfReferenceUid,
    position: [position[0]!, position[1]!, position[2]!],
    rowDirection,
    columnDirection,
    normal,
    rows,
    columns,
    rowSpacing,
    columnSpacing,
  };
}

/** The four corners of the image's area (the outer edges of its edge pixels), in order around it. */
export function cornersOf(plane: ImagePlane): [Vector3, Vector3, Vector3, Vector3] {
  const origin = add(add(plane.position, plane.rowDirection, -plane.columnSpacing / 2), plane.columnDirection, -plane.rowSpacing / 2);
  const across = plane.columns * plane.columnSpacing;
  const down = plane.rows * plane.rowSpacing;
  const topRight = add(origin, plane.rowDirection, across);
  const bottomRight = add(topRight, plane.columnDirection, down);
  const bottomLeft = add(origin, plane.columnDirection, down);
  return [origin, topRight, bottomRight, bottomLeft];
}

/** Whether two planes are parallel (their normals within `toleranceDegrees`). */
export function parallel(a: ImagePlane, b: ImagePlane, toleranceDegrees = 1): boolean {
  return Math.abs(dot(a.normal, b.normal)) >= Math.cos((toleranceDegrees * Math.PI) / 180);
}
