// Whether a stack's images form a volume that can be resliced (MPR) and, when they do not, why not: a volume needs
// evenly spaced parallel slices of one size, each straight behind the one before. Pure: the element decides from this
// before it loads anything into a volume, and says the reason in words.
import { numberOf, numbersOf, type DicomJsonDataset } from '../dicomweb/dicom-json.js';
import { english } from '../i18n/localizer.js';
import { volumeRefusalMessage, type VolumeRefusalFacts, type VolumeRefusalSentence } from '../i18n/volume-notice-message.js';

/** Fewer slices than this make no volume worth reslicing (a sagittal of two lines says nothing). */
export const minVolumeSlices = 3;

/** How far (mm) positions and spacings may stray and still count as one grid: DS values carry rounding. */
const toleranceMm = 0.01;
/** Slice spacings may differ by this share of the mean spacing (scanners round positions to 0.1 mm or so). */
const spacingTolerance = 0.05;
/** Direction cosines may differ by this much and still count as one orientation. */
const cosineTolerance = 1e-3;

type Vector3 = [number, number, number];

/** One image's place in space, as its header gives it. */
export interface SliceGeometry {
  rows?: number;
  columns?: number;
  /** [row spacing, column spacing] (PixelSpacing). */
  pixelSpacing?: readonly number[];
  imageOrientationPatient?: readonly number[];
  imagePositionPatient?: readonly number[];
  samplesPerPixel?: number;
  /** The frame of a multi-frame instance (1-based); single-frame images have 1. */
  frameNumber?: number;
  numberOfFrames?: number;
}

export type VolumeRefusal = 'too-few-slices' | 'no-geometry' | 'colour' | 'multi-frame' | 'mixed-size' | 'mixed-spacing' | 'mixed-orientation' | 'tilted' | 'duplicate-position' | 'gap';

/** A volume's grid: slices `spacing` mm apart along `normal`, in stack order. */
export interface VolumeGrid {
  ok: true;
  rows: number;
  columns: number;
  slices: number;
  /** [column spacing, row spacing, slice spacing] in mm: x, y and z of the volume's voxels. */
  spacing: Vector3;
  normal: Vector3;
}

export interface NoVolume {
  ok: false;
  reason: VolumeRefusal;
  /** Which sentence says why, and the numbers it names: what a reader's language makes the words from. */
  sentence: VolumeRefusalSentence;
  facts: VolumeRefusalFacts;
  /** The sentence in English: why this series is shown as a stack only. */
  message: string;
}

export type VolumeGeometry = VolumeGrid | NoVolume;

function refuse(reason: VolumeRefusal, facts: VolumeRefusalFacts = {}, sentence: VolumeRefusalSentence = reason): NoVolume {
  return { ok: false, reason, sentence, facts, message: volumeRefusalMessage({ sentence, facts }, english) };
}

function cross(a: readonly number[], b: readonly number[]): Vector3 {
  return [a[1]! * b[2]! - a[2]! * b[1]!, a[2]! * b[0]! - a[0]! * b[2]!, a[0]! * b[1]! - a[1]! * b[0]!];
}

function dot(a: readonly number[], b: readonly number[]): number {
  return a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
}

/** Millimetres to a hundredth, as the reader is told them. */
const millimetres = (value: number) => Math.round(value * 100) / 100;

