// The store on disk: refusing bad input without damage, idempotent re-ingest, atomic blob writes, reopening.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import dicomParser from 'dicom-parser';
import { generateMultiFrameCt, generateSampleInstances, multiFrameCt } from '../../src/sample-data/generate.js';
import { sampleStudy } from '../../src/sample-data/phantom.js';
import { temporarySuffix } from '../../src/server/store/file-blob-store.js';
import { IngestError, openFileStore, type DicomStore } from '../../src/server/store/store.js';
import { multiFrame, writeMultiFrameFiles, type MultiFrameFiles } from './fixtures.js';

let dir: string;
let storeDir: string;
let store: DicomStore;
let samples: Uint8Array[];
let multiFrameFiles: MultiFrameFiles;

async function filesUnder(path: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer[]> {
  const all: Buffer[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return all;
}

async function studySummary(target: DicomStore) {
  const studies = await target.search({ level: 'study', conditions: [], limit: 100, offset: 0 });
  return studies.map((study) => ({
    uid: study.studyAttributes['0020000D']?.Value?.[0],
    series: study.numberOfStudyRelatedSeries,
    instances: study.numberOfRelatedInstances,
    modalities: study.modalitiesInStudy,
  }));
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-store-test-'));
  storeDir = join(dir, 'store');
  store = await openFileStore(storeDir);
  samples = [...generateSampleInstances({ ctSlices: 4 })].map((instance) => instance.bytes);
  for (const bytes of samples) assert.equal((await store.ingest(bytes)).status, 'stored');
  multiFrameFiles = await writeMultiFrameFiles(await mkdtemp(join(dir, 'multi-frame-')));
});

after(async () => {
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

test('no temporary files are left after ingest, and each blob is a whole file', async () => {
  const files = await filesUnder(join(storeDir, 'blobs'));
  assert.equal(files.length, samples.length);
  assert.equal(files.filter((file) => file.endsWith(temporarySuffix)).length, 0);
  const sizes = (await Promise.all(files.map((file) => readFile(file)))).map((bytes) => bytes.length).sort();
  assert.deepEqual(sizes, samples.map((bytes) => bytes.length).sort());
});

test('re-sending an instance is idempotent', async () => {
  const before = await studySummary(store);
  const result = await store.ingest(samples[0]!);
  assert.equal(result.status, 'unchanged');
  assert.deepEqual(await studySummary(store), before);
  assert.equal((await filesUnder(join(storeDir, 'blobs'))).length, samples.length);
});

test('a truncated file is refused with a clear error and the store is left intact', async () => {
  const before = await studySummary(store);
  const fresh = [...generateSampleInstances({ ctSlices: 5 })][4]!.bytes; // a CT slice not stored yet
  const truncated = fresh.slice(0, fresh.length - 1000);
  await assert.rejects(store.ingest(truncated), (error: unknown) => {
    assert.ok(error instanceof IngestError);
    assert.equal(error.code, 'truncated');
    assert.match(error.message, /truncated/);
    return true;
  });
  assert.deepEqual(await studySummary(store), before);
  assert.equal((await filesUnder(join(storeDir, 'blobs'))).length, samples.length);
});

test('non-DICOM input and a missing UID are refused with their reasons', async () => {
  await assert.rejects(store.ingest(new TextEncoder().encode('hello '.repeat(40))), { name: 'IngestError', code: 'not-dicom' });
  const bytes = Buffer.from(samples[1]!);
  const uid = Buffer.from(sampleStudy.studyInstanceUid);
  const at = bytes.indexOf(uid, 132);
  bytes.fill(0x20, at, at + uid.length); // StudyInstanceUID blanked, length unchanged
  await assert.rejects(store.ingest(bytes), (error: unknown) => {
    assert.ok(error instanceof IngestError);
    assert.equal(error.code, 'missing-uid');
    assert.match(error.message, /StudyInstanceUID \(0020,000D\) is missing or empty/);
    return true;
  });
});

test('an implicit VR file gives the same metadata as its explicit VR original', async () => {
  await store.ingest(await readFile(multiFrameFiles.native));
  await store.ingest(await readFile(multiFrameFiles.implicit));
  const [native] = (await store.retrieveMetadata({
    studyInstanceUid: multiFrame.studyInstanceUid,
    seriesInstanceUid: multiFrame.seriesInstanceUid,
    sopInstanceUid: multiFrame.sopInstanceUidOf('native'),
  }))!.map((text) => JSON.parse(text) as Record<string, unknown>);
  const [implicit] = (await store.retrieveMetadata({
    studyInstanceUid: multiFrame.studyInstanceUid,
    seriesInstanceUid: multiFrame.seriesInstanceUid,
    sopInstanceUid: multiFrame.sopInstanceUidOf('implicit'),
  }))!.map((text) => JSON.parse(text) as Record<string, unknown>);
  // What legitimately differs: the UIDs, the syntax, and OB/OW of pixel data (implicit VR is always OW).
  for (const tag of ['00080018', '00083002', '7FE00010']) {
    delete native![tag];
    delete implicit![tag];
  }
  assert.deepEqual(implicit, native);
});

test('a store reopened from disk answers the same', async () => {
  const before = await studySummary(store);
  const location = await store.findInstance(multiFrame.sopInstanceUidOf('native'));
  const frameBefore = Buffer.concat(await collect(store.readRanges(location!, location!.frames![1]!)));
  await store.close();
  store = await openFileStore(storeDir);
  assert.deepEqual(await studySummary(store), before);
  const reopened = await store.findInstance(multiFrame.sopInstanceUidOf('native'));
  assert.deepEqual(reopened, location);
  const frameAfter = Buffer.concat(await collect(store.readRanges(reopened!, reopened!.frames![1]!)));
  assert.deepEqual(frameAfter, frameBefore);
  assert.equal((await store.ingest(samples[2]!)).status, 'unchanged');
});

test('a multi-frame CT from the generator: each frame read from its range is the CT slice of that index', async () => {
  const frames = 6;
  const multi = generateMultiFrameCt({ frames });
  const result = await store.ingest(multi.bytes);
  assert.equal(result.numberOfFrames, frames);
  const location = (await store.findInstance(multiFrameCt.sopInstanceUid))!;
  const slices = [...generateSampleInstances({ ctSlices: frames })].slice(0, frames);
  for (const index of [4, 0, 5]) {
    const [frame] = await collect(store.readRanges(location, location.frames![index]!));
    const slice = dicomParser.parseDicom(slices[index]!.bytes);
    const pixelData = slice.elements.x7fe00010!;
    assert.deepEqual(frame, Buffer.from(slices[index]!.bytes.subarray(pixelData.dataOffset, pixelData.dataOffset + pixelData.length)), `frame ${index + 1}`);
  }
  assert.equal((await store.delete({ studyInstanceUid: multiFrameCt.studyInstanceUid, seriesInstanceUid: multiFrameCt.seriesInstanceUid })), 1);
});
