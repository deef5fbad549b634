import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReactiveController } from 'lit';
import { ShownImageController } from '../../src/components/viewport/controllers/shown-image-controller.js';
import { ViewBindingController, type BoundElement } from '../../src/components/viewport/controllers/view-binding-controller.js';
import { ViewStateController } from '../../src/components/viewport/controllers/view-state-controller.js';
import type { DicomJsonDataset } from '../../src/dicomweb/dicom-json.js';
import type { StackImages } from '../../src/imaging/stack-frames.js';

/** The element's side of the binding: its properties, and the renders it was asked for. */
function element(): BoundElement & { updates: number; addController(controller: ReactiveController): void } {
  return {
    imageIndex: 0,
    invert: false,
    tool: 'window-level',
    preset: '',
    presets: [],
    updates: 0,
    requestUpdate() {
      this.updates += 1;
    },
    addController() {},
    removeController() {},
    updateComplete: Promise.resolve(true),
  } as BoundElement & { updates: number; addController(controller: ReactiveController): void };
}

function binding(voiLutFunction?: string) {
  const host = element();
  const shown = new ShownImageController(host as never);
  const dataset: DicomJsonDataset = voiLutFunction ? { '00281056': { vr: 'CS', Value: [voiLutFunction] } } : {};
  shown.stackKnown({ imageIds: ['a'], datasets: [dataset], frameNumbers: [1], locations: [] } as unknown as StackImages);
  const viewState = new ViewStateController(() => undefined, () => undefined);
  return { host, binding: new ViewBindingController(host, viewState, shown, () => undefined) };
}

test('a window narrower than 1 is one under LINEAR_EXACT (PS3.3 C.11.2.1.3.2), not under LINEAR', () => {
  const exact = binding('LINEAR_EXACT');
  exact.host.windowCenter = 0.25;
  exact.host.windowWidth = 0.5;
  assert.deepEqual(exact.binding.requestedVoi(), { windowCenter: 0.25, windowWidth: 0.5 });
  exact.host.windowWidth = 0;
  assert.equal(exact.binding.requestedVoi(), undefined, 'a width of 0 is no window under any function');

  const linear = binding();
  linear.host.windowCenter = 0.25;
  linear.host.windowWidth = 0.5;
  assert.equal(linear.binding.requestedVoi(), undefined);
  linear.host.windowWidth = 1;
  assert.deepEqual(linear.binding.requestedVoi(), { windowCenter: 0.25, windowWidth: 1 });
});

test('a state carried over from a LINEAR_EXACT viewport keeps its narrow window', () => {
  const { host, binding: bound } = binding('LINEAR_EXACT');
  bound.applyState({ windowCenter: 0.25, windowWidth: 0.5 }, 'synchronized');
  assert.deepEqual([host.windowCenter, host.windowWidth], [0.25, 0.5]);
});
