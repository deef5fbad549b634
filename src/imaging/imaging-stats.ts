// What the imaging layer holds: for leak checks by tests and by integrators who debug one. No Cornerstone import
// here: before the engine chunk has loaded, nothing can be held, and its counts read as zero.
import { pageImagingContext, type ImagingContext, type ImagingContextStats } from './imaging-context.js';

export type ImagingStats = ImagingContextStats;

/** What a context (the page's unless given) and Cornerstone hold: every count is zero once no viewport is left. */
export function getImagingStats(context: ImagingContext = pageImagingContext()): ImagingStats {
  return context.stats();
}
