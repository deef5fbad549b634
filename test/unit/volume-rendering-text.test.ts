// A volume rendering's overlay: that it is 3D, and its preset; no slice, position or thickness.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { volumeRenderingLines } from '../../src/components/viewport/overlays/volume-rendering-text.js';
import { localizerOf } from '../../src/i18n/localizer.js';
import { de } from '../../src/i18n/messages-de.js';

test('a rendering says 3D and its preset', () => {
  assert.deepEqual(volumeRenderingLines('bone'), ['3D Bone']);
  assert.deepEqual(volumeRenderingLines('soft-tissue'), ['3D Soft tissue']);
  assert.deepEqual(volumeRenderingLines('angio'), ['3D Angio']);
});

test('a rendering says its preset in the reader\'s language', () => {
  assert.deepEqual(volumeRenderingLines('soft-tissue', localizerOf(de, 'de')), ['3D Weichteil']);
});

test('a preset the rendering does not know is shown as bone, the preset it falls back to', () => {
  assert.deepEqual(volumeRenderingLines('marble'), ['3D Bone']);
});
