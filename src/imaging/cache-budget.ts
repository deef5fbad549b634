// The image cache's memory budget: Cornerstone has one cache a page, so each viewport states its budget in its
// imaging context, and the cache is held to the largest one stated by a connected viewport.
import { cache } from '@cornerstonejs/core';
import { defaultCacheMb } from './defaults.js';
import type { ImagingContext } from './imaging-context.js';

function apply(context: ImagingContext): void {
  context.cornerstoneCacheDefault ??= cache.getMaxCacheSize();
  const budgets = context.cacheBudgets;
  const largest = Math.max(0, ...budgets.values());
  cache.setMaxCacheSize(budgets.size > 0 ? largest * 1024 * 1024 : context.cornerstoneCacheDefault);
}

/** States (or changes) an owner's (a viewport's) budget in MB. */
export function setCacheBudget(context: ImagingContext, owner: object, megabytes: number): void {
  context.cacheBudgets.set(owner, Number.isFinite(megabytes) && megabytes > 0 ? megabytes : defaultCacheMb);
  apply(context);
}

export function releaseCacheBudget(context: ImagingContext, owner: object): void {
  if (context.cacheBudgets.delete(owner)) apply(context);
}
