// Our side of `bench/viewer/run.ts`: the standalone bundle as an integrator loads it, one <dicom-viewport>.
import type {} from '../../src/index.js'; // the elements' and events' types only
import { scrollThroughStack, type PageResult } from './page-measure.js';

declare global {
  interface Window {
    __benchResult?: PageResult | { error: string };
  }
}

async function run(): Promise<PageResult> {
  const params = new URLSearchParams(location.search);
  // The URL is the page's: the bundle is not part of this harness's own build.
  const bundle = new URL('/ours/dicom-lightbox.js', location.href).href;
  await import(/* @vite-ignore */ bundle);
  const element = document.createElement('dicom-viewport');
  element.style.cssText = 'width: 512px; height: 512px';
  element.setAttribute('dicomweb-root', params.get('root')!);
  element.setAttribute('study', params.get('study')!);
  element.setAttribute('series', params.get('series')!);
  const firstRendered = new Promise<void>((resolve) => element.addEventListener('dicom-image-rendered', () => resolve(), { once: true }));
  const whole = new Promise<void>((resolve) =>
    element.addEventListener('dicom-load-progress', ({ detail }) => {
      if (detail.loaded + detail.failed >= detail.total) resolve();
    }),
  );
  const start = performance.now();
  document.body.append(element);
  await firstRendered;
  const firstImage = performance.now();
  await whole;
  const seriesLoaded = performance.now();
  const scroll = await scrollThroughStack(element.imageCount, (index) => element.scrollToImage(index), (onShown) =>
    element.addEventListener('dicom-image-rendered', onShown),
  );
  return { start, firstImage, seriesLoaded, images: element.imageCount, ...scroll, timeOrigin: performance.timeOrigin };
}

run().then(
  (result) => (window.__benchResult = result),
  (error: unknown) => (window.__benchResult = { error: String((error as Error)?.stack ?? error) }),
);
