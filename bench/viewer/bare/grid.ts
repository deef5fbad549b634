// The peer of the 2×2 benchmark: a bare Cornerstone3D page with four stack viewports in one rendering engine and
// Cornerstone's own image slice synchronizer (position by Frame of Reference), written as its examples do. The first
// viewport scrolled by setImageIdIndex on every animation frame; the synchronizer moves the other three.
import { Enums, eventTarget, init as initCore, RenderingEngine, type StackViewport } from '@cornerstonejs/core';
import dicomImageLoader from '@cornerstonejs/dicom-image-loader';
import { init as initTools, synchronizers, utilities as toolUtilities } from '@cornerstonejs/tools';
import { browserCpuMs, cpuSpent, scrollDriven, type GridPageResult } from '../grid-measure.js';

/** Where the runner reads the result (typed apart from the single-viewport pages' own). */
const page = window as unknown as { __benchResult?: GridPageResult | { error: string } };

type Instance = Record<string, { Value?: unknown[] }>;

async function run(): Promise<GridPageResult> {
  const params = new URLSearchParams(location.search);
  const root = params.get('root')!;
  const study = params.get('study')!;
  const grid = document.createElement('div');
  grid.style.cssText = 'display: grid; grid-template: repeat(2, 510px) / repeat(2, 510px); gap: 2px; width: 1024px; height: 1024px';
  document.body.append(grid);
  const elements = Array.from({ length: 4 }, () => {
    const element = document.createElement('div');
    element.style.cssText = 'width: 100%; height: 100%';
    grid.append(element);
    return element;
  });

  const cpuAtStart = await browserCpuMs();
  const start = performance.now();
  initCore();
  dicomImageLoader.init();
  initTools();
  const seriesList = (await (await fetch(`${root}/studies/${study}/series`, { headers: { Accept: 'application/dicom+json' } })).json()) as Instance[];
  seriesList.sort((a, b) => Number(a['00200011']?.Value?.[0]) - Number(b['00200011']?.Value?.[0]));
  const seriesUids = seriesList.slice(0, 4).map((series) => String(series['0020000E']!.Value![0]));
  const stacks = await Promise.all(seriesUids.map(async (series) => {
    const instances = (await (await fetch(`${root}/studies/${study}/series/${series}/metadata`, { headers: { Accept: 'application/dicom+json' } })).json()) as Instance[];
    instances.sort((a, b) => Number(a['00200013']?.Value?.[0]) - Number(b['00200013']?.Value?.[0]));
    return instances.map((instance) => {
      const imageId = `wadors:${root}/studies/${study}/series/${series}/instances/${String(instance['00080018']!.Value![0])}/frames/1`;
      dicomImageLoader.wadors.metaDataManager.add(imageId, instance as never);
      return imageId;
    });
  }));

  const engine = new RenderingEngine('bare-grid-bench');
  const viewports = elements.map((element, index) => {
    engine.enableElement({ viewportId: `bare-${index}`, type: Enums.ViewportType.STACK, element });
    return engine.getViewport(`bare-${index}`) as StackViewport;
  });
  const total = stacks.reduce((sum, stack) => sum + stack.length, 0);
  const loaded = new Set<string>();
  let allLoaded: () => void;
  const whole = new Promise<void>((resolve) => (allLoaded = resolve));
  eventTarget.addEventListener(Enums.Events.IMAGE_LOADED, (event: Event) => {
    loaded.add((event as CustomEvent<{ image: { imageId: string } }>).detail.image.imageId);
    if (loaded.size === total) allLoaded();
  });
  const rendered = [0, 0, 0, 0];
  const renders = [0, 0, 0, 0];
  const shown = [-1, -1, -1, -1];
  const firsts = elements.map((element, index) => new Promise<void>((resolve) => element.addEventListener(Enums.Events.IMAGE_RENDERED, () => {
    renders[index] += 1;
    // A new image on screen (Cornerstone also renders for camera changes).
    const current = viewports[index]!.getCurrentImageIdIndex();
    if (current !== shown[index] && viewports[index]!.getCornerstoneImage()?.imageId === stacks[index]![current]) {
      shown[index] = current;
      rendered[index] += 1;
    }
    resolve();
  })));
  await Promise.all(viewports.map((viewport, index) => viewport.setStack(stacks[index]!, 0)));
  for (const element of elements) toolUtilities.stackPrefetch.enable(element);
  await Promise.all(firsts);
  const allFirstImages = performance.now();
  const open = cpuSpent(cpuAtStart, await browserCpuMs());

  const synchronizer = synchronizers.createImageSliceSynchronizer('bare-grid-position');
  for (const viewport of viewports) synchronizer.add({ renderingEngineId: engine.id, viewportId: viewport.id });
  await whole;
  const seriesLoaded = performance.now();

  const before = [...rendered];
  const rendersBefore = [...renders];
  const driven = viewports[0]!;
  const { scrollMs, scrollCpuMs, scrollCpuByType } = await scrollDriven(stacks[0]!.length, (index) => void driven.setImageIdIndex(index));
  const frames = rendered.map((count, index) => count - before[index]!);
  const followersInStep = viewports.slice(1).every((viewport) => viewport.getCurrentImageIdIndex() === driven.getCurrentImageIdIndex());
  return { start, allFirstImages, seriesLoaded, drivenFrames: frames[0]!, followerFrames: frames.slice(1), renders: renders.map((count, index) => count - rendersBefore[index]!), scrollMs, openCpuMs: open.total, scrollCpuMs, openCpuByType: open.byType, scrollCpuByType, followersInStep };
}

run().then(
  (result) => (page.__benchResult = result),
  (error: unknown) => (page.__benchResult = { error: String((error as Error)?.stack ?? error) }),
);
