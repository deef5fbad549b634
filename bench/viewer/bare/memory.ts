// The peer of memory-page.ts: a bare Cornerstone3D page that opens a study as bare/main.ts does and closes it the
// way Cornerstone's own examples tear down (prefetch disabled, engine destroyed, cache purged, metadata forgotten),
// behind the same window.__memoryBench interface, so memory-measure.ts drives both alike.
import { cache, Enums, eventTarget, getRenderingEngines, init as initCore, RenderingEngine, type StackViewport } from '@cornerstonejs/core';
import dicomImageLoader from '@cornerstonejs/dicom-image-loader';
import { init as initTools, ToolGroupManager, utilities as toolUtilities } from '@cornerstonejs/tools';
import type { MemoryBenchPage, PageCensus } from '../memory-page.js';
import { installWebglCensus, webglCensus } from '../webgl-census.js';

installWebglCensus(); // before any context is made

const census = (): PageCensus => {
  const engines = getRenderingEngines() ?? [];
  return {
    imaging: {
      renderingEngines: engines.length,
      viewports: engines.reduce((count, engine) => count + engine.getViewports().length, 0),
      toolGroups: ToolGroupManager.getAllToolGroups().length,
      cacheBytes: cache.getCacheSize(),
    },
    webgl: webglCensus(),
  };
};

interface Open {
  element: HTMLDivElement;
  engine: RenderingEngine;
  imageIds: string[];
}

let shown: Open | undefined;
let initialized = false;

const page: MemoryBenchPage = {
  census,
  async open(root, study, series) {
    if (shown) throw new Error('a viewport is open already');
    if (!initialized) {
      initCore();
      dicomImageLoader.init();
      initTools();
      initialized = true;
    }
    const element = document.createElement('div');
    element.style.cssText = 'width: 512px; height: 512px';
    document.body.append(element);
    const start = performance.now();
    const response = await fetch(`${root}/studies/${study}/series/${series}/metadata`, { headers: { Accept: 'application/dicom+json' } });
    const instances = (await response.json()) as Array<Record<string, { Value?: unknown[] }>>;
    instances.sort((a, b) => Number(a['00200013']?.Value?.[0]) - Number(b['00200013']?.Value?.[0]));
    const imageIds = instances.map((instance) => {
      const imageId = `wadors:${root}/studies/${study}/series/${series}/instances/${String(instance['00080018']!.Value![0])}/frames/1`;
      dicomImageLoader.wadors.metaDataManager.add(imageId, instance as never);
      return imageId;
    });

    // A new engine an open, as <dicom-viewport> has once the previous one's last viewport is gone.
    const engine = new RenderingEngine(`bare-memory-${study}`);
    engine.enableElement({ viewportId: 'bare', type: Enums.ViewportType.STACK, element });
    shown = { element, engine, imageIds };
    const viewport = engine.getViewport('bare') as StackViewport;
    const loaded = new Set<string>();
    let allLoaded: () => void = () => undefined;
    const whole = new Promise<void>((resolve) => (allLoaded = resolve));
    const onLoaded = (event: Event) => {
      loaded.add((event as CustomEvent<{ image: { imageId: string } }>).detail.image.imageId);
      if (loaded.size === imageIds.length) allLoaded();
    };
    eventTarget.addEventListener(Enums.Events.IMAGE_LOADED, onLoaded);
    const firstRendered = new Promise<void>((resolve) => element.addEventListener(Enums.Events.IMAGE_RENDERED, () => resolve(), { once: true }));
    await viewport.setStack(imageIds, 0);
    toolUtilities.stackPrefetch.enable(element);
    await firstRendered;
    const firstImageMs = performance.now() - start;
    await whole;
    const seriesLoadedMs = performance.now() - start;
    eventTarget.removeEventListener(Enums.Events.IMAGE_LOADED, onLoaded);
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return { images: imageIds.length, firstImageMs, seriesLoadedMs, ...census() };
  },
  async close() {
    const start = performance.now();
    if (shown) {
      const { element, engine, imageIds } = shown;
      shown = undefined;
      toolUtilities.stackPrefetch.disable(element);
      engine.destroy();
      for (const imageId of imageIds) {
        if (cache.getImageLoadObject(imageId)) cache.removeImageLoadObject(imageId, { force: true });
        dicomImageLoader.wadors.metaDataManager.remove(imageId);
      }
      element.remove();
    }
    const settleMs = performance.now() - start;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return { settleMs, ...census() };
  },
};

window.__memoryBench = page;
