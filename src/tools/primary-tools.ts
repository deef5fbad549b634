// The tools the primary button (and one finger) can drive: the `tool` attribute's values. Pure, so elements can
// check a value without loading Cornerstone's tools.

export const primaryTools = ['window-level', 'zoom', 'pan', 'scroll'] as const;
export type PrimaryTool = (typeof primaryTools)[number];

export function isPrimaryTool(name: unknown): name is PrimaryTool {
  return typeof name === 'string' && (primaryTools as readonly string[]).includes(name);
}
