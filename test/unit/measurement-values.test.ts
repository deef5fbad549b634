// Measurement values: calibration cases, geometry and ROI statistics against the sample generator's known regions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calibrationOf } from '../../src/measurements/calibration.js';
import { imageInfoOf, patientPointOf } from '../../src/measurements/image-info.js';
import { checkMeasurement, describeMeasurement, formatValue, measurementValuesOf } from '../../src/measurements/measurement.js';
import { regionStatistics } from '../../src/measurements/statistics.js';
import { ctHuAt, ctPhantom, mrPhantom, mrValueAt, patientPointOf as phantomPatientPoint } from '../../src/sample-data/phantom.js';
import type { DicomJsonDataset } from '../../src/dicomweb/dicom-json.js';
import { setValues } from '../../src/dicomweb/dicom-json.js';
import { tagOf } from '../../src/dicom/tags.js';

/** A CT slice of the phantom as modality values (HU). */
function ctSlice(slice = 0) {
  const values = new Float64Array(ctPhantom.columns * ctPhantom.rows);
  for (let y = 0; y < ctPhantom.rows; y++) for (let x = 0; x < ctPhantom.columns; x++) values[y * ctPhantom.columns + x] = ctHuAt(x, y, slice);
  return { columns: ctPhantom.columns, rows: ctPhantom.rows, values };
}

function mrSlice(slice = 0) {
  const values = new Float64Array(mrPhantom.columns * mrPhantom.rows);
  for (let y = 0; y < mrPhantom.rows; y++) for (let x = 0; x < mrPhantom.columns; x++) values[y * mrPhantom.columns + x] = mrValueAt(x, y, slice);
  return { columns: mrPhantom.columns, rows: mrPhantom.rows, values };
}

function dataset(attributes: Record<string, unknown[]>): DicomJsonDataset {
  const result: DicomJsonDataset = {};
  for (const [keyword, values] of Object.entries(attributes)) setValues(result, keyword as never, values);
  return result;
}

const ctHeader = dataset({
  Modality: ['CT'],
  StudyInstanceUID: ['1.2.3'],
  SeriesInstanceUID: ['1.2.3.4'],
  SOPInstanceUID: ['1.2.3.4.5'],
  PixelSpacing: [...ctPhantom.pixelSpacing],
  ImagePositionPatient: [...ctPhantom.firstPosition],
  ImageOrientationPatient: [...ctPhantom.imageOrientationPatient],
  PhotometricInterpretation: ['MONOCHROME2'],
});

/** A phantom pixel's centre in image coordinates (the phantom names pixels by index; their centre is +0.5). */
const centreOf = ([x, y]: readonly [number, number]): [number, number] => [x + 0.5, y + 0.5];

test('an ellipse ROI inside the CT water region reads 0 HU, inside bone 1000 HU, with area and pixel count', () => {
  const info = imageInfoOf(ctHeader);
  const [cx, cy] = centreOf(ctPhantom.regions.water.centre);
  const ellipse = [[cx, cy + 15], [cx, cy - 15], [cx - 20, cy], [cx + 20, cy]] as const;
  const { values } = measurementValuesOf('ellipse-roi', ellipse, info, ctSlice());
  const byName = Object.fromEntries(values.map((value) => [value.name, value]));
  assert.equal(byName.mean!.value, 0);
  assert.equal(byName.mean!.unit, 'HU');
  assert.equal(byName['standard-deviation']!.value, 0);
  assert.ok(Math.abs(byName.area!.value - Math.PI * 20 * 15 * 0.49) < 1e-9);
  assert.equal(byName.area!.unit, 'mm2');
  assert.equal(byName.area!.display, 'mm²');
  // About π·20·15 ≈ 942 pixel centres.
  assert.ok(Math.abs(byName['pixel-count']!.value - Math.PI * 300) < 30, `${byName['pixel-count']!.value}`);

  // Corners on pixel corners: the 20 × 20 pixels from (336, 246).
  const [bx, by] = ctPhantom.regions.bone.centre;
  const bone = measurementValuesOf('rectangle-roi', [[bx - 10, by - 10], [bx + 10, by - 10], [bx - 10, by + 10], [bx + 10, by + 10]], info, ctSlice()).values;
  assert.deepEqual(bone.filter(({ name }) => ['mean', 'min', 'max'].includes(name)).map(({ value }) => value), [1000, 1000, 1000]);
  assert.equal(bone.find(({ name }) => name === 'pixel-count')!.value, 400);
});

