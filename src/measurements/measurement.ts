// A measurement as JSON, the form events carry, getMeasurements() returns and setMeasurements() takes (its JSON
// Schema is measurement.schema.json, shipped in the package), and the values a measurement's points give. Pure.
import { calibrationOf, type Calibration, type CalibrationKind } from './calibration.js';
import { angleAt, boxArea, cobbAngleOf, ellipseArea, ellipseOf, lengthOf, polygonArea, type ImagePoint } from './geometry.js';
import { patientPointOf, type ImageInfo, type MeasuredImage } from './image-info.js';
import { regionStatistics, valueAt, type GreyImage, type RegionShape } from './statistics.js';
import { en } from '../i18n/messages-en.js';

export const measurementTypes = [
  'length',
  'angle',
  'cobb-angle',
  'bidirectional',
  'ellipse-roi',
  'rectangle-roi',
  'freehand-roi',
  'probe',
  'arrow',
  'text',
] as const;

export type MeasurementType = (typeof measurementTypes)[number];

export function isMeasurementType(value: unknown): value is MeasurementType {
  return typeof value === 'string' && (measurementTypes as readonly string[]).includes(value);
}

export type MeasurementValueName =
  | 'length'
  | 'angle'
  | 'long-axis'
  | 'short-axis'
  | 'area'
  | 'mean'
  | 'standard-deviation'
  | 'min'
  | 'max'
  | 'pixel-count'
  | 'value';

export interface MeasurementValue {
  name: MeasurementValueName;
  value: number;
  /** `mm`, `mm2`, `px`, `px2`, `deg`, `pixels`, the modality values' unit (`HU` for CT), or empty when they have none. */
  unit: string;
  /** For lengths and areas: where the pixel size came from (calibration.ts). */
  calibration?: CalibrationKind;
  /** The unit as shown beside the value, with its calibration: `mm (ERMF)`, `mm² (detector)`, `HU`. */
  display: string;
}

export interface Measurement {
  /** Unique; kept by setMeasurements(). */
  id: string;
  type: MeasurementType;
  /** The reader's name for it; for an arrow or a text label, its text. */
  label: string;
  image: MeasuredImage;
  values: MeasurementValue[];
  calibration: Pick<Calibration, 'kind' | 'label' | 'rowSpacing' | 'columnSpacing'>;
  points: {
    /** [x, y] in pixels, the top-left corner of the top-left pixel at [0, 0] (DICOM SR's SCOORD). */
    image: Array<[number, number]>;
    /** The same points in patient coordinates (mm), when the header places the image in the patient; else null. */
    patient: Array<[number, number, number]> | null;
  };
  /** Loaded from a stored report and not edited since. */
  readOnly?: boolean;
}

/** How many points each type has (the freehand ROI: at least three). */
export const pointCounts: Record<MeasurementType, { min: number; max: number }> = {
  length: { min: 2, max: 2 },
  angle: { min: 3, max: 3 },
  'cobb-angle': { min: 4, max: 4 },
  bidirectional: { min: 4, max: 4 },
  'ellipse-roi': { min: 4, max: 4 },
  'rectangle-roi': { min: 4, max: 4 },
  'freehand-roi': { min: 3, max: Infinity },
  probe: { min: 1, max: 1 },
  arrow: { min: 2, max: 2 },
  text: { min: 1, max: 1 },
};

const regionShapes: Partial<Record<MeasurementType, RegionShape>> = {
  'ellipse-roi': 'ellipse',
  'rectangle-roi': 'rectangle',
  'freehand-roi': 'polygon',
};

function lengthValue(name: MeasurementValueName, value: number, calibration: Calibration, squared = false): MeasurementValue {
  const unit = `${calibration.unit}${squared ? '2' : ''}`;
  const shown = `${calibration.unit}${squared ? '²' : ''}`;
  return { name, value, unit, calibration: calibration.kind, display: calibration.label.replace(calibration.unit, shown) };
}

function modalityValue(name: MeasurementValueName, value: number, unit: string): MeasurementValue {
  return { name, value, unit, display: unit };
}

/**
 * The values of a measurement of `type` through `points` on an image: lengths and areas with the calibration that
 * holds for those points, statistics and probe values in modality units when the image's grey values are given.
 */
