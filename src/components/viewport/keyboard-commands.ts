// The viewport's keyboard shortcuts (pure: a key to a command of viewport-commands.ts, which the element carries
// out). The keys that choose a tool are the tool registry's (tool-registry.ts). One table, so the viewport and a
// help panel (the toolbar's) read the same shortcuts.
import { toolDescriptors, type ToolDescriptor, type ToolName } from '../../tools/tool-registry.js';
import type { ViewportCommand } from './viewport-commands.js';

/** One key (as `KeyboardEvent.key` names it, without Ctrl, Meta or Alt) and the command it gives. */
export interface KeyboardShortcut {
  readonly key: string;
  readonly command: ViewportCommand;
}

const presetKeys = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Every shortcut, in the order a reader learns them: tools, images, zoom, orientation, window, the rest. */
export const keyboardShortcuts: readonly KeyboardShortcut[] = [
  ...(toolDescriptors as readonly ToolDescriptor[])
    .filter((descriptor) => descriptor.key)
    .map((descriptor) => ({ key: descriptor.key!, command: { kind: 'tool', tool: descriptor.name as ToolName } as const })),
  { key: 'ArrowUp', command: { kind: 'scroll', by: -1 } },
  { key: 'ArrowLeft', command: { kind: 'scroll', by: -1 } },
  { key: 'ArrowDown', command: { kind: 'scroll', by: 1 } },
  { key: 'ArrowRight', command: { kind: 'scroll', by: 1 } },
  { key: 'PageUp', command: { kind: 'scroll', by: -10 } },
  { key: 'PageDown', command: { kind: 'scroll', by: 10 } },
  { key: 'Home', command: { kind: 'scroll-to', to: 'first' } },
  { key: 'End', command: { kind: 'scroll-to', to: 'last' } },
  { key: '+', command: { kind: 'zoom', factor: 1.25 } },
  { key: '=', command: { kind: 'zoom', factor: 1.25 } },
  { key: '-', command: { kind: 'zoom', factor: 0.8 } },
  { key: 'f', command: { kind: 'fit' } },
  { key: 'a', command: { kind: 'actual-size' } },
  { key: 'r', command: { kind: 'rotate', degrees: 90 } },
  { key: 'R', command: { kind: 'rotate', degrees: -90 } },
  { key: 'h', command: { kind: 'flip', direction: 'horizontal' } },
  { key: 'v', command: { kind: 'flip', direction: 'vertical' } },
  { key: 'i', command: { kind: 'invert' } },
  ...presetKeys.map((key, index) => ({ key, command: { kind: 'window-preset', index } as const })),
  { key: 'o', command: { kind: 'toggle-overlay', overlay: 'overlay-planes' } },
  { key: ' ', command: { kind: 'cine' } },
  { key: 'Escape', command: { kind: 'reset' } },
];

/** The shortcuts, as documented in the element's class comment. */
export function keyboardCommandOf(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): ViewportCommand | undefined {
  if (event.ctrlKey || event.metaKey || event.altKey) return undefined;
  return keyboardShortcuts.find((shortcut) => shortcut.key === event.key)?.command;
}
