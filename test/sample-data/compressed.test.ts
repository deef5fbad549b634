// The sample's compressed series: their syntaxes, their pixels decoded by other code than the encoders', their
// determinism, and dciodvfy's verdict.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import dicomParser from 'dicom-parser';
import sharp from 'sharp';
import {
  generateCompressedSampleInstances,
  generateSampleInstancesWithCompressed,
  htj2kLosslessUid,
  htj2kMrSeries,
  jpegBaselineUid,
  jpegCtSeries,
  windowedCtSlice,
} from '../../src/sample-data/compressed.js';
import { mrStoredSlice, type GeneratedInstance } from '../../src/sample-data/generate.js';
import { ctPhantom, mrPhantom, sampleStudy } from '../../src/sample-data/phantom.js';
import { readInstance } from '../../src/sample-data/write-instance.js';

interface HtJ2kDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean };
  getDecodedBuffer(): Uint8Array;
  delete(): void;
}

let instances: GeneratedInstance[];
let dir: string;

before(async () => {
  instances = await generateCompressedSampleInstances();
  dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-compressed-sample-'));
});

after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const ofSeries = (folder: string) => instances.filter((instance) => instance.fileName.startsWith(`${sampleStudy.patientId}/${folder}/`));

/** The one fragment of a single-frame encapsulated Pixel Data, checking the Basic Offset Table names frame 1 at 0. */
function onlyFragment(bytes: Uint8Array): Uint8Array {
  const parsed = dicomParser.parseDicom(bytes);
  const pixelData = parsed.elements.x7fe00010!;
  assert.equal(pixelData.encapsulatedPixelData, true);
  assert.deepEqual(pixelData.basicOffsetTable, [0]);
  assert.equal(pixelData.fragments!.length, 1);
  const fragment = pixelData.fragments![0]!;
  return bytes.subarray(fragment.position, fragment.position + fragment.length);
}

test('an HTJ2K lossless MR series and a JPEG baseline series join the demo study, each under its syntax', () => {
  const htj2k = ofSeries(htj2kMrSeries.folderName);
  const jpeg = ofSeries(jpegCtSeries.folderName);
  assert.equal(htj2k.length, mrPhantom.slices);
  assert.equal(jpeg.length, jpegCtSeries.instanceCount);
  assert.equal(htj2k.length + jpeg.length, instances.length);
  for (const [series, syntax, said] of [
    [htj2k, htj2kLosslessUid, /HTJ2K lossless/],
    [jpeg, jpegBaselineUid, /JPEG baseline/],
  ] as const) {
    const uids = new Set<string>();
    for (const instance of series) {
      const { meta, dataset } = readInstance(instance.bytes);
      assert.equal(meta.TransferSyntaxUID, syntax, instance.fileName);
      assert.match(String(dataset.SeriesDescription), said);
      assert.equal(dataset.StudyInstanceUID, sampleStudy.studyInstanceUid);
      assert.equal(dataset.PatientID, sampleStudy.patientId);
      uids.add(String(dataset.SeriesInstanceUID));
    }
    assert.equal(uids.size, 1);
  }
});

test('HTJ2K frames decode with OpenJPH to exactly the MR slices', async () => {
  const factory = createRequire(import.meta.url)('@cornerstonejs/codec-openjph') as () => Promise<{ HTJ2KDecoder: new () => HtJ2kDecoder }>;
  const codec = await factory();
  for (const [sliceIndex, instance] of ofSeries(htj2kMrSeries.folderName).entries()) {
    const { dataset } = readInstance(instance.bytes);
    assert.equal(dataset.BitsStored, mrPhantom.bitsStored);
    assert.equal(dataset.LossyImageCompression, '00');
    const frame = onlyFragment(instance.bytes);
    const decoder = new codec.HTJ2KDecoder();
    try {
      decoder.getEncodedBuffer(frame.length).set(frame);
      decoder.decode();
      const info = decoder.getFrameInfo();
      assert.deepEqual([info.width, info.height, info.componentCount, info.bitsPerSample, info.isSigned], [mrPhantom.columns, mrPhantom.rows, 1, mrPhantom.bitsStored, false]);
      const expected = mrStoredSlice(sliceIndex);
      const decoded = decoder.getDecodedBuffer().slice(0, expected.byteLength);
      assert.ok(Buffer.from(decoded).equals(Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength)), `slice ${sliceIndex} differs`);
    } finally {
      decoder.delete();
    }
  }
});

