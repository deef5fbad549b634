// Measurement text boxes placed clear of each other: the nearest clear place, inside the viewport, never moving a
// box that is clear already.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boxesOverlap, clearPlaceFor, placeBoxes, type Box } from '../../src/tools/text-box-placement.js';

const bounds: Box = { x: 0, y: 0, width: 500, height: 400 };
const box = (x: number, y: number, width = 100, height = 40): Box => ({ x, y, width, height });

test('boxes overlap when they share area or come closer than the gap; touching edges do not overlap without one', () => {
  assert.equal(boxesOverlap(box(0, 0), box(50, 20)), true);
  assert.equal(boxesOverlap(box(0, 0), box(100, 0)), false);
  assert.equal(boxesOverlap(box(0, 0), box(103, 0), 4), true);
  assert.equal(boxesOverlap(box(0, 0), box(104, 0), 4), false);
  assert.equal(boxesOverlap(box(0, 0), box(0, 44), 4), false);
});

test('a box clear of the others stays where it is', () => {
  assert.deepEqual(clearPlaceFor(box(10, 10), [box(200, 200)], bounds), { x: 10, y: 10 });
});

test('a box over another moves to the nearest clear place beside it', () => {
  // Covering the other but for 10 px at its foot: below it (14 px down with the gap) is nearer than above (74 px).
  assert.deepEqual(clearPlaceFor(box(100, 110), [box(100, 80)], bounds), { x: 100, y: 124 });
  // Covering its right part: further right is nearest.
  assert.deepEqual(clearPlaceFor(box(180, 100, 100, 200), [box(100, 100, 100, 200)], bounds), { x: 204, y: 100 });
});

test('the place found is clear of every other box and inside the bounds', () => {
  const others = [box(100, 100), box(100, 144), box(100, 56), box(204, 100), box(0, 100, 96)];
  const place = clearPlaceFor(box(110, 110), others, bounds)!;
  const placed = { ...box(110, 110), ...place };
  for (const other of others) assert.equal(boxesOverlap(placed, other, 4), false, JSON.stringify({ placed, other }));
  assert.ok(placed.x >= 0 && placed.y >= 0 && placed.x + placed.width <= 500 && placed.y + placed.height <= 400);
});

test('near the edge of the viewport the box moves inwards, never out', () => {
  // At the bottom, over a box: below would leave the viewport, so it goes above.
  assert.deepEqual(clearPlaceFor(box(0, 350, 100, 40), [box(0, 340, 100, 60)], bounds), { x: 0, y: 296 });
});

test('no clear place: undefined (the box stays)', () => {
  assert.equal(clearPlaceFor(box(0, 0, 100, 40), [box(0, 0, 500, 400)], bounds), undefined);
});

test('the result does not depend on the order of the other boxes', () => {
  const others = [box(100, 80), box(220, 110), box(100, 150)];
  const reversed = [...others].reverse();
  assert.deepEqual(clearPlaceFor(box(120, 100), others, bounds), clearPlaceFor(box(120, 100), reversed, bounds));
});

test('boxes placed one after another end clear of each other and of the fixed ones; clear ones stay', () => {
  // Four boxes drawn on top of each other (as Cornerstone puts those of measurements drawn close together).
  const moving = [box(150, 150), box(155, 160), box(150, 170), box(160, 150)];
  const fixed = [box(150, 100, 100, 30)];
  const places = placeBoxes(moving, fixed, bounds);
  const placed = moving.map((each, index) => ({ ...each, ...places[index]! }));
  for (const [index, each] of placed.entries()) {
    for (const other of [...fixed, ...placed.slice(index + 1)]) assert.equal(boxesOverlap(each, other, 4), false, JSON.stringify({ each, other }));
  }
  assert.deepEqual(placeBoxes([box(0, 0)], [box(300, 300)], bounds), [{ x: 0, y: 0 }]);
});
