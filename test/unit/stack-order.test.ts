// orderForStack: the scanner's numbering where the geometry agrees with it, the geometry where it does not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DicomJsonDataset } from '../../src/dicomweb/dicom-json.js';
import { orderForStack } from '../../src/imaging/stack-order.js';

const axial = [1, 0, 0, 0, 1, 0];

/** An instance named by `id` (in SOPInstanceUID) with an InstanceNumber and a z position, either optional. */
function instance(id: string, number: number | undefined, z: number | undefined, orientation = axial): DicomJsonDataset {
  const dataset: DicomJsonDataset = { '00080018': { vr: 'UI', Value: [id] } };
  if (number !== undefined) dataset['00200013'] = { vr: 'IS', Value: [number] };
  if (z !== undefined) {
    dataset['00200037'] = { vr: 'DS', Value: orientation };
    dataset['00200032'] = { vr: 'DS', Value: [-100, -100, z] };
  }
  return dataset;
}

const ids = (instances: DicomJsonDataset[]) => instances.map((item) => item['00080018']!.Value![0]);

test('numbered head→feet: the scanner\'s order, instance 1 (the head) first', () => {
  const series = [instance('c', 3, -10), instance('a', 1, 10), instance('b', 2, 0)];
  assert.deepEqual(ids(orderForStack(series)), ['a', 'b', 'c']);
});

test('numbered feet→head: the scanner\'s order, instance 1 (the feet) first', () => {
  const series = [instance('b', 2, 0), instance('c', 3, 10), instance('a', 1, -10)];
  assert.deepEqual(ids(orderForStack(series)), ['a', 'b', 'c']);
});

test('numbers that disagree with the geometry (a reversal) give way to the position along the normal', () => {
  // 1 at z 0, 2 at z 20, 3 at z 10: no direction of travel; ascending along the normal instead.
  const series = [instance('one', 1, 0), instance('two', 2, 20), instance('three', 3, 10)];
  assert.deepEqual(ids(orderForStack(series)), ['one', 'three', 'two']);
});

test('mixed geometry: an instance without a position falls back to the numbers', () => {
  const series = [instance('c', 3, -10), instance('a', 1, undefined), instance('b', 2, 5)];
  assert.deepEqual(ids(orderForStack(series)), ['a', 'b', 'c']);
});

test('tied numbers: the geometry decides, the arrival order breaks the remaining ties', () => {
  const series = [instance('high', 1, 20), instance('low', 1, -20), instance('mid', 1, 0)];
  assert.deepEqual(ids(orderForStack(series)), ['low', 'mid', 'high']);
  const noGeometry = [instance('first', 4, undefined), instance('second', 4, undefined), instance('zero', 0, undefined)];
  assert.deepEqual(ids(orderForStack(noGeometry)), ['zero', 'first', 'second']);
});

test('two slices at one position: the geometry with the numbers as tie-breaker', () => {
  const series = [instance('b', 2, 0), instance('a', 1, 0), instance('c', 3, 10)];
  assert.deepEqual(ids(orderForStack(series)), ['a', 'b', 'c']);
});

test('missing numbers: by geometry when every instance has a position, else numbered first and the rest as they came', () => {
  const located = [instance('top', undefined, 30), instance('bottom', 2, -30), instance('middle', undefined, 0)];
  assert.deepEqual(ids(orderForStack(located)), ['bottom', 'middle', 'top']);
  const unlocated = [instance('x', undefined, undefined), instance('two', 2, undefined), instance('y', undefined, undefined), instance('one', 1, undefined)];
  assert.deepEqual(ids(orderForStack(unlocated)), ['one', 'two', 'x', 'y']);
});

test('a sagittal stack is ordered along its own normal, not along z', () => {
  const sagittal = [0, 1, 0, 0, 0, -1];
  const at = (id: string, number: number, x: number): DicomJsonDataset => {
    const dataset = instance(id, number, 0, sagittal);
    dataset['00200032'] = { vr: 'DS', Value: [x, -100, 100] };
    return dataset;
  };
  // Numbers run with x one way, then back: not consistent, so along the normal (row × column = −x here).
  const series = [at('a', 1, 0), at('b', 2, 10), at('c', 3, 5)];
  assert.deepEqual(ids(orderForStack(series)), ['b', 'c', 'a']);
});

test('returns a new array and leaves the input as it was', () => {
  const series = [instance('b', 2, 0), instance('a', 1, -1)];
  const before = [...series];
  const ordered = orderForStack(series);
  assert.notEqual(ordered, series);
  assert.deepEqual(series, before);
});
