// What the page's imaging layer holds right now: for leak checks by tests and by integrators who debug one.
import { cache, getRenderingEngines } from '@cornerstonejs/core';
import { ToolGroupManager } from '@cornerstonejs/tools';

export interface ImagingStats {
  renderingEngines: number;
  viewports: number;
  toolGroups: number;
  /** Bytes of decoded images in Cornerstone's cache. */
  cacheBytes: number;
}

export function getImagingStats(): ImagingStats {
  const engines = getRenderingEngines() ?? [];
  return {
    renderingEngines: engines.length,
    viewports: engines.reduce((count, engine) => count + engine.getViewports().length, 0),
    toolGroups: ToolGroupManager.getAllToolGroups().length,
    cacheBytes: cache.getCacheSize(),
  };
}
