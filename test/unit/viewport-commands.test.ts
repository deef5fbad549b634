import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changesViewDirectly, checkedCommand, toggledOverlays, type ViewportCommand } from '../../src/components/viewport/viewport-commands.js';

test('well-formed commands pass unchanged', () => {
  const commands: ViewportCommand[] = [
    { kind: 'scroll', by: -3 },
    { kind: 'scroll-to', to: 12 },
    { kind: 'scroll-to', to: 'last' },
    { kind: 'tool', tool: 'length' },
    { kind: 'zoom', factor: 2 },
    { kind: 'pan', by: [0.1, -0.2] },
    { kind: 'fit' },
    { kind: 'actual-size' },
    { kind: 'rotate', degrees: -90 },
    { kind: 'flip', direction: 'vertical' },
    { kind: 'invert' },
    { kind: 'window-preset', index: 0 },
    { kind: 'window-preset', id: 'lung' },
    { kind: 'toggle-overlay', overlay: 'scale-bar' },
    { kind: 'reset' },
    { kind: 'cine' },
    { kind: 'cine', play: false },
    { kind: 'slab', thickness: 20, mode: 'mip' },
    { kind: 'slab', thickness: 0 },
    { kind: 'slab', mode: 'average' },
  ];
  for (const command of commands) assert.equal(checkedCommand(command), command, JSON.stringify(command));
});

test('anything else is a TypeError that says what is wrong', () => {
  const cases: Array<[unknown, RegExp]> = [
    [undefined, /expected an object/],
    ['zoom', /expected an object/],
    [{ kind: 'explode' }, /unknown kind "explode"/],
    [{ kind: 'zoom', factor: 0 }, /factor/],
    [{ kind: 'zoom', factor: Number.NaN }, /factor/],
    [{ kind: 'rotate', degrees: 45 }, /multiple of 90/],
    [{ kind: 'tool', tool: 'lasso' }, /window-level/],
    [{ kind: 'scroll-to', to: 'middle' }, /first/],
    [{ kind: 'pan', by: [1] }, /\[x, y\]/],
    [{ kind: 'window-preset' }, /index/],
    [{ kind: 'window-preset', index: -1 }, /index/],
    [{ kind: 'toggle-overlay', overlay: 'everything' }, /overlay-planes/],
    [{ kind: 'flip', direction: 'diagonal' }, /horizontal/],
    [{ kind: 'cine', play: 'yes' }, /play/],
    [{ kind: 'slab' }, /thickness` or `mode/],
    [{ kind: 'slab', thickness: -1 }, /mm, 0 or more/],
    [{ kind: 'slab', thickness: Number.POSITIVE_INFINITY }, /mm, 0 or more/],
    [{ kind: 'slab', mode: 'max' }, /'mip', 'minip' or 'average'/],
  ];
  for (const [value, message] of cases) assert.throws(() => checkedCommand(value), (error: Error) => error instanceof TypeError && message.test(error.message), JSON.stringify(value));
});

test('scrolls, tools, overlays and cine change no view state by themselves; the rest do', () => {
  assert.equal(changesViewDirectly({ kind: 'scroll', by: 1 }), false);
  assert.equal(changesViewDirectly({ kind: 'tool', tool: 'zoom' }), false);
  assert.equal(changesViewDirectly({ kind: 'toggle-overlay', overlay: 'patient' }), false);
  assert.equal(changesViewDirectly({ kind: 'cine' }), false);
  assert.equal(changesViewDirectly({ kind: 'zoom', factor: 2 }), true);
  assert.equal(changesViewDirectly({ kind: 'window-preset', index: 0 }), true);
});

test('toggling an overlay adds it to hide-overlays or takes it out, keeping the others', () => {
  assert.equal(toggledOverlays('', 'overlay-planes'), 'overlay-planes');
  assert.equal(toggledOverlays(null, 'patient'), 'patient');
  assert.equal(toggledOverlays('patient  overlay-planes', 'overlay-planes'), 'patient');
  assert.equal(toggledOverlays('patient', 'study'), 'patient study');
});
