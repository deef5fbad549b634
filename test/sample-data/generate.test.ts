// The sample-data generator: files written, reproducible bytes, headers and pixels equal to the phantom definitions, valid DICOM.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { generateSampleInstances, writeSampleData } from '../../src/sample-data/generate.js';
import {
  ctHuAt,
  ctPhantom,
  imagePositionPatient,
  mrPhantom,
  mrValueAt,
  regionIndexAt,
  sampleStudies,
  sampleStudy,
  secondStudy,
  sopClassUids,
  sopInstanceUidOf,
  type PhantomGeometry,
  type PhantomRegion,
  type SampleSeries,
} from '../../src/sample-data/phantom.js';
import { uidFor } from '../../src/sample-data/uid.js';
import { explicitVrLittleEndian, implementationClassUid, readInstance, type NaturalizedDataset } from '../../src/sample-data/write-instance.js';

const run = promisify(execFile);

const defaultFileCount = ctPhantom.slices + mrPhantom.slices + secondStudy.series[0].instanceCount;
let dir = '';
let paths: string[] = [];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lightbox-sample-'));
  paths = await writeSampleData(dir);
});

after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Every series of the sample studies with its study and the folder its files are in. */
const allSeries = sampleStudies.flatMap((study) => study.series.map((series) => ({ study, series })));

function fileOf(study: { patientId: string }, series: SampleSeries, instanceNumber: number): string {
  return join(dir, study.patientId, series.folderName, `${String(instanceNumber).padStart(4, '0')}.dcm`);
}

async function parse(path: string): Promise<{ meta: NaturalizedDataset; dataset: NaturalizedDataset; pixels: Uint16Array }> {
  const { meta, dataset } = readInstance(new Uint8Array(await readFile(path)));
  const pixelData = dataset.PixelData as ArrayBuffer[];
  return { meta, dataset, pixels: new Uint16Array(pixelData[0]!) };
}

const numbers = (value: unknown): number[] => (value as unknown[]).map(Number);

/** The modality value (HU for CT) of a stored pixel, by the rescale in the file's own header. */
function modalityValue(dataset: NaturalizedDataset, stored: number): number {
  const slope = dataset.RescaleSlope === undefined ? 1 : Number(dataset.RescaleSlope);
  const intercept = dataset.RescaleIntercept === undefined ? 0 : Number(dataset.RescaleIntercept);
  return stored * slope + intercept;
}

test('uidFor is "2.25." and the first 128 bits of SHA-256 in decimal', () => {
  // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223 b00361a3…, the FIPS 180-2 example.
  assert.equal(uidFor('abc'), `2.25.${BigInt('0xba7816bf8f01cfea414140de5dae2223').toString()}`);
  assert.notEqual(uidFor('a'), uidFor('b'));
});

test('every UID of the sample studies is a valid UID and unique where it must be', () => {
  const uidPattern = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))+$/;
  const uids = [
    implementationClassUid,
    ...sampleStudies.flatMap((study) => [
      study.studyInstanceUid,
      ...study.series.flatMap((series) => [series.seriesInstanceUid, series.frameOfReferenceUid, sopInstanceUidOf(series.seriesInstanceUid, 1)]),
    ]),
  ];
  for (const uid of uids) {
    assert.match(uid, uidPattern);
    assert.ok(uid.length <= 64, uid);
  }
  const seriesUids = allSeries.map(({ series }) => series.seriesInstanceUid);
  assert.equal(new Set(seriesUids).size, seriesUids.length);
  assert.notEqual(sampleStudy.studyInstanceUid, secondStudy.studyInstanceUid);
});

test('each phantom region covers the 41 × 41 px square around its centre', () => {
  const check = (regions: readonly PhantomRegion[], columns: number, rows: number) => {
    regions.forEach((region, index) => {
      const [cx, cy] = region.centre;
      assert.ok(cx - 20 >= 0 && cy - 20 >= 0 && cx + 20 < columns && cy + 20 < rows, `${region.name} centre is inside the image`);
      for (let y = cy - 20; y <= cy + 20; y++) {
        for (let x = cx - 20; x <= cx + 20; x++) assert.equal(regionIndexAt(regions, x, y), index, `${region.name} at (${x}, ${y})`);
      }
    });
  };
  check(ctPhantom.regionList, ctPhantom.columns, ctPhantom.rows);
  check(mrPhantom.regionList, mrPhantom.columns, mrPhantom.rows);
  assert.equal(ctHuAt(...ctPhantom.regions.sliceMarker.centre, 7), 70);
  assert.equal(ctHuAt(...ctPhantom.regions.bone.centre, 7), 1000);
});

