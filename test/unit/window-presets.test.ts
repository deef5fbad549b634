import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setValues, type DicomJsonDataset } from '../../src/dicomweb/dicom-json.js';
import { ctPresets, headerPresets, presetsFor } from '../../src/tools/window-presets.js';

function header(centers: unknown[], widths: unknown[], explanations: unknown[] = []): DicomJsonDataset {
  const dataset: DicomJsonDataset = {};
  setValues(dataset, 'WindowCenter', centers);
  setValues(dataset, 'WindowWidth', widths);
  if (explanations.length > 0) setValues(dataset, 'WindowCenterWidthExplanation', explanations);
  return dataset;
}

test('the header windows pair value by value, with their explanations as labels', () => {
  assert.deepEqual(headerPresets(header(['40', '-600'], ['400', '1500'], ['SOFT', 'LUNG'])), [
    { id: 'header-1', label: 'SOFT', windowCenter: 40, windowWidth: 400 },
    { id: 'header-2', label: 'LUNG', windowCenter: -600, windowWidth: 1500 },
  ]);
});

test('a window without explanation is numbered; extra centers without widths are left out', () => {
  assert.deepEqual(headerPresets(header([40, 50, 60], [400, 500])).map((preset) => preset.label), ['Window 1', 'Window 2']);
});

test('under LINEAR, a width below 1 or a center that is not a number is no window (PS3.3 C.11.2.1.2.1)', () => {
  assert.deepEqual(headerPresets(header(['abc', 40, 40], [400, 0, 0.5])), []);
  assert.deepEqual(headerPresets(header([40, 40], [1, 2])).map((preset) => preset.id), ['header-1', 'header-2'], 'the ids keep the header positions');
});

test('under LINEAR_EXACT, a width above 0 is a window (PS3.3 C.11.2.1.3.2), and 0 is none', () => {
  const dataset = header([0.5, 1], [0.5, 0]);
  setValues(dataset, 'VOILUTFunction', ['LINEAR_EXACT']);
  assert.deepEqual(headerPresets(dataset).map((preset) => preset.windowWidth), [0.5]);
});

test('no header, no header windows', () => {
  assert.deepEqual(headerPresets(undefined), []);
  assert.deepEqual(headerPresets({}), []);
});

test('CT gets the CT presets before its header windows; other modalities only their header windows', () => {
  const dataset = header([40], [400], ['HEADER']);
  const ct = presetsFor('CT', dataset);
  assert.deepEqual(ct.slice(0, ctPresets.length), [...ctPresets]);
  assert.equal(ct.at(-1)!.label, 'HEADER');
  assert.deepEqual(presetsFor('MR', dataset).map((preset) => preset.label), ['HEADER']);
  assert.deepEqual(presetsFor(undefined, undefined), []);
});

test('the CT presets have unique ids and positive widths', () => {
  assert.equal(new Set(ctPresets.map((preset) => preset.id)).size, ctPresets.length);
  assert.ok(ctPresets.every((preset) => preset.windowWidth >= 1));
  assert.deepEqual(ctPresets.find((preset) => preset.id === 'lung'), { id: 'lung', label: 'Lung', windowWidth: 1500, windowCenter: -600 });
});
