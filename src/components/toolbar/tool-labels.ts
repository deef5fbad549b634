// The tools of the registry (tool-registry.ts) and the view's commands as a reader names them, in the element's
// language: the toolbar's button labels, the window presets' names and the help panel's lines.
import { en, english, type MessageKey, type Translate } from '../../i18n/index.js';
import { toolDescriptors, type ToolName } from '../../tools/tool-registry.js';
import type { ViewportCommand } from '../viewport/viewport-commands.js';
import { ctPresets, type WindowPreset } from '../../tools/window-presets.js';

/** A tool's name on screen in `t`'s language; a new tool in the registry fails the typecheck until the table has it. */
export function toolLabel(tool: ToolName, t: Translate = english.t): string {
  return t(`tool.${tool}` satisfies MessageKey);
}

/** Every registered tool's name in English. */
export const toolLabels = Object.fromEntries(toolDescriptors.map(({ name }) => [name, toolLabel(name as ToolName)])) as Record<ToolName, string>;

/** The CT presets' names in the message table, by preset id (a preset the table lacks keeps its English label). */
const ctPresetKeys = new Map(ctPresets.flatMap(({ id }) => (`windowPreset.${id}` in en ? [[id, `windowPreset.${id}` as MessageKey] as const] : [])));

/**
 * A window preset's name in `t`'s language: a CT preset's from the table, a header window's own explanation as the
 * header gives it, and a header window without one numbered (`Window 2`, `Fenster 2`).
 */
export function presetLabel(preset: Pick<WindowPreset, 'id' | 'label'>, t: Translate = english.t): string {
  const key = ctPresetKeys.get(preset.id);
  if (key) return t(key);
  // headerPresets() labels a window without an explanation `Window <n>`, n its number in the header.
  const number = /^header-(\d+)$/.exec(preset.id)?.[1];
  if (number && preset.label === `Window ${number}`) return t('windowPreset.header', { number });
  return preset.label;
}

/**
 * What a command does, in a few words of `t`'s language. A window preset is named by `presetLabels` (the viewport's
 * presets in order) when given; undefined when the preset it names does not exist.
 */
export function describeCommand(command: ViewportCommand, t: Translate = english.t, presetLabels?: readonly string[]): string | undefined {
  switch (command.kind) {
    case 'tool':
      return t('shortcut.tool', { tool: toolLabel(command.tool, t) });
    case 'scroll':
      if (Math.abs(command.by) === 1) return t(command.by < 0 ? 'shortcut.previousImage' : 'shortcut.nextImage');
      return t(command.by < 0 ? 'shortcut.imagesBack' : 'shortcut.imagesForward', { count: Math.abs(command.by) });
    case 'scroll-to':
      return command.to === 'first' ? t('shortcut.firstImage') : command.to === 'last' ? t('shortcut.lastImage') : t('shortcut.image', { number: command.to + 1 });
    case 'zoom':
      return t(command.factor >= 1 ? 'shortcut.zoomIn' : 'shortcut.zoomOut');
    case 'pan':
      return t('shortcut.pan');
    case 'fit':
      return t('shortcut.fit');
    case 'actual-size':
      return t('shortcut.actualSize');
    case 'rotate':
      return t(command.degrees < 0 ? 'shortcut.rotateAnticlockwise' : 'shortcut.rotateClockwise', { degrees: Math.abs(command.degrees) });
    case 'flip':
      return t(command.direction === 'horizontal' ? 'shortcut.flipHorizontal' : 'shortcut.flipVertical');
    case 'invert':
      return t('shortcut.invert');
    case 'window-preset':
      if ('id' in command) return t('shortcut.windowPreset', { preset: command.id });
      if (!presetLabels) return t('shortcut.windowPreset', { preset: command.index + 1 });
      return command.index < presetLabels.length ? t('shortcut.window', { preset: presetLabels[command.index]! }) : undefined;
    case 'toggle-overlay':
      return t(`shortcut.toggle.${command.overlay}`);
    case 'reset':
      return t('shortcut.reset');
    case 'cine':
      return t(command.play === undefined ? 'shortcut.cine' : command.play ? 'shortcut.cinePlay' : 'shortcut.cinePause');
  }
}
