import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keyboardCommandOf, keyboardShortcuts } from '../../src/components/viewport/keyboard-commands.js';
import { checkedCommand } from '../../src/components/viewport/viewport-commands.js';

const key = (k: string, modifiers: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey', boolean>> = {}) =>
  keyboardCommandOf({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...modifiers });

test('arrows step one image, page keys ten, Home and End go to the ends', () => {
  assert.deepEqual(['ArrowUp', 'ArrowLeft', 'ArrowDown', 'ArrowRight'].map((k) => key(k)), [
    { kind: 'scroll', by: -1 },
    { kind: 'scroll', by: -1 },
    { kind: 'scroll', by: 1 },
    { kind: 'scroll', by: 1 },
  ]);
  assert.deepEqual(key('PageUp'), { kind: 'scroll', by: -10 });
  assert.deepEqual(key('PageDown'), { kind: 'scroll', by: 10 });
  assert.deepEqual(key('Home'), { kind: 'scroll-to', to: 'first' });
  assert.deepEqual(key('End'), { kind: 'scroll-to', to: 'last' });
});

test('letters pick tools and view operations; r and R rotate opposite ways', () => {
  assert.deepEqual(['w', 'z', 'p', 's'].map((k) => key(k)), ['window-level', 'zoom', 'pan', 'scroll'].map((tool) => ({ kind: 'tool', tool })));
  assert.deepEqual(key('+'), { kind: 'zoom', factor: 1.25 });
  assert.deepEqual(key('='), key('+'), '= is + without Shift');
  assert.deepEqual(key('-'), { kind: 'zoom', factor: 0.8 });
  assert.deepEqual(key('r'), { kind: 'rotate', degrees: 90 });
  assert.deepEqual(key('R'), { kind: 'rotate', degrees: -90 });
  assert.deepEqual(key('h'), { kind: 'flip', direction: 'horizontal' });
  assert.deepEqual(key('v'), { kind: 'flip', direction: 'vertical' });
  assert.deepEqual([key('f'), key('a'), key('i'), key('Escape'), key(' ')].map((command) => command?.kind), ['fit', 'actual-size', 'invert', 'reset', 'cine']);
  assert.deepEqual(key('o'), { kind: 'toggle-overlay', overlay: 'overlay-planes' });
});

test('digits 1-9 choose presets from index 0; 0 does nothing', () => {
  assert.deepEqual(key('1'), { kind: 'window-preset', index: 0 });
  assert.deepEqual(key('9'), { kind: 'window-preset', index: 8 });
  assert.equal(key('0'), undefined);
});

test('every shortcut is a command execute() accepts', () => {
  for (const k of ['ArrowUp', 'PageDown', 'Home', 'End', 'w', '+', '-', 'f', 'a', 'r', 'R', 'h', 'v', 'i', 'o', 'Escape', ' ', '1']) {
    assert.deepEqual(checkedCommand(key(k)), key(k), k);
  }
});

test('keys with Ctrl, Meta or Alt are left to the browser, as are unknown keys', () => {
  assert.equal(key('r', { ctrlKey: true }), undefined, 'Ctrl+R reloads');
  assert.equal(key('+', { metaKey: true }), undefined, 'Cmd++ zooms the page');
  assert.equal(key('ArrowDown', { altKey: true }), undefined);
  assert.equal(key('x'), undefined);
  assert.equal(key('W'), undefined, 'tool letters are lower case only');
  assert.equal(key('Tab'), undefined, 'focus moves on');
});

test('the table of shortcuts is what the keys do, one entry a key', () => {
  const keys = keyboardShortcuts.map((shortcut) => shortcut.key);
  assert.equal(new Set(keys).size, keys.length);
  for (const shortcut of keyboardShortcuts) assert.deepEqual(key(shortcut.key), shortcut.command, shortcut.key);
  assert.ok(keys.includes('w') && keys.includes('9') && keys.includes(' '));
});
