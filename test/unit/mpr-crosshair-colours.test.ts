// The MPR crosshairs' plane colours: the three known ones, then distinct hues for any number of volume views.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crosshairColourOf, crosshairColours } from '../../src/components/viewer/mpr-crosshair-colours.js';

test('axial, sagittal and coronal keep the colours readers know', () => {
  assert.deepEqual(crosshairColours(3), ['#ff5a5a', '#ffe04a', '#4ee06a']);
});

test('past three, every plane gets a colour of its own; up to eight, far in hue from every other', () => {
  assert.equal(new Set(crosshairColours(40)).size, 40, 'no two alike');
  const colours = crosshairColours(8);
  const hues = colours.slice(3).map((colour) => Number(/^hsl\(([\d.]+) /.exec(colour)![1]));
  const known = [0, 52, 130]; // red, yellow, green
  for (const [index, hue] of hues.entries()) {
    const distance = (a: number, b: number) => Math.min(Math.abs(a - b), 360 - Math.abs(a - b));
    for (const other of [...known, ...hues.slice(0, index)]) assert.ok(distance(hue, other) >= 24, `plane ${index + 4}: hue ${hue} near ${other}`);
  }
});

test('a plane index that is not one is refused', () => {
  assert.throws(() => crosshairColourOf(-1), RangeError);
  assert.throws(() => crosshairColourOf(1.5), RangeError);
});
