// How much a volume is thinned to fit the memory budget: Cornerstone's decimated volume loader keeps every n-th pixel
// in-plane (`ijkDecimation` i and j) and every k-th slice (k). Pure: the plan and the notices that tell the reader (words from src/i18n/).
import { english, type Localizer } from '../i18n/localizer.js';
import { decimationMessage, overBudgetMessage } from '../i18n/volume-notice-message.js';
import { minVolumeSlices, type VolumeGrid } from './volume-geometry.js';

/** The factors tried, each way: beyond 4 in-plane or a slice in 4 a volume says too little to be worth showing. */
export const maxDecimation = 4;

export interface Decimation {
  /** Every `inPlane`-th column and row (1: all). */
  inPlane: number;
  /** Every `slices`-th slice (1: all). */
  slices: number;
  columns: number;
  rows: number;
  sliceCount: number;
  bytes: number;
}

/** The volume's size once decimated by these factors, as Cornerstone 5.14 makes it (floor in-plane, every k-th slice from the first). */
export function decimatedGrid(grid: Pick<VolumeGrid, 'rows' | 'columns' | 'slices'>, bytesPerVoxel: number, inPlane: number, slices: number): Decimation {
  const columns = Math.max(1, Math.floor(grid.columns / inPlane));
  const rows = Math.max(1, Math.floor(grid.rows / inPlane));
  const sliceCount = Math.ceil(grid.slices / slices);
  return { inPlane, slices, columns, rows, sliceCount, bytes: columns * rows * sliceCount * bytesPerVoxel };
}

/**
 * The least decimation that brings the volume within `budgetBytes`: the one keeping the most voxels, in-plane first
 * when two keep as many (slices are often already the coarser axis). `{ inPlane: 1, slices: 1 }` when it fits as it
 * is; undefined when even the most decimation does not fit.
 */
export function decimationWithin(grid: Pick<VolumeGrid, 'rows' | 'columns' | 'slices'>, bytesPerVoxel: number, budgetBytes: number): Decimation | undefined {
  let best: Decimation | undefined;
  for (let inPlane = 1; inPlane <= maxDecimation; inPlane += 1) {
    for (let slices = 1; slices <= maxDecimation; slices += 1) {
      const candidate = decimatedGrid(grid, bytesPerVoxel, inPlane, slices);
      if (candidate.bytes > budgetBytes || candidate.sliceCount < minVolumeSlices) continue;
      if (!best || candidate.bytes > best.bytes || (candidate.bytes === best.bytes && candidate.slices < best.slices)) best = candidate;
    }
  }
  return best;
}

/** What the reader is told about a decimated volume: by how much, and why (in `localizer`'s language, English by default). */
export function decimationNotice(grid: Pick<VolumeGrid, 'rows' | 'columns' | 'slices'>, bytesPerVoxel: number, decimation: Decimation, budgetMb: number, localizer: Localizer = english): string {
  const full = { columns: grid.columns, rows: grid.rows, slices: grid.slices, bytes: grid.rows * grid.columns * grid.slices * bytesPerVoxel };
  const kept = { columns: decimation.columns, rows: decimation.rows, slices: decimation.sliceCount, bytes: decimation.bytes };
  return decimationMessage({ full, kept, inPlane: decimation.inPlane, sliceStep: decimation.slices, budgetMb }, localizer);
}

/** What the reader is told when even the most decimation does not fit (in `localizer`'s language, English by default). */
export function refusalNotice(grid: Pick<VolumeGrid, 'rows' | 'columns' | 'slices'>, bytesPerVoxel: number, budgetMb: number, localizer: Localizer = english): string {
  const fullBytes = grid.rows * grid.columns * grid.slices * bytesPerVoxel;
  const least = decimatedGrid(grid, bytesPerVoxel, maxDecimation, maxDecimation);
  return overBudgetMessage({ fullBytes, leastBytes: least.bytes, factor: maxDecimation, budgetMb }, localizer);
}

/**
 * Cornerstone's decimated volume loader appends `#decimation=N` to each image id it is given. A context's image ids
 * go to it under a scheme of their own, `<scheme>-decimated:`, so that the ids it makes reach our loader and
 * metadata provider for decimated images (volume-decimated-images.ts) rather than the context's.
 */
const decimatedSchemeSuffix = '-decimated';

/** The id a context image id (`<scheme>:…`) goes to the decimated loader as. */
export function decimatedImageIdOf(imageId: string): string {
  const colon = imageId.indexOf(':');
  return colon < 0 ? imageId : `${imageId.slice(0, colon)}${decimatedSchemeSuffix}${imageId.slice(colon)}`;
}

/** The scheme the decimated ids of a context's scheme have. */
export function decimatedSchemeOf(scheme: string): string {
  return `${scheme}${decimatedSchemeSuffix}`;
}

/**
 * The context image id and the in-plane factor behind an id the decimated loader made (`<scheme>-decimated:…`,
 * perhaps ending `#decimation=N`); undefined for any other id.
 */
export function parseDecimatedImageId(imageId: string): { imageId: string; inPlane: number } | undefined {
  const match = /^([^:|]+)-decimated:(.*?)(?:#decimation=(\d+))?$/s.exec(imageId);
  if (!match) return undefined;
  return { imageId: `${match[1]}:${match[2]}`, inPlane: match[3] ? Number(match[3]) : 1 };
}
