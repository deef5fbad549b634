// What a volume rendering's overlay says where a stack says "Image n of N": that it is a rendering, and under which
// preset. A rendering has no slice, position or thickness, so it says none. Pure; the words in the element's language.
import { english, type Localizer } from '../../../i18n/localizer.js';

const presetKeys = {
  bone: 'volume.preset.bone',
  'soft-tissue': 'volume.preset.soft-tissue',
  lung: 'volume.preset.lung',
  angio: 'volume.preset.angio',
} as const;

/** The overlay's lines for a rendering under `preset` (`volume-preset`): "3D Bone". */
export function volumeRenderingLines(preset: string, localizer: Localizer = english): string[] {
  const key = presetKeys[preset as keyof typeof presetKeys] ?? presetKeys.bone;
  return [localizer.t('volume.rendering', { preset: localizer.t(key) })];
}