test('writes every instance of the sample studies, one file per instance', () => {
  assert.equal(paths.length, defaultFileCount);
  const expected = allSeries.flatMap(({ study, series }) =>
    Array.from({ length: series.instanceCount }, (_, i) => fileOf(study, series, i + 1)),
  );
  assert.deepEqual([...paths].sort(), expected.sort());
});

test('two runs give identical bytes', async () => {
  let count = 0;
  for (const instance of generateSampleInstances()) {
    const written = await readFile(join(dir, ...instance.fileName.split('/')));
    assert.ok(Buffer.from(instance.bytes).equals(written), `${instance.fileName} differs between runs`);
    count++;
  }
  assert.equal(count, defaultFileCount);
});

test('ctSlices changes the demo CT only, and keeps the UIDs of the slices it keeps', () => {
  const instances = [...generateSampleInstances({ ctSlices: 3 })];
  assert.equal(instances.length, 3 + mrPhantom.slices + secondStudy.series[0].instanceCount);
  const firstCt = readInstance(instances[0]!.bytes).dataset;
  assert.equal(firstCt.SOPInstanceUID, sopInstanceUidOf(sampleStudy.series[0].seriesInstanceUid, 1));
  assert.throws(() => generateSampleInstances({ ctSlices: 0 }).next(), RangeError);
});

for (const { study, series } of allSeries) {
  test(`${study.patientId} ${series.seriesDescription}: headers, geometry and pixels match the phantom`, async () => {
    const phantom: PhantomGeometry = series.phantom === 'ct' ? ctPhantom : mrPhantom;
    const regions = series.phantom === 'ct' ? ctPhantom.regionList : mrPhantom.regionList;
    const truth = series.phantom === 'ct' ? ctHuAt : mrValueAt;
    const [rowDirection, columnDirection] = [phantom.imageOrientationPatient.slice(0, 3), phantom.imageOrientationPatient.slice(3)];
    const normal = [
      rowDirection[1]! * columnDirection[2]! - rowDirection[2]! * columnDirection[1]!,
      rowDirection[2]! * columnDirection[0]! - rowDirection[0]! * columnDirection[2]!,
      rowDirection[0]! * columnDirection[1]! - rowDirection[1]! * columnDirection[0]!,
    ];
    assert.deepEqual(normal.map((n) => n + 0), [...phantom.normal], 'slices advance along row × column');

    for (let sliceIndex = 0; sliceIndex < series.instanceCount; sliceIndex++) {
      const instanceNumber = sliceIndex + 1;
      const { meta, dataset, pixels } = await parse(fileOf(study, series, instanceNumber));
      const where = `${series.folderName} #${instanceNumber}`;

      assert.equal(meta.TransferSyntaxUID, explicitVrLittleEndian, where);
      assert.equal(meta.ImplementationClassUID, implementationClassUid, where);
      assert.equal(meta.MediaStorageSOPClassUID, sopClassUids[series.phantom], where);
      assert.equal(dataset.SOPClassUID, sopClassUids[series.phantom], where);
      assert.equal(meta.MediaStorageSOPInstanceUID, sopInstanceUidOf(series.seriesInstanceUid, instanceNumber), where);
      assert.equal(dataset.SOPInstanceUID, meta.MediaStorageSOPInstanceUID, where);
      assert.equal(dataset.StudyInstanceUID, study.studyInstanceUid, where);
      assert.equal(dataset.SeriesInstanceUID, series.seriesInstanceUid, where);
      assert.equal(dataset.FrameOfReferenceUID, series.frameOfReferenceUid, where);
      assert.equal(dataset.Modality, series.modality, where);
      assert.equal(Number(dataset.InstanceNumber), instanceNumber, where);
      assert.equal(Number(dataset.SeriesNumber), series.seriesNumber, where);
      assert.equal(dataset.PatientID, study.patientId, where);
      assert.deepEqual(dataset.PatientName, [{ Alphabetic: study.patientName }], where);
      assert.equal(dataset.StudyDate, study.studyDate, where);
      assert.equal(dataset.PhotometricInterpretation, 'MONOCHROME2', where);
      assert.equal(dataset.SamplesPerPixel, 1, where);

      assert.equal(dataset.Rows, phantom.rows, where);
      assert.equal(dataset.Columns, phantom.columns, where);
      assert.deepEqual(numbers(dataset.PixelSpacing), [...phantom.pixelSpacing], where);
      assert.equal(Number(dataset.SliceThickness), phantom.sliceThickness, where);
      assert.deepEqual(numbers(dataset.ImageOrientationPatient), [...phantom.imageOrientationPatient], where);
      const position = numbers(dataset.ImagePositionPatient);
      assert.deepEqual(position, imagePositionPatient(phantom, sliceIndex), where);
      const first = imagePositionPatient(phantom, 0);
      const along = position.reduce((sum, p, axis) => sum + (p - first[axis]!) * phantom.normal[axis]!, 0);
      assert.ok(Math.abs(along - sliceIndex * phantom.sliceSpacing) < 1e-6, `${where}: slice spacing`);
      assert.equal(pixels.length, phantom.rows * phantom.columns, where);

      for (const region of regions) {
        const [x, y] = region.centre;
        assert.equal(modalityValue(dataset, pixels[y * phantom.columns + x]!), truth(x, y, sliceIndex), `${where}: ${region.name}`);
      }
      // One whole slice, pixel by pixel, against the value function.
      if (sliceIndex === Math.min(5, series.instanceCount - 1)) {
        for (let y = 0; y < phantom.rows; y++) {
          for (let x = 0; x < phantom.columns; x++) {
            const value = modalityValue(dataset, pixels[y * phantom.columns + x]!);
            if (value !== truth(x, y, sliceIndex)) assert.fail(`${where}: pixel (${x}, ${y}) is ${value}, not ${truth(x, y, sliceIndex)}`);
          }
        }
      }
    }
  });
}

