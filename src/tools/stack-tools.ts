// The default mouse bindings of a stack viewport: window/level on left drag, zoom on right, pan on middle, scroll on wheel.
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

const { MouseBindings } = ToolEnums;
const stackTools = [WindowLevelTool, ZoomTool, PanTool, StackScrollTool];

/** Tools are registered with Cornerstone once per page; registering twice throws. */
function registerStackTools(): void {
  for (const tool of stackTools) {
    if (!toolState.tools[tool.toolName]) addTool(tool);
  }
}

/** A tool group of its own for one viewport, so each element's bindings live and die with it. */
export function createStackToolGroup(toolGroupId: string, viewportId: string, renderingEngineId: string): void {
  registerStackTools();
  const group = ToolGroupManager.createToolGroup(toolGroupId);
  if (!group) throw new Error(`tool group ${toolGroupId} exists already`);
  for (const tool of stackTools) group.addTool(tool.toolName);
  group.setToolActive(WindowLevelTool.toolName, { bindings: [{ mouseButton: MouseBindings.Primary }] });
  group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: MouseBindings.Secondary }] });
  group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
  group.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: MouseBindings.Wheel }] });
  group.addViewport(viewportId, renderingEngineId);
}

export function destroyStackToolGroup(toolGroupId: string): void {
  ToolGroupManager.destroyToolGroup(toolGroupId);
}
