// The viewport's command vocabulary (pure): what a keyboard shortcut, a toolbar button or a page asks a
// <dicom-viewport> to do through `execute(command)`. The element carries commands out; this module names them and
// checks one that comes from outside.
import { toolDescriptors, type ToolName } from '../../tools/tool-registry.js';

/** The overlays `hide-overlays` names, each one a `toggle-overlay` command can show or hide. */
export const overlayNames = ['patient', 'study', 'image', 'view', 'lossy', 'scale-bar', 'orientation', 'overlay-planes'] as const;
export type OverlayName = (typeof overlayNames)[number];

export type ViewportCommand =
  /** `by` images forward (negative: back), clamped to the stack. */
  | { kind: 'scroll'; by: number }
  /** To an image by index (0-based, clamped), or to the first or last. */
  | { kind: 'scroll-to'; to: number | 'first' | 'last' }
  /** The tool of the left mouse button and one finger. */
  | { kind: 'tool'; tool: ToolName }
  /** Multiplies the zoom by `factor` (above 0). */
  | { kind: 'zoom'; factor: number }
  /** Moves the image by `by` ([x, y]) in the units of the state's `pan`. */
  | { kind: 'pan'; by: [number, number] }
  | { kind: 'fit' }
  /** One image pixel to one screen (device) pixel. */
  | { kind: 'actual-size' }
  /** Rotates by `degrees` (a multiple of 90) clockwise. */
  | { kind: 'rotate'; degrees: number }
  | { kind: 'flip'; direction: 'horizontal' | 'vertical' }
  /** Toggles invert. */
  | { kind: 'invert' }
  /** A window preset by its position in `presets` or by its id. */
  | { kind: 'window-preset'; index: number }
  | { kind: 'window-preset'; id: string }
  /** Shows an overlay `hide-overlays` hides, or hides it. */
  | { kind: 'toggle-overlay'; overlay: OverlayName }
  /** Back to the initial camera, the header's window and no invert. */
  | { kind: 'reset' }
  /** Plays or pauses cine; without `play`, toggles. */
  | { kind: 'cine'; play?: boolean }
  /** A volume plane's slab: `thickness` in mm (0: a thin slice) and/or `mode`; nothing on a stack or a rendering. */
  | { kind: 'slab'; thickness?: number; mode?: SlabCommandMode };

/** How a slab is projected (as `slab-mode` names it). */
export type SlabCommandMode = 'mip' | 'minip' | 'average';
const slabCommandModes: readonly unknown[] = ['mip', 'minip', 'average'];

export type ViewportCommandKind = ViewportCommand['kind'];

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const toolNames: readonly string[] = toolDescriptors.map((descriptor) => descriptor.name);

/** Why a value is not a command, or undefined when it is one. */
function problemOf(value: Record<string, unknown>): string | undefined {
  switch (value.kind) {
    case 'scroll':
      return finite(value.by) ? undefined : '`by` must be a finite number';
    case 'scroll-to':
      return finite(value.to) || value.to === 'first' || value.to === 'last' ? undefined : "`to` must be an index, 'first' or 'last'";
    case 'tool':
      return toolNames.includes(value.tool as string) ? undefined : `\`tool\` must be one of ${toolNames.join(', ')}`;
    case 'zoom':
      return finite(value.factor) && value.factor > 0 ? undefined : '`factor` must be a number above 0';
    case 'pan':
      return Array.isArray(value.by) && value.by.length === 2 && value.by.every(finite) ? undefined : '`by` must be [x, y], two finite numbers';
    case 'rotate':
      return finite(value.degrees) && value.degrees % 90 === 0 ? undefined : '`degrees` must be a multiple of 90';
    case 'flip':
      return value.direction === 'horizontal' || value.direction === 'vertical' ? undefined : "`direction` must be 'horizontal' or 'vertical'";
    case 'window-preset':
      return (Number.isInteger(value.index) && (value.index as number) >= 0) || (typeof value.id === 'string' && value.id !== '')
        ? undefined
        : '`index` (0 or more) or `id` must name a preset';
    case 'toggle-overlay':
      return (overlayNames as readonly unknown[]).includes(value.overlay) ? undefined : `\`overlay\` must be one of ${overlayNames.join(', ')}`;
    case 'cine':
      return value.play === undefined || typeof value.play === 'boolean' ? undefined : '`play` must be true, false or absent';
    case 'slab':
      if (value.thickness === undefined && value.mode === undefined) return '`thickness` or `mode` must be given';
      if (value.thickness !== undefined && !(finite(value.thickness) && value.thickness >= 0)) return '`thickness` must be a number of mm, 0 or more';
      return value.mode === undefined || slabCommandModes.includes(value.mode) ? undefined : "`mode` must be 'mip', 'minip' or 'average'";
    case 'fit':
    case 'actual-size':
    case 'invert':
    case 'reset':
      return undefined;
    default:
      return `unknown kind ${JSON.stringify(value.kind)}`;
  }
}

/** The command, checked; a TypeError that says what is wrong with anything else. */
export function checkedCommand(value: unknown): ViewportCommand {
  if (typeof value !== 'object' || value === null) throw new TypeError('Not a viewport command: expected an object with a `kind`');
  const problem = problemOf(value as Record<string, unknown>);
  if (problem) throw new TypeError(`Not a viewport command: ${problem}`);
  return value as ViewportCommand;
}

/**
 * Whether a command changes the view (`dicom-viewport-changed` material) by itself. A scroll changes it when its
 * image is asked for, which the element reports then; a tool, an overlay or cine change no view state.
 */
export function changesViewDirectly(command: ViewportCommand): boolean {
  return !['scroll', 'scroll-to', 'tool', 'toggle-overlay', 'cine'].includes(command.kind);
}

/** `hide-overlays` with `overlay` toggled: removed when it was there, added when not. */
export function toggledOverlays(hideOverlays: string | null | undefined, overlay: OverlayName): string {
  const hidden = (hideOverlays ?? '').split(/\s+/).filter(Boolean);
  return (hidden.includes(overlay) ? hidden.filter((name) => name !== overlay) : [...hidden, overlay]).join(' ');
}
