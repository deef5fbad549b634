// Carries out a checked viewport command (viewport-commands.ts) on an element: the command vocabulary as the
// element's methods and properties, so the keyboard, execute() and a toolbar act the same way.
import type { VoiWindow } from '../../dicom/voi-window.js';
import type { PrimaryTool } from '../../tools/primary-tools.js';
import type { WindowPreset } from '../../tools/window-presets.js';
import type { ViewOrigin } from './controllers/view-state-controller.js';
import type { StackViewportController } from './stack-viewport-controller.js';
import { toggledOverlays, type ViewportCommand } from './viewport-commands.js';

/** The element's public face a command acts through. */
export interface CommandElement {
  tool: PrimaryTool;
  hideOverlays: string;
  invert: boolean;
  preset: string;
  readonly presets: WindowPreset[];
  readonly playing: boolean;
  readonly imageCount: number;
  fitToWindow(): void;
  actualSize(): void;
  rotate(degrees?: number): void;
  resetView(): void;
  play(): void;
  pause(): void;
}

/** What a command needs beyond the public face: the image named, the viewport, scrolling and windowing with an origin. */
export interface CommandParts {
  shownImageIndex: number;
  stack: StackViewportController | undefined;
  scrollAs(index: number, origin: ViewOrigin): boolean;
  /** Puts a window on screen and into the properties. */
  showVoi(voi: VoiWindow): void;
}

/** Carries out `command`; false when it had nothing to act on (a view command before the first image). */
export function carryOutCommand(element: CommandElement, parts: CommandParts, command: ViewportCommand, origin: ViewOrigin): boolean {
  switch (command.kind) {
    case 'tool':
      element.tool = command.tool;
      return true;
    case 'toggle-overlay':
      // Not part of the view's state: a toggle of what `hide-overlays` hides.
      element.hideOverlays = toggledOverlays(element.hideOverlays, command.overlay);
      return true;
  }
  if (!element.imageCount) return false;
  const { stack } = parts;
  switch (command.kind) {
    case 'scroll':
      return parts.scrollAs(parts.shownImageIndex + command.by, origin);
    case 'scroll-to':
      return parts.scrollAs(command.to === 'first' ? 0 : command.to === 'last' ? element.imageCount - 1 : command.to, origin);
    case 'zoom':
      stack?.zoomBy(command.factor);
      return true;
    case 'pan':
      stack?.panBy(command.by);
      return true;
    case 'fit':
      element.fitToWindow();
      return true;
    case 'actual-size':
      element.actualSize();
      return true;
    case 'rotate':
      element.rotate(command.degrees);
      return true;
    case 'flip':
      stack?.flip(command.direction);
      return true;
    case 'invert':
      element.invert = !element.invert;
      stack?.setInvert(element.invert);
      return true;
    case 'reset':
      element.resetView();
      return true;
    case 'cine':
      if (command.play ?? !element.playing) element.play();
      else element.pause();
      return true;
    case 'slab':
      return false; // a stack has no slab (a volume plane's controller carries it out)
    case 'window-preset': {
      const preset = 'id' in command ? element.presets.find((candidate) => candidate.id === command.id) : element.presets[command.index];
      if (!preset) return false;
      element.preset = preset.id;
      parts.showVoi({ windowCenter: preset.windowCenter, windowWidth: preset.windowWidth });
      return true;
    }
  }
}
