// Small generated volumes of known anatomy for the MPR tests: where each thing lies in patient coordinates, and the
// value it has. Pure (browser tests import it); volume-fixtures.ts writes the series from it.
import { uidFor } from '../../src/sample-data/uid.js';

export type Vector3 = [number, number, number];

/** An axial series: 64 × 64 pixels of 2 mm, 40 slices 2.5 mm apart, from (-63, -63, -50), feet first. */
export const volumeGrid = {
  rows: 64,
  columns: 64,
  slices: 40,
  /** [row spacing, column spacing] (PixelSpacing). */
  pixelSpacing: [2, 2] as [number, number],
  sliceSpacing: 2.5,
  firstPosition: [-63, -63, -50] as Vector3,
  imageOrientationPatient: [1, 0, 0, 0, 1, 0],
};

/**
 * What lies in the marker volume: water everywhere (stored 100), a bright cube (stored 2000) 6 mm a side around
 * `marker`, off every axis so that a flipped or transposed plane puts it elsewhere, and a bright ball (stored 2000) of
 * radius `ballRadius` around `ball`, for slabs.
 */
export const markerVolume = {
  background: 100,
  bright: 2000,
  marker: [24, -16, -20] as Vector3,
  markerHalfSide: 3,
  ball: [-30, 20, 12.5] as Vector3,
  ballRadius: 4,
};

/** The patient point of a voxel (column, row, slice) of the grid. */
export function patientPointOfVoxel(column: number, row: number, slice: number): Vector3 {
  const [x0, y0, z0] = volumeGrid.firstPosition;
  return [x0 + column * volumeGrid.pixelSpacing[1], y0 + row * volumeGrid.pixelSpacing[0], z0 + slice * volumeGrid.sliceSpacing];
}

/** The marker volume's stored value at a patient point. */
export function markerVolumeValueAt([x, y, z]: Vector3): number {
  const { marker, markerHalfSide, ball, ballRadius } = markerVolume;
  const inCube = Math.abs(x - marker[0]) <= markerHalfSide && Math.abs(y - marker[1]) <= markerHalfSide && Math.abs(z - marker[2]) <= markerHalfSide;
  const inBall = Math.hypot(x - ball[0], y - ball[1], z - ball[2]) <= ballRadius;
  return inCube || inBall ? markerVolume.bright : markerVolume.background;
}

/** The fractional-rescale volume: the marker volume's values under slope 0.5 and intercept −0.25 (modality values x.75). */
export const fractionalRescale = { slope: 0.5, intercept: -0.25 };

/**
 * The CT-number volume: the marker volume's values under slope 1 and intercept −1100, so its water is air (−1000 HU)
 * and its cube and ball bone (900 HU), as a CT's presets for a volume rendering expect: air outside the body is what
 * they leave transparent (under CT-Bone anything above −16 HU is opaque, and the marker volume's water fills the view).
 */
export const ctNumbersRescale = { slope: 1, intercept: -1100 };

/** The series the browser tests are told about (JSON only). */
export interface VolumeFixtures {
  studyInstanceUid: string;
  /** The marker volume, no rescale, unsigned 16-bit: a Uint16 volume whose slices away from the cube and ball hold only 100. */
  marker: string;
  /** The marker volume with a fractional rescale: a Float32 volume. */
  fractional: string;
  /** The marker volume in CT numbers (air around bone), for volume renderings. */
  ctNumbers: string;
  /** The marker volume without slice 20: a gap. */
  withGap: string;
  /** Two slices. */
  twoSlices: string;
}

export const volumeStudyInstanceUid = uidFor('dicom-lightbox volume fixtures study');
