// The tools of the registry (tool-registry.ts) and the view's commands as a reader names them: the toolbar's
// button labels and the help panel's lines.
import type { ToolName } from '../../tools/tool-registry.js';
import type { OverlayName, ViewportCommand } from '../viewport/viewport-commands.js';

/** Every registered tool's name on screen; a new tool in the registry fails the typecheck until it has one. */
export const toolLabels: Record<ToolName, string> = {
  'window-level': 'Window/level',
  zoom: 'Zoom',
  pan: 'Pan',
  scroll: 'Scroll',
  length: 'Length',
  angle: 'Angle',
  'cobb-angle': 'Cobb angle',
  bidirectional: 'Bidirectional',
  'ellipse-roi': 'Ellipse ROI',
  'rectangle-roi': 'Rectangle ROI',
  'freehand-roi': 'Freehand ROI',
  probe: 'Probe',
  arrow: 'Arrow',
  text: 'Text',
};

const overlayLabels: Record<OverlayName, string> = {
  patient: 'patient',
  study: 'study',
  image: 'image',
  view: 'window and zoom',
  lossy: 'lossy marker',
  'scale-bar': 'scale bar',
  orientation: 'orientation markers',
  'overlay-planes': 'overlay planes',
};

/**
 * What a command does, in a few words. A window preset is named by `presetLabels` (the viewport's presets in
 * order) when given; undefined when the preset it names does not exist.
 */
export function describeCommand(command: ViewportCommand, presetLabels?: readonly string[]): string | undefined {
  switch (command.kind) {
    case 'tool':
      return `${toolLabels[command.tool]} tool`;
    case 'scroll':
      if (Math.abs(command.by) === 1) return command.by < 0 ? 'Previous image' : 'Next image';
      return `${Math.abs(command.by)} images ${command.by < 0 ? 'back' : 'forward'}`;
    case 'scroll-to':
      return command.to === 'first' ? 'First image' : command.to === 'last' ? 'Last image' : `Image ${command.to + 1}`;
    case 'zoom':
      return command.factor >= 1 ? 'Zoom in' : 'Zoom out';
    case 'pan':
      return 'Pan';
    case 'fit':
      return 'Fit to window';
    case 'actual-size':
      return 'Actual size (one image pixel, one screen pixel)';
    case 'rotate':
      return `Rotate ${Math.abs(command.degrees)}° ${command.degrees < 0 ? 'anticlockwise' : 'clockwise'}`;
    case 'flip':
      return command.direction === 'horizontal' ? 'Flip horizontally' : 'Flip vertically';
    case 'invert':
      return 'Invert';
    case 'window-preset':
      if ('id' in command) return `Window preset ${command.id}`;
      if (!presetLabels) return `Window preset ${command.index + 1}`;
      return command.index < presetLabels.length ? `Window: ${presetLabels[command.index]}` : undefined;
    case 'toggle-overlay':
      return `Show or hide the ${overlayLabels[command.overlay]}`;
    case 'reset':
      return 'Reset the view';
    case 'cine':
      return command.play === undefined ? 'Play or pause cine' : command.play ? 'Play cine' : 'Pause cine';
  }
}