/** The geometry of a stack's images (in stack order): a grid, or the first reason it is none. */
export function volumeGeometryOf(slices: readonly SliceGeometry[]): VolumeGeometry {
  if (slices.some((slice) => (slice.numberOfFrames ?? 1) > 1)) {
    return refuse('multi-frame');
  }
  if (slices.length < minVolumeSlices) {
    return refuse('too-few-slices', { count: slices.length, minimum: minVolumeSlices }, slices.length === 1 ? 'one-image' : 'too-few-slices');
  }
  const first = slices[0]!;
  const described = (slice: SliceGeometry) =>
    slice.rows !== undefined && slice.columns !== undefined && slice.pixelSpacing?.length === 2 && slice.imageOrientationPatient?.length === 6 && slice.imagePositionPatient?.length === 3 &&
    [...slice.pixelSpacing, ...slice.imageOrientationPatient, ...slice.imagePositionPatient].every(Number.isFinite);
  const undescribed = slices.findIndex((slice) => !described(slice));
  if (undescribed >= 0) return refuse('no-geometry', { image: undescribed + 1 });
  const colour = slices.findIndex((slice) => (slice.samplesPerPixel ?? 1) !== 1);
  if (colour >= 0) return refuse('colour', { image: colour + 1 });
  for (const [index, slice] of slices.entries()) {
    if (slice.rows !== first.rows || slice.columns !== first.columns) {
      return refuse('mixed-size', { image: index + 1, columns: slice.columns!, rows: slice.rows!, firstColumns: first.columns!, firstRows: first.rows! });
    }
    if (slice.pixelSpacing!.some((value, axis) => Math.abs(value - first.pixelSpacing![axis]!) > toleranceMm)) {
      const [rowSpacing, columnSpacing] = slice.pixelSpacing as [number, number];
      const [firstRowSpacing, firstColumnSpacing] = first.pixelSpacing as [number, number];
      return refuse('mixed-spacing', { image: index + 1, rowSpacing, columnSpacing, firstRowSpacing, firstColumnSpacing });
    }
    if (slice.imageOrientationPatient!.some((value, axis) => Math.abs(value - first.imageOrientationPatient![axis]!) > cosineTolerance)) {
      return refuse('mixed-orientation', { image: index + 1 });
    }
  }
  const orientation = first.imageOrientationPatient!;
  const normal = cross(orientation.slice(0, 3), orientation.slice(3, 6));
  const length = Math.hypot(...normal);
  const unit = normal.map((value) => value / length) as Vector3;
  const origin = first.imagePositionPatient!;
  const steps: number[] = [];
  for (let index = 1; index < slices.length; index += 1) {
    const position = slices[index]!.imagePositionPatient!;
    const previous = slices[index - 1]!.imagePositionPatient!;
    const step = [0, 1, 2].map((axis) => position[axis]! - previous[axis]!);
    const along = dot(step, unit);
    if (Math.abs(along) <= toleranceMm) {
      return refuse('duplicate-position', { previous: index, image: index + 1 });
    }
    // What is left of the step once its part along the normal is taken out: a shear (gantry tilt) or a jump sideways.
    const sideways = Math.hypot(...step.map((value, axis) => value - along * unit[axis]!));
    if (sideways > Math.max(toleranceMm, Math.abs(along) * 0.01)) {
      return refuse('tilted', { image: index + 1, shift: millimetres(sideways), previous: index });
    }
    steps.push(along);
  }
  if (steps.some((step) => Math.sign(step) !== Math.sign(steps[0]!))) {
    return refuse('gap', {}, 'reversed');
  }
  const total = dot([0, 1, 2].map((axis) => slices[slices.length - 1]!.imagePositionPatient![axis]! - origin[axis]!), unit);
  // The series' spacing is its most common step (the median): a gap does not pull it, as it would a mean.
  const sorted = steps.map(Math.abs).sort((a, b) => a - b);
  const typical = sorted[Math.floor(sorted.length / 2)]!;
  const uneven = steps.findIndex((step) => Math.abs(Math.abs(step) - typical) > Math.max(toleranceMm, typical * spacingTolerance));
  if (uneven >= 0) {
    return refuse('gap', { previous: uneven + 1, image: uneven + 2, step: millimetres(Math.abs(steps[uneven]!)), spacing: millimetres(typical) });
  }
  const mean = Math.abs(total) / steps.length;
  const [rowSpacing, columnSpacing] = first.pixelSpacing as [number, number];
  return { ok: true, rows: first.rows!, columns: first.columns!, slices: slices.length, spacing: [columnSpacing, rowSpacing, mean], normal: unit };
}

/** What the geometry check reads from an image's DICOM JSON metadata. */
export function sliceGeometryOf(dataset: DicomJsonDataset, frameNumber = 1): SliceGeometry {
  const optionalNumbers = (keyword: Parameters<typeof numbersOf>[1]) => {
    const values = numbersOf(dataset, keyword);
    return values.length > 0 ? values : undefined;
  };
  return {
    rows: numberOf(dataset, 'Rows'),
    columns: numberOf(dataset, 'Columns'),
    pixelSpacing: optionalNumbers('PixelSpacing'),
    imageOrientationPatient: optionalNumbers('ImageOrientationPatient'),
    imagePositionPatient: optionalNumbers('ImagePositionPatient'),
    samplesPerPixel: numberOf(dataset, 'SamplesPerPixel'),
    frameNumber,
    numberOfFrames: numberOf(dataset, 'NumberOfFrames'),
  };
}

/**
 * Bytes a voxel of the series takes in a Cornerstone volume: 4 when a fractional rescale makes float modality
 * values (generateVolumePropsFromImageIds chooses Float32Array then), else Bits Allocated's bytes.
 */
export function bytesPerVoxelOf(dataset: DicomJsonDataset): number {
  const slope = numberOf(dataset, 'RescaleSlope') ?? 1;
  const intercept = numberOf(dataset, 'RescaleIntercept') ?? 0;
  if (!Number.isInteger(slope) || !Number.isInteger(intercept)) return 4;
  return Math.max(1, Math.ceil((numberOf(dataset, 'BitsAllocated') ?? 16) / 8));
}

/** The bytes a volume of this grid takes in memory. */
export function volumeBytesOf(grid: VolumeGrid, bytesPerVoxel: number): number {
  return grid.rows * grid.columns * grid.slices * bytesPerVoxel;
}
