import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ViewStateController } from '../../src/components/viewport/controllers/view-state-controller.js';
import type { ViewportState } from '../../src/events/viewport-changed.js';

function controller() {
  const state: ViewportState = { imageIndex: 0, windowCenter: 40, windowWidth: 400, invert: false, zoom: 1, pan: [0, 0], rotation: 0, flipHorizontal: false, flipVertical: false };
  const reported: ViewportState[] = [];
  const view = new ViewStateController(() => ({ ...state }), (s) => reported.push(s));
  return { view, state, reported };
}

test('only the reader\'s changes are reported, each new state once', () => {
  const { view, state, reported } = controller();
  view.changed('programmatic');
  view.changed('synchronized');
  assert.equal(reported.length, 0);
  state.zoom = 2;
  view.changed('user');
  view.changed('user');
  assert.deepEqual(reported.map((s) => s.zoom), [2], 'one change signalled twice is one report');
  state.zoom = 3;
  view.changed('synchronized');
  view.changed('user');
  assert.deepEqual(reported.map((s) => s.zoom), [2, 3]);
});

test('run() gives what happens inside it an origin; outside, there is none (a tool\'s change: the reader\'s)', () => {
  const { view } = controller();
  assert.equal(view.origin, undefined);
  const inner = view.run('synchronized', () => [view.origin, view.run('programmatic', () => view.origin), view.origin]);
  assert.deepEqual(inner, ['synchronized', 'programmatic', 'synchronized']);
  assert.equal(view.origin, undefined);
  assert.throws(() => view.run('programmatic', () => { throw new Error('boom'); }));
  assert.equal(view.origin, undefined, 'an exception ends the origin too');
});

test('a change of the reader\'s made in several steps inside run() is reported once, with the final state', () => {
  const { view, state, reported } = controller();
  view.run('user', () => {
    state.zoom = 1.5;
    view.changed('user');
    state.invert = true;
    view.changed('user');
    assert.equal(reported.length, 0, 'nothing before the change is done');
  });
  assert.deepEqual(reported.map((s) => [s.zoom, s.invert]), [[1.5, true]]);
  view.run('synchronized', () => {
    state.zoom = 3;
    view.changed('synchronized');
  });
  assert.equal(reported.length, 1, 'a synchronizer\'s change is not reported');
});

test('an image asked for by the page or a synchronizer arrives with their origin; a repeated request is no new one', () => {
  const { view } = controller();
  view.expectScroll(5, 'programmatic');
  view.expectScroll(6, 'synchronized');
  view.expectScroll(7, 'user');
  assert.equal(view.imageRequested(5, false), 'programmatic');
  assert.equal(view.imageRequested(5, false), undefined, 'announced again while it loads');
  assert.equal(view.imageRequested(6, false), 'synchronized');
  assert.equal(view.imageRequested(7, false), 'user');
  assert.equal(view.imageRequested(8, true), 'programmatic', 'cine or the opening image');
  assert.equal(view.imageRequested(5, false), 'user', 'an expectation is used once');
});

test('the properties the element wrote are told from the page\'s', () => {
  const { view } = controller();
  assert.equal(view.isReflectedVoi(40, 400), false);
  view.reflectVoi({ windowCenter: 40, windowWidth: 400 });
  assert.equal(view.isReflectedVoi(40, 400), true);
  assert.equal(view.isReflectedVoi(50, 400), false);
  assert.deepEqual(view.appliedVoi, { windowCenter: 40, windowWidth: 400 });
  view.forgetReflectedVoi();
  assert.equal(view.isReflectedVoi(40, 400), false);
  assert.equal(view.hasReflectedVoi, false);
  view.reflectImageIndex(3);
  assert.equal(view.isReflectedImageIndex(3), true);
  assert.equal(view.isReflectedImageIndex(4), false);
});

test('another series forgets expected scrolls and, unless kept, the window', () => {
  const { view } = controller();
  view.expectScroll(2, 'programmatic');
  view.reflectVoi({ windowCenter: 1, windowWidth: 2 });
  view.seriesChanged(true);
  assert.equal(view.imageRequested(2, false), 'user');
  assert.equal(view.hasReflectedVoi, true);
  view.seriesChanged(false);
  assert.equal(view.hasReflectedVoi, false);
  assert.equal(view.appliedVoi, undefined);
});
