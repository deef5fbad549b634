// What the page's imaging layer holds: for leak checks by tests and by integrators who debug one. No Cornerstone
// import here: before the engine chunk has loaded, nothing can be held.

export interface ImagingStats {
  renderingEngines: number;
  viewports: number;
  toolGroups: number;
  /** Bytes of decoded images in Cornerstone's cache. */
  cacheBytes: number;
}

let readStats: (() => ImagingStats) | undefined;

/** Called by the engine chunk when it loads. */
export function provideImagingStats(read: () => ImagingStats): void {
  readStats = read;
}

export function getImagingStats(): ImagingStats {
  return readStats?.() ?? { renderingEngines: 0, viewports: 0, toolGroups: 0, cacheBytes: 0 };
}
