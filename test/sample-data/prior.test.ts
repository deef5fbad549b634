// The sample patient's prior study (src/sample-data/prior.ts): same patient, older date, same body part and modality,
// its own scan session, thicker slices of the same phantom; reproducible; part of the demo's sample.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateSampleInstancesWithCompressed } from '../../src/sample-data/compressed.js';
import { ctStoredSlice, generateSampleInstances } from '../../src/sample-data/generate.js';
import { ctPhantom, imagePositionPatient, sampleStudy } from '../../src/sample-data/phantom.js';
import { generatePriorInstances, priorSliceStep, priorStudy } from '../../src/sample-data/prior.js';
import { readInstance } from '../../src/sample-data/write-instance.js';

const instances = [...generatePriorInstances()];
const datasets = instances.map(({ bytes }) => readInstance(bytes).dataset);
const [series] = priorStudy.series;

test('the prior is the sample patient\'s older CT of the same body part, in a scan session of its own', () => {
  assert.equal(instances.length, series.instanceCount);
  assert.ok(series.instanceCount >= 30, 'enough slices to scroll');
  const [current] = [...generateSampleInstances({ ctSlices: 1 })].map(({ bytes }) => readInstance(bytes).dataset);
  for (const dataset of datasets) {
    assert.equal(dataset.PatientID, current!.PatientID);
    assert.deepEqual(dataset.PatientName, current!.PatientName);
    assert.equal(dataset.PatientBirthDate, current!.PatientBirthDate);
    assert.equal(dataset.Modality, 'CT');
    assert.equal(dataset.BodyPartExamined, current!.BodyPartExamined);
    assert.equal(dataset.StudyInstanceUID, priorStudy.studyInstanceUid);
    assert.equal(dataset.SeriesInstanceUID, series.seriesInstanceUid);
    assert.notEqual(dataset.FrameOfReferenceUID, current!.FrameOfReferenceUID);
    assert.ok(String(dataset.StudyDate) < sampleStudy.studyDate, 'older than the demo study');
  }
  assert.equal(new Set(datasets.map((dataset) => dataset.SOPInstanceUID)).size, instances.length);
});

test('its slices are every third slice of the phantom, numbered and as thick as their spacing', () => {
  for (const [index, dataset] of datasets.entries()) {
    const phantomSlice = index * priorSliceStep;
    assert.equal(Number(dataset.InstanceNumber), index + 1);
    assert.deepEqual((dataset.ImagePositionPatient as string[]).map(Number), imagePositionPatient(ctPhantom, phantomSlice));
    assert.equal(Number(dataset.SliceThickness), ctPhantom.sliceThickness * priorSliceStep);
  }
  const last = datasets.length - 1;
  assert.deepEqual(new Uint16Array((datasets[last]!.PixelData as ArrayBuffer[])[0]!), ctStoredSlice(last * priorSliceStep));
});

test('the prior is the same bytes on every run, and in the demo\'s sample', async () => {
  const again = [...generatePriorInstances()];
  assert.ok(again.every((instance, index) => Buffer.from(instance.bytes).equals(Buffer.from(instances[index]!.bytes))));
  const sample = await generateSampleInstancesWithCompressed({ ctSlices: 2 });
  const names = new Set(sample.map((instance) => instance.fileName));
  assert.ok(instances.every((instance) => names.has(instance.fileName)));
  assert.equal(names.size, sample.length);
});
