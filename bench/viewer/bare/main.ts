// The peer of `bench/viewer/run.ts`: a bare Cornerstone3D page doing what <dicom-viewport> does for a series
// (series metadata, a stack viewport, the first image, the stack prefetch until every image is cached, then
// scrolling through the cached stack), written as Cornerstone's own examples do, with nothing of ours.
import { Enums, eventTarget, init as initCore, RenderingEngine, type StackViewport } from '@cornerstonejs/core';
import dicomImageLoader from '@cornerstonejs/dicom-image-loader';
import { init as initTools, utilities as toolUtilities } from '@cornerstonejs/tools';
import { scrollThroughStack, type PageResult } from '../page-measure.js';

declare global {
  interface Window {
    __benchResult?: PageResult | { error: string };
  }
}

async function run(): Promise<PageResult> {
  const params = new URLSearchParams(location.search);
  const root = params.get('root')!;
  const study = params.get('study')!;
  const series = params.get('series')!;
  const element = document.createElement('div');
  element.style.cssText = 'width: 512px; height: 512px';
  document.body.append(element);

  const start = performance.now();
  initCore();
  dicomImageLoader.init();
  initTools();
  const response = await fetch(`${root}/studies/${study}/series/${series}/metadata`, { headers: { Accept: 'application/dicom+json' } });
  const instances = (await response.json()) as Array<Record<string, { Value?: unknown[] }>>;
  instances.sort((a, b) => Number(a['00200013']?.Value?.[0]) - Number(b['00200013']?.Value?.[0]));
  const imageIds = instances.map((instance) => {
    const sop = String(instance['00080018']!.Value![0]);
    const imageId = `wadors:${root}/studies/${study}/series/${series}/instances/${sop}/frames/1`;
    dicomImageLoader.wadors.metaDataManager.add(imageId, instance as never);
    return imageId;
  });

  const engine = new RenderingEngine('bare-bench');
  engine.enableElement({ viewportId: 'bare', type: Enums.ViewportType.STACK, element });
  const viewport = engine.getViewport('bare') as StackViewport;
  const loaded = new Set<string>();
  let allLoaded: () => void;
  const whole = new Promise<void>((resolve) => (allLoaded = resolve));
  eventTarget.addEventListener(Enums.Events.IMAGE_LOADED, (event: Event) => {
    const imageId = (event as CustomEvent<{ image: { imageId: string } }>).detail.image.imageId;
    loaded.add(imageId);
    if (loaded.size === imageIds.length) allLoaded();
  });
  const firstRendered = new Promise<void>((resolve) => element.addEventListener(Enums.Events.IMAGE_RENDERED, () => resolve(), { once: true }));
  await viewport.setStack(imageIds, 0);
  toolUtilities.stackPrefetch.enable(element);
  await firstRendered;
  const firstImage = performance.now();
  await whole;
  const seriesLoaded = performance.now();

  let shownIndex = 0;
  const scroll = await scrollThroughStack(imageIds.length, (index) => {
    void viewport.setImageIdIndex(index);
  }, (onShown) => {
    element.addEventListener(Enums.Events.IMAGE_RENDERED, () => {
      const index = viewport.getCurrentImageIdIndex();
      if (index !== shownIndex && viewport.getCornerstoneImage()?.imageId === imageIds[index]) {
        shownIndex = index;
        onShown();
      }
    });
  });
  return { start, firstImage, seriesLoaded, images: imageIds.length, ...scroll, timeOrigin: performance.timeOrigin };
}

run().then(
  (result) => (window.__benchResult = result),
  (error: unknown) => (window.__benchResult = { error: String((error as Error)?.stack ?? error) }),
);
