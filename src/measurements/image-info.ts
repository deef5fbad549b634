// What a measurement needs to know of the image it was made on, read from its DICOM JSON header: who it is (study,
// series, instance, frame), how large its pixels are (calibration.ts), the unit of its modality values, and where it
// lies in the patient. Pure.
import { numberOf, numbersOf, stringOf, valuesOf, type DicomJsonDataset } from '../dicomweb/dicom-json.js';
import type { CalibrationSource, UltrasoundRegion } from './calibration.js';
import type { ImagePoint } from './geometry.js';

export interface MeasuredImage {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  /** 1-based; 1 for a single-frame instance. */
  frameNumber: number;
}

export interface ImageInfo extends MeasuredImage {
  modality: string;
  calibration: CalibrationSource;
  /** The unit of the modality values: `HU` for CT, else the Rescale Type when it names one, else empty. */
  valueUnit: string;
  /** Image Position and Orientation (Patient), when the header places the image in the patient. */
  plane?: { position: readonly [number, number, number]; orientation: readonly number[]; rowSpacing: number; columnSpacing: number };
  /** Whether the image is grey (values are modality values) rather than colour. */
  grey: boolean;
}

/** PS3.3 C.7.3.1.1.1's projection radiography modalities: their Pixel Spacing may be the detector's. */
const projectionModalities = new Set(['CR', 'DX', 'MG', 'XA', 'RF', 'IO', 'PX', 'RG', 'DG']);

function pair(values: number[]): [number, number] | undefined {
  return values.length >= 2 && values.slice(0, 2).every(Number.isFinite) ? [values[0]!, values[1]!] : undefined;
}

function ultrasoundRegionsOf(dataset: DicomJsonDataset): UltrasoundRegion[] | undefined {
  const items = valuesOf(dataset, 'SequenceOfUltrasoundRegions') as DicomJsonDataset[];
  if (items.length === 0) return undefined;
  return items.map((item) => ({
    minX: numberOf(item, 'RegionLocationMinX0') ?? 0,
    minY: numberOf(item, 'RegionLocationMinY0') ?? 0,
    maxX: numberOf(item, 'RegionLocationMaxX1') ?? -1,
    maxY: numberOf(item, 'RegionLocationMaxY1') ?? -1,
    unitsX: numberOf(item, 'PhysicalUnitsXDirection') ?? 0,
    unitsY: numberOf(item, 'PhysicalUnitsYDirection') ?? 0,
    deltaX: numberOf(item, 'PhysicalDeltaX') ?? 0,
    deltaY: numberOf(item, 'PhysicalDeltaY') ?? 0,
  }));
}

/** The image a measurement is made on, from its instance's header and frame number. */
export function imageInfoOf(dataset: DicomJsonDataset, frameNumber = 1): ImageInfo {
  const modality = stringOf(dataset, 'Modality') ?? '';
  const rescaleType = stringOf(dataset, 'RescaleType');
  const pixelSpacing = pair(numbersOf(dataset, 'PixelSpacing'));
  const position = numbersOf(dataset, 'ImagePositionPatient');
  const orientation = numbersOf(dataset, 'ImageOrientationPatient');
  const photometric = stringOf(dataset, 'PhotometricInterpretation') ?? 'MONOCHROME2';
  return {
    studyInstanceUid: stringOf(dataset, 'StudyInstanceUID') ?? '',
    seriesInstanceUid: stringOf(dataset, 'SeriesInstanceUID') ?? '',
    sopInstanceUid: stringOf(dataset, 'SOPInstanceUID') ?? '',
    frameNumber,
    modality,
    calibration: {
      pixelSpacing,
      imagerPixelSpacing: pair(numbersOf(dataset, 'ImagerPixelSpacing')),
      estimatedMagnification: numberOf(dataset, 'EstimatedRadiographicMagnificationFactor'),
      projection: projectionModalities.has(modality),
      ultrasoundRegions: ultrasoundRegionsOf(dataset),
    },
    // PS3.3 C.11.1.1.2: "US" is Unspecified.
    valueUnit: modality === 'CT' ? 'HU' : rescaleType && rescaleType !== 'US' ? rescaleType : '',
    plane:
      position.length === 3 && orientation.length === 6 && pixelSpacing && [...position, ...orientation].every(Number.isFinite)
        ? { position: position as [number, number, number], orientation, rowSpacing: pixelSpacing[0], columnSpacing: pixelSpacing[1] }
        : undefined,
    grey: photometric.startsWith('MONOCHROME'),
  };
}

/** Rounded to a tenth of a micrometre: float noise of a conversion never reaches a comparison. */
function roundMm(value: number): number {
  return Math.round(value * 1e4) / 1e4 + 0;
}

/**
 * The patient coordinates (mm) of an image point, when the header places the image in the patient (PS3.3
 * C.7.6.2.1.1: the position is the centre of the top-left pixel, which is [0.5, 0.5] in image coordinates).
 */
export function patientPointOf(info: ImageInfo, [x, y]: ImagePoint): [number, number, number] | undefined {
  const plane = info.plane;
  if (!plane) return undefined;
  const { position, orientation, rowSpacing, columnSpacing } = plane;
  const along = (x - 0.5) * columnSpacing;
  const down = (y - 0.5) * rowSpacing;
  return [0, 1, 2].map((axis) => roundMm(position[axis]! + along * orientation[axis]! + down * orientation[axis + 3]!)) as [number, number, number];
}
