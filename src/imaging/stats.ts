// What Cornerstone holds right now (engines, viewports, tool groups, cache), read once its chunk has loaded. These
// are the page's: Cornerstone keeps one cache and one tool-group store a page.
import { cache, getRenderingEngines } from '@cornerstonejs/core';
import { ToolGroupManager } from '@cornerstonejs/tools';
import type { CornerstoneCounts } from './imaging-context.js';
import { annotationCount } from '../tools/annotation-scope.js';

export function imagingStatsNow(): CornerstoneCounts {
  const engines = getRenderingEngines() ?? [];
  return {
    renderingEngines: engines.length,
    viewports: engines.reduce((count, engine) => count + engine.getViewports().length, 0),
    toolGroups: ToolGroupManager.getAllToolGroups().length,
    cacheBytes: cache.getCacheSize(),
    annotations: annotationCount(),
  };
}
