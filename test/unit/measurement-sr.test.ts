// Measurements as a TID 1500 Measurement Report and back (src/measurements/sr-report.ts): DCMTK reads and checks what
// is written, what is read back is what was written, and a report made by DCMTK as another tool writes one loads as far
// as its content goes, naming the rest.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { setValues, type DicomJsonDataset } from '../../src/dicomweb/dicom-json.js';
import { imageInfoOf } from '../../src/measurements/image-info.js';
import { describeMeasurement, type Measurement, type MeasurementType } from '../../src/measurements/measurement.js';
import { naturalDatasetOf, readMeasurementReport, writeMeasurementReport } from '../../src/measurements/sr-report.js';
import { otherToolReport } from './measurement-sr-fixture.js';

const run = promisify(execFile);

function dataset(attributes: Record<string, unknown[]>): DicomJsonDataset {
  const result: DicomJsonDataset = {};
  for (const [keyword, values] of Object.entries(attributes)) setValues(result, keyword as never, values);
  return result;
}

const ctImage = dataset({
  SOPClassUID: ['1.2.840.10008.5.1.4.1.1.2'],
  SOPInstanceUID: ['1.2.826.0.1.3680043.9.7.1.3'],
  StudyInstanceUID: ['1.2.826.0.1.3680043.9.7.1'],
  SeriesInstanceUID: ['1.2.826.0.1.3680043.9.7.1.2'],
  Modality: ['CT'],
  PatientName: [{ Alphabetic: 'Phantom^Water' }],
  PatientID: ['PHANTOM-1'],
  PatientBirthDate: ['19700101'],
  PatientSex: ['O'],
  StudyDate: ['20260101'],
  StudyTime: ['101010'],
  StudyID: ['1'],
  AccessionNumber: ['A1'],
  ReferringPhysicianName: [{ Alphabetic: 'Referrer^Ann' }],
  PixelSpacing: [0.5, 0.5],
  ImagePositionPatient: [-128, -128, 0],
  ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
  PhotometricInterpretation: ['MONOCHROME2'],
  Rows: [512],
  Columns: [512],
});
const info = imageInfoOf(ctImage);
const headerOf = (sopInstanceUid: string) => (sopInstanceUid === info.sopInstanceUid ? ctImage : undefined);

const drawn: Array<{ type: MeasurementType; label: string; points: Array<[number, number]> }> = [
  { type: 'length', label: 'Lesion width', points: [[10.5, 10.25], [40, 50]] },
  { type: 'angle', label: '', points: [[10, 10], [40, 50], [80, 20]] },
  { type: 'cobb-angle', label: 'Cobb', points: [[10, 10], [40, 10], [10, 30], [40, 50]] },
  { type: 'bidirectional', label: 'Node', points: [[10, 10], [50, 10], [30, 5], [30, 15]] },
  { type: 'ellipse-roi', label: 'Water', points: [[50, 30], [50, 70], [30, 50], [70, 50]] },
  { type: 'rectangle-roi', label: 'Box', points: [[10, 10], [40, 10], [10, 30], [40, 30]] },
  { type: 'freehand-roi', label: 'Outline', points: [[10, 10], [40, 10], [30, 30], [15, 25]] },
  { type: 'probe', label: 'Here', points: [[100, 120]] },
  { type: 'arrow', label: 'Look', points: [[10, 10], [20, 25]] },
];
const measurements: Measurement[] = drawn.map((parts, at) => describeMeasurement({ id: `m${at}`, ...parts }, info));
const textLabel = describeMeasurement({ id: 'text', type: 'text', label: 'A note', points: [[5, 5]] }, info);

