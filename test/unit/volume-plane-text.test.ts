// A volume view's overlay: plane and position in mm, and the slab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { volumePlaneLines, volumePlaneText } from '../../src/components/viewport/overlays/volume-plane-text.js';

test('the plane is named by the patient axis it looks along, its position by that coordinate', () => {
  assert.equal(volumePlaneText([12.5, 40, -3], [1, 0, 0]), 'Sag 12.5 mm');
  assert.equal(volumePlaneText([12.5, 40, -3], [-1, 0, 0]), 'Sag 12.5 mm', 'either way along the axis');
  assert.equal(volumePlaneText([12.5, 40.04, -3], [0, 1, 0]), 'Cor 40 mm');
  assert.equal(volumePlaneText([12.5, 40, -3.26], [0, 0, -1]), 'Ax -3.3 mm');
  assert.equal(volumePlaneText([0, 0, -0.01], [0, 0, 1]), 'Ax 0 mm', 'no "-0"');
});

test('an oblique plane says so, and how far it lies from the origin along its normal', () => {
  const s = Math.SQRT1_2;
  assert.equal(volumePlaneText([10, 10, 0], [s, s, 0]), `Obl ${Math.round(20 * s * 10) / 10} mm`);
  // Within about a degree of an axis it keeps the axis's name.
  assert.equal(volumePlaneText([5, 0, 0], [1, 0.01, 0]), 'Sag 5 mm');
});

test('a thick slab adds its mode and thickness; a thin slice does not', () => {
  assert.deepEqual(volumePlaneLines([0, 0, 7.5], [0, 0, 1], { thickness: 25, mode: 'mip' }), ['Ax 7.5 mm', 'MIP 25 mm']);
  assert.deepEqual(volumePlaneLines([0, 0, 7.5], [0, 0, 1], { thickness: 10, mode: 'minip' }), ['Ax 7.5 mm', 'MinIP 10 mm']);
  assert.deepEqual(volumePlaneLines([0, 0, 7.5], [0, 0, 1], { thickness: 0, mode: 'average' }), ['Ax 7.5 mm']);
});
