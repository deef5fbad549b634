// The image cache's memory budget: Cornerstone has one cache a page, so each viewport states its budget and the
// cache is held to the largest one stated by a connected viewport.
import { cache } from '@cornerstonejs/core';
import { defaultCacheMb } from './defaults.js';

const budgets = new Map<object, number>();
let cornerstoneDefault: number | undefined;

function apply(): void {
  cornerstoneDefault ??= cache.getMaxCacheSize();
  const largest = Math.max(0, ...budgets.values());
  cache.setMaxCacheSize(budgets.size > 0 ? largest * 1024 * 1024 : cornerstoneDefault);
}

/** States (or changes) a viewport's budget in MB. */
export function setCacheBudget(owner: object, megabytes: number): void {
  budgets.set(owner, Number.isFinite(megabytes) && megabytes > 0 ? megabytes : defaultCacheMb);
  apply();
}

export function releaseCacheBudget(owner: object): void {
  if (budgets.delete(owner)) apply();
}
