import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isVoiWindow, sameVoiWindow, voiWindowOf } from '../../src/dicom/voi-window.js';

test('LINEAR and SIGMOID windows are at least 1 wide (PS3.3 C.11.2.1.2.1)', () => {
  assert.equal(isVoiWindow(40, 1), true);
  assert.equal(isVoiWindow(40, 0.5), false);
  assert.equal(isVoiWindow(40, 0.5, 'SIGMOID'), false);
  assert.deepEqual(voiWindowOf(40, 400), { windowCenter: 40, windowWidth: 400 });
});

test('LINEAR_EXACT windows are above 0 wide (PS3.3 C.11.2.1.3.2)', () => {
  assert.equal(isVoiWindow(0.5, 0.5, 'LINEAR_EXACT'), true);
  assert.equal(isVoiWindow(0.5, 0, 'LINEAR_EXACT'), false);
});

test('a missing or non-finite value is no window', () => {
  for (const [center, width] of [[undefined, 400], [40, undefined], [Number.NaN, 400], [40, Number.POSITIVE_INFINITY]] as const) {
    assert.equal(voiWindowOf(center, width), undefined, `${center}/${width}`);
  }
});

test('windows compare by center and width', () => {
  assert.equal(sameVoiWindow({ windowCenter: 1, windowWidth: 2 }, { windowCenter: 1, windowWidth: 2 }), true);
  assert.equal(sameVoiWindow({ windowCenter: 1, windowWidth: 2 }, undefined), false);
  assert.equal(sameVoiWindow(undefined, undefined), true);
});
