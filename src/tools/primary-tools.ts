// The tools the primary button (and one finger) can drive: the `tool` attribute's values, every tool of the
// registry (tool-registry.ts). Pure, so elements can check a value without loading Cornerstone's tools.
import { toolDescriptors, type ToolName } from './tool-registry.js';

export const primaryTools: readonly ToolName[] = toolDescriptors.map((descriptor) => descriptor.name);
export type PrimaryTool = ToolName;

export function isPrimaryTool(name: unknown): name is PrimaryTool {
  return typeof name === 'string' && (primaryTools as readonly string[]).includes(name);
}
