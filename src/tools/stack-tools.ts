// The tool bindings of a stack viewport. Mouse: the chosen tool on the left button, zoom on the right, pan on the
// middle, scroll on the wheel, zoom on Ctrl + wheel. Touch: the chosen tool with one finger, pinch-zoom and pan with
// two, scroll with three. The keyboard is the element's (keyboard-commands.ts).
import {
  addTool,
  Enums as ToolEnums,
  PanTool,
  StackScrollTool,
  state as toolState,
  ToolGroupManager,
  WindowLevelTool,
  ZoomTool,
} from '@cornerstonejs/tools';
import type { PrimaryTool } from './primary-tools.js';

const { MouseBindings, KeyboardBindings } = ToolEnums;

/**
 * Zoom by dragging one finger. Cornerstone's ZoomTool zooms only by pinching on touch (`pinchToZoom`, default on),
 * and one tool of a group has one configuration: this copy, configured to drag, takes the finger when zoom is the
 * chosen tool, while ZoomTool keeps the pinch.
 */
class DragZoomTool extends ZoomTool {
  static override toolName = 'DicomLightboxDragZoom';
}

const stackTools = [WindowLevelTool, DragZoomTool, ZoomTool, PanTool, StackScrollTool];


const toolNameOf: Record<PrimaryTool, string> = {
  'window-level': WindowLevelTool.toolName,
  zoom: ZoomTool.toolName,
  pan: PanTool.toolName,
  scroll: StackScrollTool.toolName,
};


/** Tools are registered with Cornerstone once per page; registering twice throws. */
function registerStackTools(): void {
  for (const tool of stackTools) {
    if (!toolState.tools[tool.toolName]) addTool(tool);
  }
}

type Binding = { mouseButton?: number; modifierKey?: number; numTouchPoints?: number };

/**
 * The bindings of every tool when `primary` holds the left button. Cornerstone gives one finger to the first tool
 * (in the order their bindings were first set, this map's) bound to it or to the left button: DragZoomTool comes
 * before ZoomTool, which holds the left button too when zoom is chosen.
 */
function bindingsFor(primary: PrimaryTool): Map<string, Binding[]> {
  const bindings = new Map<string, Binding[]>([
    [WindowLevelTool.toolName, []],
    [DragZoomTool.toolName, []],
    [ZoomTool.toolName, [{ mouseButton: MouseBindings.Secondary }, { mouseButton: MouseBindings.Wheel, modifierKey: KeyboardBindings.Ctrl }, { numTouchPoints: 2 }]],
    [PanTool.toolName, [{ mouseButton: MouseBindings.Auxiliary }, { numTouchPoints: 2 }]],
    [StackScrollTool.toolName, [{ mouseButton: MouseBindings.Wheel }, { numTouchPoints: 3 }]],
  ]);
  const primaryName = toolNameOf[primary];
  // The left button and one finger; a primary zoom keeps its right button too, and drags with one finger.
  bindings.get(primaryName)!.unshift({ mouseButton: MouseBindings.Primary });
  bindings.get(primary === 'zoom' ? DragZoomTool.toolName : primaryName)!.unshift({ mouseButton: MouseBindings.Primary, numTouchPoints: 1 });
  return bindings;
}

/** A tool group of its own for one viewport, so each element's bindings live and die with it. */
export function createStackToolGroup(toolGroupId: string, viewportId: string, renderingEngineId: string, primary: PrimaryTool = 'window-level'): void {
  registerStackTools();
  const group = ToolGroupManager.createToolGroup(toolGroupId);
  if (!group) throw new Error(`tool group ${toolGroupId} exists already`);
  for (const tool of stackTools) group.addTool(tool.toolName, tool === DragZoomTool ? { pinchToZoom: false } : undefined);
  setPrimaryTool(toolGroupId, primary);
  group.addViewport(viewportId, renderingEngineId);
}

/** Gives the left button (and one finger) to another tool, keeping the other bindings. */
export function setPrimaryTool(toolGroupId: string, primary: PrimaryTool): void {
  const group = ToolGroupManager.getToolGroup(toolGroupId);
  if (!group) return;
  for (const [toolName, bindings] of bindingsFor(primary)) {
    // Passive first: setToolActive adds to the bindings a tool already has instead of replacing them.
    group.setToolPassive(toolName, { removeAllBindings: true });
    if (bindings.length > 0) group.setToolActive(toolName, { bindings: bindings as never });
  }
}

export function destroyStackToolGroup(toolGroupId: string): void {
  ToolGroupManager.destroyToolGroup(toolGroupId);
}
