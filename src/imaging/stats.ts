// What Cornerstone holds right now (engines, viewports, tool groups, cache), read once its chunk has loaded.
import { cache, getRenderingEngines } from '@cornerstonejs/core';
import { ToolGroupManager } from '@cornerstonejs/tools';

import type { ImagingStats } from './imaging-stats.js';

export function imagingStatsNow(): ImagingStats {
  const engines = getRenderingEngines() ?? [];
  return {
    renderingEngines: engines.length,
    viewports: engines.reduce((count, engine) => count + engine.getViewports().length, 0),
    toolGroups: ToolGroupManager.getAllToolGroups().length,
    cacheBytes: cache.getCacheSize(),
  };
}