test('the CT header carries the soft-tissue window and the HU rescale', async () => {
  const { dataset } = await parse(fileOf(sampleStudy, sampleStudy.series[0], 1));
  assert.equal(Number(dataset.WindowCenter), 40);
  assert.equal(Number(dataset.WindowWidth), 400);
  assert.equal(Number(dataset.RescaleIntercept), -1024);
  assert.equal(Number(dataset.RescaleSlope), 1);
  assert.equal(dataset.BitsStored, 16);
  const mr = (await parse(fileOf(sampleStudy, sampleStudy.series[1], 1))).dataset;
  assert.equal(mr.BitsStored, 12);
  assert.equal(mr.ScanningSequence, 'SE');
});

async function which(command: string): Promise<string | undefined> {
  try {
    return (await run('which', [command])).stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** One CT and one MR file of the written set. */
const filesToValidate = () => [fileOf(sampleStudy, sampleStudy.series[0], 1), fileOf(sampleStudy, sampleStudy.series[1], 1)];

test('dciodvfy finds no error in a CT and an MR instance', async (t) => {
  const dciodvfy = await which('dciodvfy');
  if (!dciodvfy) {
    t.skip('dciodvfy not installed');
    return;
  }
  for (const file of filesToValidate()) {
    // dciodvfy reports on stderr and exits non-zero on some errors; read both streams either way.
    const output: string = await run(dciodvfy, [file]).then(
      ({ stdout, stderr }) => stdout + stderr,
      (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
    );
    const errors = output.split('\n').filter((line) => line.includes('Error'));
    assert.deepEqual(errors, [], `${relative(dir, file).split(sep).join('/')}:\n${output}`);
  }
});

test('dcmdump parses a CT and an MR instance without error', async (t) => {
  const dcmdump = await which('dcmdump');
  if (!dcmdump) {
    t.skip('dcmdump not installed');
    return;
  }
  for (const file of filesToValidate()) {
    const { stdout, stderr } = await run(dcmdump, [file], { maxBuffer: 16 * 1024 * 1024 });
    assert.doesNotMatch(stderr, /^E:/m, stderr);
    assert.match(stdout, /PixelData/);
  }
});
