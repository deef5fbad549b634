// The benchmark archive generator: patched templates must read back as the plan says, with valid, unique UIDs,
// the same bytes every time, and exactly the number of instances asked for.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stringOf, numberOf } from '../../src/dicomweb/dicom-json.js';
import { archiveImageSize, archiveInstances, archiveSopInstanceUid, archiveStudies, archiveStudy, familyNames, studyInstances } from '../../src/sample-data/archive.js';
import { readInstance } from '../../src/sample-data/write-instance.js';
import { isValidUid, parseInstance } from '../../src/server/dicom/parse-instance.js';

const noBulkDataUri = () => '';

test('archiveInstances yields exactly the count asked for, cutting the last study short', () => {
  for (const count of [0, 1, 37, 1234]) assert.equal([...archiveInstances({ instances: count })].length, count);
});

test('archiveStudies names exactly the studies archiveInstances stores from', () => {
  for (const range of [{ instances: 1 }, { firstStudy: 500, instances: 777 }, { instances: 5_000 }]) {
    const fromInstances = [...new Set([...archiveInstances(range)].map((instance) => instance.studyInstanceUid))];
    assert.deepEqual(
      [...archiveStudies(range)].map((study) => study.studyInstanceUid),
      fromInstances,
    );
  }
});

test('the same study numbers give the same bytes', () => {
  const first = [...archiveInstances({ firstStudy: 42, instances: 300 })];
  const second = [...archiveInstances({ firstStudy: 42, instances: 300 })];
  assert.deepEqual(
    first.map((instance) => instance.bytes),
    second.map((instance) => instance.bytes),
  );
});

test('UIDs are valid, unique, and disjoint between study ranges', () => {
  const seen = new Set<string>();
  for (const firstStudy of [0, 1_000_000]) {
    for (const instance of archiveInstances({ firstStudy, instances: 10_000 })) {
      for (const uid of [instance.studyInstanceUid, instance.seriesInstanceUid, instance.sopInstanceUid]) assert.ok(isValidUid(uid), uid);
      assert.ok(!seen.has(instance.sopInstanceUid), `duplicate ${instance.sopInstanceUid}`);
      seen.add(instance.sopInstanceUid);
    }
  }
});

test('every instance reads back (our parser and dcmjs) with the values of its study plan', () => {
  for (let studyNumber = 0; studyNumber < 40; studyNumber++) {
    const study = archiveStudy(studyNumber);
    const instances = [...studyInstances(study)];
    assert.equal(instances.length, study.series.reduce((sum, series) => sum + series.instanceCount, 0));
    for (const [at, instance] of [instances[0]!, instances.at(-1)!].entries()) {
      const parsed = parseInstance(instance.bytes, noBulkDataUri);
      assert.equal(parsed.studyInstanceUid, study.studyInstanceUid);
      assert.equal(parsed.sopInstanceUid, instance.sopInstanceUid);
      const series = study.series.find((candidate) => candidate.seriesInstanceUid === parsed.seriesInstanceUid)!;
      assert.ok(series);
      const { meta, dataset } = readInstance(instance.bytes);
      assert.equal(meta.MediaStorageSOPInstanceUID, instance.sopInstanceUid);
      assert.equal(meta.MediaStorageSOPClassUID, dataset.SOPClassUID);
      assert.equal(stringOf(parsed.metadata, 'PatientName'), study.patientName);
      assert.equal(stringOf(parsed.metadata, 'PatientID'), study.patientId);
      assert.equal(stringOf(parsed.metadata, 'StudyDate'), study.studyDate);
      assert.equal(stringOf(parsed.metadata, 'StudyTime'), study.studyTime);
      assert.equal(stringOf(parsed.metadata, 'AccessionNumber'), study.accessionNumber);
      assert.equal(stringOf(parsed.metadata, 'StudyDescription'), study.studyDescription);
      assert.equal(stringOf(parsed.metadata, 'SeriesDescription'), series.seriesDescription);
      assert.equal(stringOf(parsed.metadata, 'Modality'), study.modality);
      assert.equal(numberOf(parsed.metadata, 'SeriesNumber'), series.seriesNumber);
      const index = at === 0 ? 0 : series.instanceCount - 1;
      assert.equal(instance.sopInstanceUid, archiveSopInstanceUid(series, index));
      assert.equal(numberOf(parsed.metadata, 'InstanceNumber'), index + 1);
      assert.equal(dataset.Rows, archiveImageSize);
      assert.equal((dataset.PixelData as ArrayBuffer[])[0]!.byteLength, archiveImageSize * archiveImageSize * 2);
    }
  }
});

test('files of one modality have one length, and their pixels differ', () => {
  const lengths = new Map<string, Set<number>>();
  const pixels = new Set<string>();
  for (const instance of archiveInstances({ instances: 6_000 })) {
    const modality = stringOf(parseInstance(instance.bytes, noBulkDataUri).metadata, 'Modality')!;
    (lengths.get(modality) ?? lengths.set(modality, new Set()).get(modality)!).add(instance.bytes.length);
    pixels.add(Buffer.from(instance.bytes.subarray(instance.bytes.length - archiveImageSize * archiveImageSize * 2)).toString('base64'));
  }
  assert.deepEqual([...lengths.keys()].sort(), ['CR', 'CT', 'DX', 'MR']);
  for (const [modality, sizes] of lengths) assert.equal(sizes.size, 1, `${modality}: ${[...sizes]}`);
  assert.equal(pixels.size, 6_000);
});

test('a large series on demand: 1,000 instances of one CT series', () => {
  const study = archiveStudy(900_000, { modality: 'CT', seriesSizes: [1_000] });
  const instances = [...studyInstances(study)];
  assert.equal(instances.length, 1_000);
  assert.equal(new Set(instances.map((instance) => instance.seriesInstanceUid)).size, 1);
  assert.equal(stringOf(parseInstance(instances[999]!.bytes, noBulkDataUri).metadata, 'Modality'), 'CT');
});

test('an archive of 100,000 instances is realistic: thousands of studies and patients, a few series each', () => {
  let instances = 0;
  let series = 0;
  const patients = new Set<string>();
  let studies = 0;
  for (let studyNumber = 0; instances < 100_000; studyNumber++) {
    const study = archiveStudy(studyNumber);
    studies += 1;
    series += study.series.length;
    patients.add(study.patientId);
    instances += study.series.reduce((sum, one) => sum + one.instanceCount, 0);
  }
  assert.ok(studies > 1_000 && studies < 5_000, `${studies} studies`);
  assert.ok(patients.size > studies / 2, `${patients.size} patients`);
  assert.ok(series / studies > 1.5 && series / studies < 5, `${(series / studies).toFixed(1)} series a study`);
});

test('each family name has its own five-letter prefix, so a prefix search finds one family', () => {
  assert.equal(new Set(familyNames.map((name) => name.slice(0, 5))).size, familyNames.length);
});
