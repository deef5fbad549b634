import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keyboardCommandOf, keyboardShortcuts } from '../../src/components/viewport/keyboard-commands.js';
import { shortcutHelp } from '../../src/components/toolbar/shortcut-help.js';
import { describeCommand, toolLabels } from '../../src/components/toolbar/tool-labels.js';
import { toolDescriptors } from '../../src/tools/tool-registry.js';

const keyOf = { ArrowUp: '↑', ArrowDown: '↓', ArrowLeft: '←', ArrowRight: '→', PageUp: 'Page Up', PageDown: 'Page Down', ' ': 'Space', Escape: 'Esc' } as Record<string, string>;

test('the help lists every shortcut of the viewport once, keys of one action together', () => {
  const lines = shortcutHelp();
  const listed = lines.flatMap((line) => line.keys);
  assert.deepEqual(listed.sort(), keyboardShortcuts.map((shortcut) => keyOf[shortcut.key] ?? shortcut.key).sort());
  assert.deepEqual(lines.find((line) => line.action === 'Previous image')?.keys, ['↑', '←']);
  assert.deepEqual(lines.find((line) => line.action === 'Zoom in')?.keys, ['+', '=']);
  assert.deepEqual(lines.find((line) => line.action === 'Play or pause cine')?.keys, ['Space']);
  assert.deepEqual(lines.find((line) => line.action === 'Window/level tool')?.keys, ['w']);
});

test('each line says what its keys do in the viewport', () => {
  for (const line of shortcutHelp()) {
    const shortcut = keyboardShortcuts.find((candidate) => (keyOf[candidate.key] ?? candidate.key) === line.keys[0])!;
    const command = keyboardCommandOf({ key: shortcut.key, ctrlKey: false, metaKey: false, altKey: false })!;
    assert.equal(describeCommand(command), line.action);
  }
});

test("with the target's presets, the digits are named by them and digits without one are left out", () => {
  const lines = shortcutHelp(['Soft tissue', 'Lung']);
  assert.deepEqual(
    lines.filter((line) => line.action.startsWith('Window:')).map((line) => [line.keys.join(' '), line.action]),
    [
      ['1', 'Window: Soft tissue'],
      ['2', 'Window: Lung'],
    ],
  );
  assert.equal(shortcutHelp([]).some((line) => line.action.startsWith('Window:')), false);
});

test('every registered tool has a label', () => {
  for (const descriptor of toolDescriptors) assert.ok(toolLabels[descriptor.name], descriptor.name);
});
