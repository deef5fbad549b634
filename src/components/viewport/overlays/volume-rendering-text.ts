// What a volume rendering's overlay says where a stack says "Image n of N": that it is a rendering, and under which
// preset. A rendering has no slice, position or thickness, so it says none. Pure.

const presetLabels: Record<string, string> = { bone: 'Bone', 'soft-tissue': 'Soft tissue', lung: 'Lung', angio: 'Angio' };

/** The overlay's lines for a rendering under `preset` (`volume-preset`): "3D Bone". */
export function volumeRenderingLines(preset: string): string[] {
  const label = presetLabels[preset] ?? presetLabels.bone!;
  return [`3D ${label}`];
}