test('JPEG frames are 8-bit greyscale baseline, marked lossy, and decode with sharp close to the windowed CT', async () => {
  for (const [sliceIndex, instance] of ofSeries(jpegCtSeries.folderName).entries()) {
    const { dataset } = readInstance(instance.bytes);
    assert.equal(dataset.PhotometricInterpretation, 'MONOCHROME2');
    assert.deepEqual([dataset.BitsAllocated, dataset.BitsStored, dataset.HighBit, dataset.SamplesPerPixel], [8, 8, 7, 1]);
    assert.equal(dataset.LossyImageCompression, '01');
    assert.equal(dataset.LossyImageCompressionMethod, 'ISO_10918_1');
    assert.deepEqual([dataset.WindowCenter, dataset.WindowWidth], [127.5, 256]);
    const frame = onlyFragment(instance.bytes);
    const ratio = Number(dataset.LossyImageCompressionRatio);
    assert.ok(Math.abs(ratio - (ctPhantom.rows * ctPhantom.columns) / frame.length) < 0.01, `ratio ${ratio}`);

    // SOF0 (baseline) with one component, and neither progressive (SOF2) nor extended (SOF1) frames.
    const sof0 = Buffer.from(frame).indexOf(Buffer.from([0xff, 0xc0]));
    assert.ok(sof0 > 0, 'no SOF0 marker');
    assert.equal(frame[sof0 + 4], 8, 'sample precision');
    assert.equal(frame[sof0 + 9], 1, 'component count');
    assert.equal(Buffer.from(frame).indexOf(Buffer.from([0xff, 0xc2])), -1);
    assert.equal(Buffer.from(frame).indexOf(Buffer.from([0xff, 0xc1])), -1);

    assert.equal((await sharp(frame).metadata()).channels, 1);
    // sharp hands decoded greyscale to libvips as sRGB unless asked for one band.
    const { data, info } = await sharp(frame).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    assert.deepEqual([info.width, info.height, info.channels], [ctPhantom.columns, ctPhantom.rows, 1]);
    const expected = windowedCtSlice(sliceIndex);
    let worst = 0;
    let sum = 0;
    for (let i = 0; i < expected.length; i++) {
      const error = Math.abs(data[i]! - expected[i]!);
      worst = Math.max(worst, error);
      sum += error;
    }
    // Ringing at the phantom's sharp edges costs a few grey levels; the flat regions come back almost exactly.
    assert.ok(worst <= 20, `slice ${sliceIndex}: worst error ${worst}`);
    assert.ok(sum / expected.length < 0.25, `slice ${sliceIndex}: mean error ${sum / expected.length}`);
  }
});

test('the windowed slices span black to white, so the JPEG test compares real contrast', () => {
  const slice = windowedCtSlice(0);
  assert.equal(slice.reduce((a, b) => Math.min(a, b)), 0);
  assert.equal(slice.reduce((a, b) => Math.max(a, b)), 255);
  assert.ok(new Set(slice).size >= 3);
});

test('a second run writes the same bytes', async () => {
  const again = await generateCompressedSampleInstances();
  assert.deepEqual(
    again.map((instance) => instance.fileName),
    instances.map((instance) => instance.fileName),
  );
  for (const [index, instance] of again.entries()) assert.ok(Buffer.from(instance.bytes).equals(Buffer.from(instances[index]!.bytes)), instance.fileName);
});

test('another process writes the same bytes: nothing depends on process state', () => {
  const digestOf = (all: readonly GeneratedInstance[]) => {
    const hash = createHash('sha256');
    for (const instance of all) hash.update(instance.fileName).update(instance.bytes);
    return hash.digest('hex');
  };
  const script = `import { createHash } from 'node:crypto';
    import { generateCompressedSampleInstances } from ${JSON.stringify(new URL('../../src/sample-data/compressed.ts', import.meta.url).href)};
    const hash = createHash('sha256');
    for (const instance of await generateCompressedSampleInstances()) hash.update(instance.fileName).update(instance.bytes);
    console.log(hash.digest('hex'));`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: process.cwd() });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout.trim(), digestOf(instances));
});

test('the whole sample is the uncompressed studies followed by the compressed series', async () => {
  const all = await generateSampleInstancesWithCompressed({ ctSlices: 2 });
  assert.deepEqual(all.slice(-instances.length).map((instance) => instance.fileName), instances.map((instance) => instance.fileName));
  assert.equal(new Set(all.map((instance) => instance.fileName)).size, all.length);
});

const hasDciodvfy = spawnSync('sh', ['-c', 'command -v dciodvfy']).status === 0;

test('dciodvfy finds no errors in one instance of each series', { skip: hasDciodvfy ? false : 'dciodvfy (dicom3tools) is not installed' }, async () => {
  const htj2k = Buffer.from(ofSeries(htj2kMrSeries.folderName)[0]!.bytes);
  // dicom3tools of 2022 predates HTJ2K and reads its encapsulated Pixel Data as native; the same file labelled
  // JPEG 2000 lossless (one UID for another, the meta group length 2 shorter) lets it check the IOD.
  const from = Buffer.from(`${htj2kLosslessUid}\0`);
  const at = htj2k.indexOf(from);
  assert.ok(at > 0 && at < 300);
  const relabelled = Buffer.concat([htj2k.subarray(0, at), Buffer.from('1.2.840.10008.1.2.4.90'), htj2k.subarray(at + from.length)]);
  relabelled.writeUInt32LE(relabelled.readUInt32LE(140) - 2, 140); // (0002,0000)'s value follows its 8-byte header at 132
  relabelled.writeUInt16LE(22, at - 2); // the Transfer Syntax UID element's 16-bit length
  const files = { htj2k: join(dir, 'htj2k.dcm'), jpeg: join(dir, 'jpeg.dcm') };
  await writeFile(files.htj2k, relabelled);
  await writeFile(files.jpeg, ofSeries(jpegCtSeries.folderName)[0]!.bytes);
  for (const file of Object.values(files)) {
    const run = spawnSync('dciodvfy', [file], { encoding: 'utf8' });
    const said = `${run.stdout}${run.stderr}`;
    assert.doesNotMatch(said, /^Error/m, `${file}:\n${said}`);
    assert.match(said, /MRImage|SCImage/);
  }
});
