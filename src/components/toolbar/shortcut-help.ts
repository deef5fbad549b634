// The help panel's lines, made from the viewport's own table of shortcuts (keyboard-commands.ts), so the panel
// never lists a key the viewport does not honour.
import { keyboardShortcuts, type KeyboardShortcut } from '../viewport/keyboard-commands.js';
import { describeCommand } from './tool-labels.js';

export interface ShortcutHelpLine {
  /** The keys as printed on a keyboard, e.g. `↑`, `Page Down`, `Space`. */
  keys: string[];
  /** What they do. */
  action: string;
}

const keyNames: Record<string, string> = {
  ArrowUp: '↑',
  ArrowDown: '↓',
  ArrowLeft: '←',
  ArrowRight: '→',
  PageUp: 'Page Up',
  PageDown: 'Page Down',
  ' ': 'Space',
  Escape: 'Esc',
};

/** A key as printed on a keyboard. */
export function keyName(key: string): string {
  return keyNames[key] ?? key;
}

/**
 * One line per action, its keys together, in the table's order. With `presetLabels` (the target's presets in
 * order), the digits are named by their presets and digits with no preset are left out.
 */
export function shortcutHelp(presetLabels?: readonly string[], shortcuts: readonly KeyboardShortcut[] = keyboardShortcuts): ShortcutHelpLine[] {
  const lines: ShortcutHelpLine[] = [];
  for (const shortcut of shortcuts) {
    const action = describeCommand(shortcut.command, presetLabels);
    if (action === undefined) continue;
    const line = lines.find((candidate) => candidate.action === action);
    if (line) line.keys.push(keyName(shortcut.key));
    else lines.push({ keys: [keyName(shortcut.key)], action });
  }
  return lines;
}
