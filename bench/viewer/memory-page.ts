// Our side of the memory benchmark (bench/viewer/memory-measure.ts drives it): the standalone bundle as an integrator
// loads it, and one <dicom-viewport> at a time opened on a study and removed again (with `?element=viewer`, one
// <dicom-viewer> in a 1×1 layout, with its toolbar, series browser and measurement list). Garbage collection and heap
// figures come from the driver over CDP; the page reports what only it can see (Cornerstone's stats, WebGL).
import type { DicomViewer, DicomViewport, ImagingStats } from '../../src/index.js'; // types only
import { installWebglCensus, webglCensus, type WebglCensus } from './webgl-census.js';

export interface PageCensus {
  /** What Cornerstone holds (the lightbox page also reports its imaging context's registries). */
  imaging: Pick<ImagingStats, 'renderingEngines' | 'viewports' | 'toolGroups' | 'cacheBytes'>;
  webgl: WebglCensus;
}

export interface OpenResult extends PageCensus {
  images: number;
  /** From appending the element. */
  firstImageMs: number;
  seriesLoadedMs: number;
}

export interface CloseResult extends PageCensus {
  /** How long after removal the element's engine and cache entries were gone (or the bound, if they never went). */
  settleMs: number;
}

export interface MemoryBenchPage {
  open(root: string, study: string, series: string): Promise<OpenResult>;
  close(): Promise<CloseResult>;
  census(): PageCensus;
}

declare global {
  interface Window {
    __memoryBench?: MemoryBenchPage | { error: string };
  }
}

installWebglCensus(); // before the bundle, so the engine's first context is counted

/**
 * Rejects after 30 s, and clears its timer as soon as the work settles: a pending timer's closure would keep the
 * closed element alive and show up as a leak of ours (it did, before the timer was cleared).
 */
async function bounded<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over 30 s`)), 30_000)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function setUp(): Promise<MemoryBenchPage> {
  // The URL is the page's: the bundle is not part of this harness's own build.
  const bundle = new URL('/ours/dicom-lightbox.js', location.href).href;
  const { getImagingStats } = (await import(/* @vite-ignore */ bundle)) as { getImagingStats: (context?: DicomViewer['imagingContext']) => ImagingStats };
  // A viewer gives its viewports an imaging context of its own: the last viewer's is the one to count (kept after
  // its viewer is gone, so the figures after closing read it; replaced by the next viewer's).
  let viewerContext: DicomViewer['imagingContext'] | undefined;
  const stats = () => getImagingStats(viewerContext);
  const census = (): PageCensus => ({ imaging: stats(), webgl: webglCensus() });
  // The one reference the page keeps to the open element; dropped on close so nothing here retains it.
  let shown: DicomViewport | DicomViewer | undefined;
  const inViewer = new URLSearchParams(location.search).get('element') === 'viewer';

  return {
    census,
    async open(root, study, series) {
      if (shown) throw new Error('a viewport is open already');
      const element = document.createElement(inViewer ? 'dicom-viewer' : 'dicom-viewport');
      element.style.cssText = inViewer ? 'width: 800px; height: 600px' : 'width: 512px; height: 512px';
      element.setAttribute('dicomweb-root', root);
      element.setAttribute('study', study);
      // The viewer's default protocol shows the study's one series; the viewport is told which.
      if (inViewer) element.setAttribute('layout', '1x1');
      else element.setAttribute('series', series);
      const firstRendered = new Promise<void>((resolve) => element.addEventListener('dicom-image-rendered', () => resolve(), { once: true }));
      const whole = new Promise<void>((resolve) =>
        element.addEventListener('dicom-load-progress', ({ detail }) => {
          if (detail.loaded + detail.failed >= detail.total) resolve();
        }),
      );
      const failed = new Promise<never>((_, reject) => element.addEventListener('dicom-error', ({ detail }) => reject(new Error(`${study}: ${detail.kind}: ${detail.message}`)), { once: true }));
      failed.catch(() => undefined); // an error after the series loaded is no failure of this open
      shown = element;
      const start = performance.now();
      document.body.append(element);
      if (inViewer) viewerContext = (element as DicomViewer).imagingContext;
      await bounded(Promise.race([firstRendered, failed]), `the first image of ${study}`);
      const firstImageMs = performance.now() - start;
      await bounded(Promise.race([whole, failed]), `the whole series of ${study}`);
      const seriesLoadedMs = performance.now() - start;
      // The last images on screen and in the cache before anyone reads the figures.
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const images = inViewer ? ((element as DicomViewer).viewports[0]?.imageCount ?? 0) : (element as DicomViewport).imageCount;
      return { images, firstImageMs, seriesLoadedMs, ...census() };
    },
    async close() {
      shown?.remove();
      shown = undefined;
      // The engine goes a task after its last viewport, images still loading once they settle: wait for both,
      // bounded, so a leak shows in the figures instead of hanging the benchmark.
      const start = performance.now();
      const settled = () => {
        const { renderingEngines, viewports, cacheBytes } = stats();
        return renderingEngines === 0 && viewports === 0 && cacheBytes === 0;
      };
      while (!settled() && performance.now() - start < 3000) await new Promise((resolve) => setTimeout(resolve, 10));
      const settleMs = performance.now() - start;
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      return { settleMs, ...census() };
    },
  };
}

setUp().then(
  (page) => (window.__memoryBench = page),
  (error: unknown) => (window.__memoryBench = { error: String((error as Error)?.stack ?? error) }),
);
