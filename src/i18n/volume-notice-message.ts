// Why a series is shown as a stack although a plane was asked for, and how much a volume was thinned to fit the
// memory budget, said in the reader's language from the facts (volume-geometry.ts, volume-decimation.ts), numbers
// in the locale's digits.
import type { Localizer } from './localizer.js';
import type { MessageKey } from './messages-en.js';

/** Which sentence says why a series is no volume: the refusal's reason, or a finer case of it. */
export type VolumeRefusalSentence =
  | 'multi-frame' | 'one-image' | 'too-few-slices' | 'no-geometry' | 'colour' | 'mixed-size' | 'mixed-spacing'
  | 'mixed-orientation' | 'duplicate-position' | 'tilted' | 'reversed' | 'gap';

/** The facts a refusal's sentence names: image numbers, sizes and millimetres (already rounded as they are shown). */
export type VolumeRefusalFacts = Readonly<Record<string, number>>;

/** The numbers of `facts` in the locale's digits (up to 6 decimals: pixel spacings are written as the header has them). */
function formatted(facts: VolumeRefusalFacts, { format }: Localizer): Record<string, string> {
  return Object.fromEntries(Object.entries(facts).map(([name, value]) => [name, format.number(value, 6)]));
}

/** "Not shown as a volume: …." for a refusal's sentence and facts. */
export function volumeRefusalMessage(refusal: { sentence: VolumeRefusalSentence; facts: VolumeRefusalFacts }, localizer: Localizer): string {
  const reason = localizer.t(`volume.refusal.${refusal.sentence}` as MessageKey, formatted(refusal.facts, localizer));
  return localizer.t('volume.notVolume', { reason });
}

/** A size as the reader reads it: MB to a hundredth, KB below a tenth of a megabyte. */
export function sizeMessage(bytes: number, { t, format }: Localizer): string {
  return bytes < 0.1 * 1024 * 1024
    ? t('size.kilobytes', { value: format.number(Math.ceil(bytes / 1024)) })
    : t('size.megabytes', { value: format.number(Math.round((bytes / (1024 * 1024)) * 100) / 100, 2) });
}

/** A volume's size in voxels: columns, rows, slices. */
export interface VolumeSize {
  columns: number;
  rows: number;
  slices: number;
}

/** What a decimated volume's notice names: the full grid and bytes, the kept grid and bytes, the factors and the budget. */
export interface DecimationFacts {
  full: VolumeSize & { bytes: number };
  kept: VolumeSize & { bytes: number };
  inPlane: number;
  sliceStep: number;
  budgetMb: number;
}

/** "Decimated to fit the memory budget …": by how much, and why. */
export function decimationMessage(facts: DecimationFacts, localizer: Localizer): string {
  const { t, format } = localizer;
  const parts: string[] = [];
  if (facts.inPlane > 1) {
    parts.push(t('volume.decimatedPixels', { columns: format.number(facts.kept.columns), rows: format.number(facts.kept.rows), fullColumns: format.number(facts.full.columns), fullRows: format.number(facts.full.rows) }));
  }
  if (facts.sliceStep > 1) parts.push(t('volume.decimatedSlices', { slices: format.number(facts.kept.slices), fullSlices: format.number(facts.full.slices) }));
  const joined = parts.length > 0 ? parts.reduce((first, second) => t('volume.partsJoin', { first, second })) : '';
  return t('volume.decimated', { budget: format.number(facts.budgetMb, 6), parts: joined, size: sizeMessage(facts.kept.bytes, localizer), fullSize: sizeMessage(facts.full.bytes, localizer) });
}

/** What an over-budget notice names: the full bytes, the bytes at the most decimation, that factor and the budget. */
export interface OverBudgetFacts {
  fullBytes: number;
  leastBytes: number;
  factor: number;
  budgetMb: number;
}

/** "Not shown as a volume: it needs … MB …": the volume does not fit even at the most decimation. */
export function overBudgetMessage(facts: OverBudgetFacts, localizer: Localizer): string {
  const { t, format } = localizer;
  return t('volume.overBudget', {
    needed: format.number(Math.ceil(facts.fullBytes / (1024 * 1024))),
    least: sizeMessage(facts.leastBytes, localizer),
    factor: format.number(facts.factor),
    budget: format.number(facts.budgetMb, 6),
  });
}