export function measurementValuesOf(type: MeasurementType, points: readonly ImagePoint[], info: ImageInfo, grey?: GreyImage): { values: MeasurementValue[]; calibration: Calibration } {
  const calibration = calibrationOf(info.calibration, points);
  const values: MeasurementValue[] = [];
  const [a, b, c, d] = points as [ImagePoint, ImagePoint, ImagePoint, ImagePoint];
  switch (type) {
    case 'length':
      values.push(lengthValue('length', lengthOf(a, b, calibration), calibration));
      break;
    case 'angle':
      values.push({ name: 'angle', value: angleAt(a, b, c, calibration), unit: 'deg', display: '°' });
      break;
    case 'cobb-angle':
      values.push({ name: 'angle', value: cobbAngleOf(a, b, c, d, calibration), unit: 'deg', display: '°' });
      break;
    case 'bidirectional': {
      const first = lengthOf(a, b, calibration);
      const second = lengthOf(c, d, calibration);
      values.push(lengthValue('long-axis', Math.max(first, second), calibration), lengthValue('short-axis', Math.min(first, second), calibration));
      break;
    }
    case 'ellipse-roi':
    case 'rectangle-roi':
    case 'freehand-roi': {
      const area = type === 'ellipse-roi' ? ellipseArea(ellipseOf(points), calibration) : type === 'rectangle-roi' ? boxArea(points, calibration) : polygonArea(points, calibration);
      values.push(lengthValue('area', area, calibration, true));
      const statistics = grey && info.grey ? regionStatistics(grey, regionShapes[type]!, points) : undefined;
      if (statistics) {
        values.push(
          modalityValue('mean', statistics.mean, info.valueUnit),
          modalityValue('standard-deviation', statistics.standardDeviation, info.valueUnit),
          modalityValue('min', statistics.min, info.valueUnit),
          modalityValue('max', statistics.max, info.valueUnit),
          { name: 'pixel-count', value: statistics.pixelCount, unit: 'pixels', display: 'px' },
        );
      }
      break;
    }
    case 'probe': {
      const value = grey && info.grey && a ? valueAt(grey, a) : undefined;
      if (value !== undefined) values.push(modalityValue('value', value, info.valueUnit));
      break;
    }
    case 'arrow':
    case 'text':
      break;
  }
  return { values, calibration };
}

/** Rounded to a thousandth of a pixel: what Cornerstone's world coordinates give back is that exact and no more. */
export function roundImagePoint([x, y]: readonly number[]): [number, number] {
  return [Math.round(x! * 1000) / 1000 + 0, Math.round(y! * 1000) / 1000 + 0];
}

/** The whole JSON description of a measurement. */
export function describeMeasurement(
  parts: { id: string; type: MeasurementType; label: string; points: readonly ImagePoint[]; readOnly?: boolean },
  info: ImageInfo,
  grey?: GreyImage,
): Measurement {
  const image = parts.points.map(roundImagePoint);
  const { values, calibration } = measurementValuesOf(parts.type, image, info, grey);
  const patient = info.plane ? image.map((point) => patientPointOf(info, point)!) : null;
  const { studyInstanceUid, seriesInstanceUid, sopInstanceUid, frameNumber } = info;
  return {
    id: parts.id,
    type: parts.type,
    label: parts.label,
    image: { studyInstanceUid, seriesInstanceUid, sopInstanceUid, frameNumber },
    values,
    calibration: { kind: calibration.kind, label: calibration.label, rowSpacing: calibration.rowSpacing, columnSpacing: calibration.columnSpacing },
    points: { image, patient },
    ...(parts.readOnly ? { readOnly: true } : {}),
  };
}

/** One value as a reader reads it: `12.3 mm (ERMF)`, `-2.1 HU`, `45.0°`. */
export function formatValue({ value, display, name }: MeasurementValue): string {
  const digits = name === 'pixel-count' ? 0 : Math.abs(value) >= 100 ? 1 : 2;
  const number = value.toFixed(digits);
  return display === '°' ? `${number}°` : display ? `${number} ${display}` : number;
}

/** A value's name as a reader says it, in some language (`Length`, `SD`, `Länge`). */
export type ValueNameOf = (name: MeasurementValueName) => string;

/** The value names in English, from the message table. */
export const englishValueName: ValueNameOf = (name) => en[`measurements.value.${name}`];

/** The lines shown beside a measurement on the image and in the list. */
export function valueLines(measurement: Pick<Measurement, 'values'>, nameOf: ValueNameOf = englishValueName): string[] {
  return measurement.values.map((value) => `${nameOf(value.name)}: ${formatValue(value)}`);
}

/**
 * Checks one measurement of setMeasurements()'s input: a clear error naming what is wrong, before anything changes.
 */
export function checkMeasurement(candidate: unknown, at: number): asserts candidate is Measurement {
  const fail = (what: string): never => {
    throw new TypeError(`Measurement ${at}: ${what}`);
  };
  if (typeof candidate !== 'object' || candidate === null) fail('not an object');
  const m = candidate as Partial<Measurement>;
  if (typeof m.id !== 'string' || m.id === '') fail('no id');
  if (!isMeasurementType(m.type)) fail(`unknown type ${JSON.stringify(m.type)} (one of ${measurementTypes.join(', ')})`);
  if (typeof m.image?.sopInstanceUid !== 'string' || m.image.sopInstanceUid === '') fail('no image.sopInstanceUid');
  const points = m.points?.image;
  if (!Array.isArray(points) || points.some((point) => !Array.isArray(point) || point.length !== 2 || !point.every(Number.isFinite))) fail('points.image must be [x, y] pairs of numbers');
  const { min, max } = pointCounts[m.type!];
  if (points!.length < min || points!.length > max) fail(`a ${m.type} has ${min === max ? min : `at least ${min}`} points, not ${points!.length}`);
}

/** Checks setMeasurements()'s whole input before anything changes. */
export function checkMeasurements(measurements: unknown): asserts measurements is Measurement[] {
  if (!Array.isArray(measurements)) throw new TypeError('setMeasurements() takes an array of measurements');
  measurements.forEach((measurement, at) => checkMeasurement(measurement, at));
}
