import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { ShownImageController } from '../../src/components/viewport/controllers/shown-image-controller.js';
import type { StackImages } from '../../src/imaging/stack-frames.js';

/** The element's side: the controllers it holds and the renders it was asked for. */
function host() {
  return { updates: 0, controllers: 0, addController() { this.controllers += 1; }, removeController() {}, requestUpdate() { this.updates += 1; }, updateComplete: Promise.resolve(true) };
}

const stack = (count: number) =>
  ({ imageIds: Array.from({ length: count }, (_, i) => `id-${i}`), datasets: Array.from({ length: count }, () => ({})), frameNumbers: Array.from({ length: count }, () => 1), locations: [] }) as unknown as StackImages;

function shownAt(count: number, index: number) {
  const element = host();
  const shown = new ShownImageController(element, 20);
  shown.stackKnown(stack(count));
  shown.imageShown(index);
  return { element, shown };
}

test('a decoded image asked for is named when it is drawn: one render, the canvas never blank in between', () => {
  const { element, shown } = shownAt(10, 0);
  const before = element.updates;
  shown.awaitShown(1);
  assert.equal(shown.shownImageIndex, 0, 'still naming the image on the canvas');
  assert.ok(shown.overlaysMatchCanvas());
  assert.equal(element.updates, before, 'no render while waiting');
  shown.imageShown(1);
  assert.equal(shown.shownImageIndex, 1);
  assert.ok(shown.overlaysMatchCanvas());
  assert.equal(element.updates, before + 1);
});

test('an awaited image that is not drawn in time is named over a blank canvas', async () => {
  const { shown } = shownAt(10, 0);
  shown.awaitShown(4);
  await delay(60);
  assert.equal(shown.shownImageIndex, 4);
  assert.equal(shown.overlaysMatchCanvas(), false, 'the canvas does not show image 4');
});

test('the wait ends with the element: no timer names an image after disconnection', async () => {
  const { shown } = shownAt(10, 0);
  shown.awaitShown(4);
  shown.hostDisconnected();
  await delay(60);
  assert.equal(shown.shownImageIndex, 0);
});

test('a failed image is named at once, and its failure kept until the series changes', () => {
  const { shown } = shownAt(3, 0);
  shown.awaitShown(2);
  const detail = shown.imageFailed({ kind: 'decode', message: 'broken', url: 'u' }, 2);
  assert.equal(shown.shownImageIndex, 2);
  assert.equal(shown.shownImageFailure()?.message, 'broken');
  assert.deepEqual([detail.kind, detail.imageIndex, detail.frameNumber], ['decode', 2, 1]);
  assert.equal(shown.overlaysMatchCanvas(), false);
  shown.reset();
  assert.equal(shown.shownImageFailure(), undefined);
});

test('an index asked for before the first image opens the stack there (clamped); a kept state is for its own series', () => {
  const element = host();
  const shown = new ShownImageController(element);
  shown.keepState('study|a', { imageIndex: 7, zoom: 2 });
  assert.equal(shown.seriesStarting('study|b', undefined), 0, 'another series drops the kept state');
  assert.equal(shown.takePendingState(), undefined);
  shown.keepState('study|a', { imageIndex: 7, zoom: 2 });
  assert.equal(shown.seriesStarting('study|a', undefined), 7);
  assert.equal(shown.stackKnown(stack(5)), 4, 'clamped to the stack');
  assert.deepEqual(shown.takePendingState(), { imageIndex: 7, zoom: 2 });
});