test('an ROI across two regions gives their mixed statistics exactly', () => {
  // Row 256, pixels 197…216: half over fat (-100 HU), half over water (0); on that row fat ends at x = 206.
  const statistics = regionStatistics(ctSlice(), 'rectangle', [[197, 256], [217, 256], [197, 257], [217, 257]])!;
  assert.equal(statistics.pixelCount, 20);
  assert.equal(statistics.min, -100);
  assert.equal(statistics.max, 0);
  assert.equal(statistics.mean, -50);
  assert.equal(statistics.standardDeviation, 50);
});

test('a length across the bone disc reads its diameter within one pixel spacing; the MR ROIs read their signal', () => {
  const info = imageInfoOf(ctHeader);
  const bone = ctPhantom.regions.bone;
  const radius = (bone.shape as { radius: number }).radius;
  const [bx, by] = centreOf(bone.centre);
  const [length] = measurementValuesOf('length', [[bx - radius, by], [bx + radius, by]], info).values;
  assert.ok(Math.abs(length!.value - 2 * radius * ctPhantom.pixelSpacing[1]) <= ctPhantom.pixelSpacing[1]);
  assert.equal(formatValue(length!), '56.00 mm');

  const mrInfo = imageInfoOf(dataset({ Modality: ['MR'], PixelSpacing: [...mrPhantom.pixelSpacing], PhotometricInterpretation: ['MONOCHROME2'] }));
  const [mx, my] = centreOf(mrPhantom.regions.brightestDisc.centre);
  const mr = measurementValuesOf('ellipse-roi', [[mx, my + 10], [mx, my - 10], [mx - 10, my], [mx + 10, my]], mrInfo, mrSlice()).values;
  assert.equal(mr.find(({ name }) => name === 'mean')!.value, 3000);
  assert.equal(mr.find(({ name }) => name === 'mean')!.unit, '', 'MR signal has no unit');
  const probe = measurementValuesOf('probe', [centreOf(mrPhantom.regions.brightDisc.centre)], mrInfo, mrSlice()).values;
  assert.deepEqual(probe.map(({ value }) => value), [1500]);
});

test('calibration: Pixel Spacing, Imager Pixel Spacing with and without ERMF, ultrasound regions, pixels', () => {
  assert.deepEqual(calibrationOf({ pixelSpacing: [0.5, 0.6], projection: false }), { kind: 'pixel-spacing', rowSpacing: 0.5, columnSpacing: 0.6, unit: 'mm', label: 'mm' });
  const cr = { imagerPixelSpacing: [0.2, 0.2] as const, projection: true };
  assert.equal(calibrationOf({ ...cr, estimatedMagnification: 1.25 }).label, 'mm (ERMF)');
  assert.equal(calibrationOf({ ...cr, estimatedMagnification: 1.25 }).columnSpacing, 0.16);
  assert.equal(calibrationOf(cr).label, 'mm (detector)');
  // A projection's Pixel Spacing equal to its Imager Pixel Spacing is the detector's; a different one was calibrated.
  assert.equal(calibrationOf({ ...cr, pixelSpacing: [0.2, 0.2] }).kind, 'detector');
  assert.equal(calibrationOf({ ...cr, pixelSpacing: [0.18, 0.18] }).kind, 'pixel-spacing');
  assert.deepEqual(calibrationOf({ projection: false }), { kind: 'none', rowSpacing: 1, columnSpacing: 1, unit: 'px', label: 'px' });

  const regions = [
    { minX: 0, minY: 0, maxX: 99, maxY: 99, unitsX: 3, unitsY: 3, deltaX: 0.02, deltaY: 0.03 },
    { minX: 100, minY: 0, maxX: 199, maxY: 99, unitsX: 4, unitsY: 7, deltaX: 0.01, deltaY: 1 },
  ];
  const us = { projection: false, ultrasoundRegions: regions };
  const inside = calibrationOf(us, [[10, 10], [90, 50]]);
  assert.deepEqual([inside.kind, inside.label, inside.columnSpacing, inside.rowSpacing], ['ultrasound-region', 'mm (US region)', 0.2, 0.3]);
  // Across two regions, or in a Doppler (time/velocity) region: no region calibration, so pixels.
  assert.equal(calibrationOf(us, [[10, 10], [150, 50]]).kind, 'none');
  assert.equal(calibrationOf(us, [[150, 10], [160, 50]]).kind, 'none');
});