async function inTemporaryFolder<T>(work: (folder: string) => Promise<T>): Promise<T> {
  const folder = await mkdtemp(join(tmpdir(), 'measurement-sr-'));
  try {
    return await work(folder);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

function arrayBufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** Points as a set: the adapters write an ellipse's axes longest first. */
const pointSet = (points: ReadonlyArray<readonly number[]>) => points.map(([x, y]) => `${x!.toFixed(3)},${y!.toFixed(3)}`).sort();

test('a report of every kind of measurement reads without errors in DCMTK (dsrdump), and dciodvfy finds no error in it', async () => {
  const report = writeMeasurementReport([...measurements, textLabel], headerOf);
  assert.equal(report.written, measurements.length);
  assert.deepEqual(report.skipped, ['text "A note": TID 1500 has no form for it']);
  assert.equal(report.studyInstanceUid, info.studyInstanceUid);
  await inTemporaryFolder(async (folder) => {
    const file = join(folder, 'report.dcm');
    await writeFile(file, report.bytes);
    const dump = await run('dsrdump', [file]);
    assert.doesNotMatch(dump.stderr, /^[EF]:/m, dump.stderr);
    assert.match(dump.stdout, /Enhanced SR Document/);
    assert.match(dump.stdout, /"Imaging Measurement Report"/);
    assert.match(dump.stdout, /NUM:\(,,"Length"\)="24\.75\d*" \(mm,UCUM/);
    assert.equal((dump.stdout.match(/"Measurement Group"/g) ?? []).length, measurements.length);
    // dciodvfy exits non-zero on warnings too: the verdict is in its lines.
    const verify = await run('dciodvfy', [file]).catch((error: { stdout: string; stderr: string }) => error);
    const errors = `${verify.stdout}${verify.stderr}`.split('\n').filter((line) => /^Error/.test(line));
    assert.deepEqual(errors, []);
  });
});

test('each new report is a new instance, in the series it is told to join', () => {
  const first = writeMeasurementReport(measurements, headerOf);
  const second = writeMeasurementReport(measurements, headerOf, { seriesInstanceUid: first.seriesInstanceUid, instanceNumber: 2 });
  assert.notEqual(second.sopInstanceUid, first.sopInstanceUid);
  assert.equal(second.seriesInstanceUid, first.seriesInstanceUid);
  const dataset = naturalDatasetOf(arrayBufferOf(second.bytes));
  assert.equal(dataset.InstanceNumber, 2);
  assert.equal(dataset.Modality, 'SR');
  assert.equal(dataset.PatientID, 'PHANTOM-1');
});

test('reading a written report gives back each measurement: its type, label, image, points and so its values', () => {
  const report = writeMeasurementReport(measurements, headerOf);
  const read = readMeasurementReport(naturalDatasetOf(arrayBufferOf(report.bytes)), true);
  assert.equal(read.sopInstanceUid, report.sopInstanceUid);
  assert.deepEqual(read.skipped, []);
  assert.deepEqual(read.measurements.map((m) => m.type).sort(), measurements.map((m) => m.type).sort());
  for (const original of measurements) {
    const back = read.measurements.find((m) => m.type === original.type)!;
    assert.equal(back.label, original.label, original.type);
    assert.equal(back.sopInstanceUid, original.image.sopInstanceUid);
    assert.equal(back.frameNumber, 1);
    if (original.type === 'ellipse-roi') assert.deepEqual(pointSet(back.points), pointSet(original.points.image));
    else assert.deepEqual(back.points, original.points.image, original.type);
    const again = describeMeasurement({ id: original.id, type: back.type, label: back.label, points: back.points }, info);
    assert.deepEqual(again.values, original.values, original.type);
  }
});

test('a report from another tool (made by DCMTK from a template) loads its length, ellipse and polygon, and names what it skipped', async () => {
  const bytes = await otherToolReport(
    { patientId: 'PHANTOM-1', patientName: 'Phantom', studyInstanceUid: info.studyInstanceUid, seriesInstanceUid: info.seriesInstanceUid, sopInstanceUid: info.sopInstanceUid, sopClassUid: '1.2.840.10008.5.1.4.1.1.2' },
    { seriesInstanceUid: '1.2.826.0.1.3680043.9.7.1.77', sopInstanceUid: '1.2.826.0.1.3680043.9.7.1.77.1' },
  );
  const read = readMeasurementReport(naturalDatasetOf(arrayBufferOf(bytes)), true);
  assert.deepEqual(
    read.measurements.map(({ type, label, points }) => ({ type, label, points })),
    [
      { type: 'length', label: 'Lesion 1', points: [[100, 100], [160, 180]] },
      { type: 'ellipse-roi', label: 'Lesion 2', points: [[200, 250], [260, 250], [230, 240], [230, 260]] },
      { type: 'freehand-roi', label: 'Lesion 3', points: [[10, 10], [40, 10], [30, 30], [20, 40], [10, 30]] },
    ],
  );
  assert.deepEqual(read.skipped, ['Lesion 4: no image coordinates', 'Lesion 5: its CIRCLE has no tool here']);
  const length = describeMeasurement({ id: 'l', type: 'length', label: '', points: read.measurements[0]!.points }, info);
  assert.equal(length.values[0]!.value, 50, 'the length the other tool wrote, recomputed from its points');
});

test('bad input is refused with a clear error', () => {
  assert.throws(() => writeMeasurementReport(measurements, () => undefined), /No measurement to write \(length "Lesion width": its image .* is not known/);
  assert.throws(() => writeMeasurementReport([textLabel], headerOf), /No measurement to write \(text "A note": TID 1500 has no form for it\)/);
  const notAReport = dataset({ SOPClassUID: ['1.2.840.10008.5.1.4.1.1.88.22'], Modality: ['SR'] });
  assert.throws(() => readMeasurementReport(notAReport), /Not a TID 1500 Measurement Report/);
});
