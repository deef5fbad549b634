import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasSlab, slabModes, slabThicknessChoices } from '../../src/components/toolbar/slab-choices.js';
import { checkedCommand } from '../../src/components/viewport/viewport-commands.js';

test('a volume plane has a slab (a thin slice too); a stack and a rendering have none', () => {
  assert.equal(hasSlab({ slabThickness: 0, slabMode: 'mip' }), true);
  assert.equal(hasSlab({ slabThickness: 20 }), true);
  assert.equal(hasSlab({ imageIndex: 3 }), false);
  assert.equal(hasSlab(undefined), false);
});

test('the thickness picker offers a thin slice up to 50 mm, and a thickness of the view\'s own in its place', () => {
  assert.deepEqual(slabThicknessChoices(0), [0, 5, 10, 20, 30, 50]);
  assert.deepEqual(slabThicknessChoices(20), [0, 5, 10, 20, 30, 50]);
  assert.deepEqual(slabThicknessChoices(25), [0, 5, 10, 20, 25, 30, 50]);
  assert.deepEqual(slabThicknessChoices(80), [0, 5, 10, 20, 30, 50, 80]);
});

test('every projection offered is one the slab command takes', () => {
  for (const mode of slabModes) assert.doesNotThrow(() => checkedCommand({ kind: 'slab', mode }));
});