test('a CR read from its header measures in mm (ERMF); an US length in one region in its calibration', () => {
  const crInfo = imageInfoOf(dataset({ Modality: ['CR'], ImagerPixelSpacing: [0.15, 0.15], EstimatedRadiographicMagnificationFactor: [1.5], PhotometricInterpretation: ['MONOCHROME1'] }));
  const [crLength] = measurementValuesOf('length', [[0, 0], [100, 0]], crInfo).values;
  assert.deepEqual([crLength!.value, crLength!.unit, crLength!.calibration, formatValue(crLength!)], [10, 'mm', 'ermf', '10.00 mm (ERMF)']);

  const region = dataset({ RegionLocationMinX0: [10], RegionLocationMinY0: [20], RegionLocationMaxX1: [109], RegionLocationMaxY1: [119], PhysicalUnitsXDirection: [3], PhysicalUnitsYDirection: [3], PhysicalDeltaX: [0.025], PhysicalDeltaY: [0.025] });
  const usHeader = dataset({ Modality: ['US'], PhotometricInterpretation: ['MONOCHROME2'] });
  usHeader[tagOf('SequenceOfUltrasoundRegions')] = { vr: 'SQ', Value: [region] };
  const usInfo = imageInfoOf(usHeader);
  const [usLength] = measurementValuesOf('length', [[20, 30], [60, 30]], usInfo).values;
  assert.ok(Math.abs(usLength!.value - 10) < 1e-9);
  assert.equal(formatValue(usLength!), '10.00 mm (US region)');
  const [outside] = measurementValuesOf('length', [[0, 0], [60, 30]], usInfo).values;
  assert.deepEqual([outside!.unit, formatValue(outside!)], ['px', '67.08 px']);
});

test('angles and Cobb angles in physical space; bidirectional long and short axes', () => {
  const info = imageInfoOf(dataset({ PixelSpacing: [1, 1] }));
  const [right] = measurementValuesOf('angle', [[10, 0], [0, 0], [0, 10]], info).values;
  assert.equal(right!.value, 90);
  assert.equal(formatValue(right!), '90.00°');
  const [cobb] = measurementValuesOf('cobb-angle', [[0, 0], [10, 0], [0, 5], [10, 15]], info).values;
  assert.ok(Math.abs(cobb!.value - 45) < 1e-9);
  // Anisotropic pixels: 1 px across is 2 mm, 1 px down is 1 mm, so the "45°" diagonal in pixels is 26.57° from a row.
  const anisotropic = imageInfoOf(dataset({ PixelSpacing: [1, 2] }));
  assert.ok(Math.abs(measurementValuesOf('angle', [[10, 0], [0, 0], [10, 10]], anisotropic).values[0]!.value - 26.565051177) < 1e-6);
  const bidirectional = measurementValuesOf('bidirectional', [[0, 5], [10, 5], [5, 2], [5, 8]], info).values;
  assert.deepEqual(bidirectional.map(({ name, value }) => [name, value]), [['long-axis', 10], ['short-axis', 6]]);
});

test('points in patient coordinates agree with the generator\'s geometry (pixel centres)', () => {
  const info = imageInfoOf(ctHeader);
  assert.deepEqual(patientPointOf(info, [256.5, 346.5]), phantomPatientPoint(ctPhantom, 256, 346, 0));
  const measurement = describeMeasurement({ id: 'm1', type: 'length', label: 'x', points: [[0.5, 0.5], [10.5, 0.5]] }, info);
  assert.deepEqual(measurement.points.patient, [[...ctPhantom.firstPosition], [ctPhantom.firstPosition[0] + 7, ctPhantom.firstPosition[1], ctPhantom.firstPosition[2]]]);
  assert.equal(imageInfoOf(dataset({ Modality: ['CR'] })).plane, undefined);
  assert.equal(describeMeasurement({ id: 'm2', type: 'probe', label: '', points: [[1, 1]] }, imageInfoOf(dataset({ Modality: ['CR'] }))).points.patient, null);
});

test('bad input to setMeasurements is refused with a clear message', () => {
  const good = describeMeasurement({ id: 'm1', type: 'length', label: '', points: [[1, 1], [5, 5]] }, imageInfoOf(ctHeader));
  assert.doesNotThrow(() => checkMeasurement(good, 0));
  assert.throws(() => checkMeasurement({ ...good, type: 'circle' }, 2), /Measurement 2: unknown type "circle"/);
  assert.throws(() => checkMeasurement({ ...good, points: { image: [[1, 1]], patient: null } }, 0), /a length has 2 points, not 1/);
  assert.throws(() => checkMeasurement({ ...good, id: '' }, 0), /no id/);
  assert.throws(() => checkMeasurement(null, 0), /not an object/);
});
