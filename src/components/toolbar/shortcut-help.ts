// The help panel's lines, made from the viewport's own table of shortcuts (keyboard-commands.ts), so the panel
// never lists a key the viewport does not honour.
import { keyboardShortcuts, type KeyboardShortcut } from '../viewport/keyboard-commands.js';
import { english, type MessageKey, type Translate } from '../../i18n/index.js';
import { describeCommand } from './tool-labels.js';

export interface ShortcutHelpLine {
  /** The keys as printed on a keyboard, e.g. `↑`, `Page Down`, `Space`. */
  keys: string[];
  /** What they do. */
  action: string;
}

const arrows: Record<string, string> = { ArrowUp: '↑', ArrowDown: '↓', ArrowLeft: '←', ArrowRight: '→' };
const namedKeys: Record<string, MessageKey> = {
  PageUp: 'key.PageUp',
  PageDown: 'key.PageDown',
  Home: 'key.Home',
  End: 'key.End',
  ' ': 'key.Space',
  Escape: 'key.Escape',
};

/** A key as printed on a keyboard of `t`'s language (`Page Down`, German `Bild ↓`). */
export function keyName(key: string, t: Translate = english.t): string {
  const named = namedKeys[key];
  return arrows[key] ?? (named ? t(named) : key);
}

/**
 * One line per action in `t`'s language, its keys together, in the table's order. With `presetLabels` (the target's presets in
 * order), the digits are named by their presets and digits with no preset are left out.
 */
export function shortcutHelp(
  presetLabels?: readonly string[],
  t: Translate = english.t,
  shortcuts: readonly KeyboardShortcut[] = keyboardShortcuts,
): ShortcutHelpLine[] {
  const lines: ShortcutHelpLine[] = [];
  for (const shortcut of shortcuts) {
    const action = describeCommand(shortcut.command, t, presetLabels);
    if (action === undefined) continue;
    const line = lines.find((candidate) => candidate.action === action);
    if (line) line.keys.push(keyName(shortcut.key, t));
    else lines.push({ keys: [keyName(shortcut.key, t)], action });
  }
  return lines;
}
