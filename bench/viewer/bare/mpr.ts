// The MPR peer of `bench/viewer/mpr.ts`: a bare Cornerstone3D page showing a series as one streaming volume in
// orthographic viewports (axial, sagittal, coronal; `views=1` for axial alone), as Cornerstone's own MPR example
// does, with nothing of ours.
import { Enums, init as initCore, RenderingEngine, setVolumesForViewports, volumeLoader, type Types } from '@cornerstonejs/core';
import dicomImageLoader from '@cornerstonejs/dicom-image-loader';
import { init as initTools } from '@cornerstonejs/tools';
import { firstImageInAll, keepResourceTimings, resourcesBefore, type MprPageResult } from '../mpr-page-measure.js';

/** Where the benchmark reads the result (the other pages declare it with their own result type). */
const page = window as unknown as { __benchResult?: MprPageResult | { error: string }; __benchFirstImage?: number };

const orientations = [Enums.OrientationAxis.AXIAL, Enums.OrientationAxis.SAGITTAL, Enums.OrientationAxis.CORONAL];

async function run(): Promise<MprPageResult> {
  keepResourceTimings();
  const params = new URLSearchParams(location.search);
  const [root, study, series] = ['root', 'study', 'series'].map((name) => params.get(name)!);
  const views = Number(params.get('views') ?? 3);
  const elements = orientations.slice(0, views).map(() => {
    const element = document.createElement('div');
    element.style.cssText = 'width: 256px; height: 256px; display: inline-block';
    document.body.append(element);
    return element;
  });
  const start = performance.now();
  initCore();
  dicomImageLoader.init();
  initTools();
  const response = await fetch(`${root}/studies/${study}/series/${series}/metadata`, { headers: { Accept: 'application/dicom+json' } });
  const instances = (await response.json()) as Array<Record<string, { Value?: unknown[] }>>;
  instances.sort((a, b) => Number(a['00200013']?.Value?.[0]) - Number(b['00200013']?.Value?.[0]));
  const imageIds = instances.map((instance) => {
    const imageId = `wadors:${root}/studies/${study}/series/${series}/instances/${String(instance['00080018']!.Value![0])}/frames/1`;
    dicomImageLoader.wadors.metaDataManager.add(imageId, instance as never);
    return imageId;
  });
  const engine = new RenderingEngine('bare-mpr');
  const viewportIds = elements.map((element, index) => {
    const viewportId = `bare-mpr-${index}`;
    engine.enableElement({ viewportId, type: Enums.ViewportType.ORTHOGRAPHIC, element, defaultOptions: { orientation: orientations[index]! } });
    return viewportId;
  });
  const volumeId = 'cornerstoneStreamingImageVolume:bare-mpr';
  const volume = await volumeLoader.createAndCacheVolume(volumeId, { imageIds });
  const loaded = new Promise<number>((resolve) => (volume as unknown as { load(done: () => void): void }).load(() => resolve(performance.now())));
  await setVolumesForViewports(engine, [{ volumeId }], viewportIds);
  engine.render();
  const firstImage = await firstImageInAll(elements.map((element) => () => element.querySelector('canvas')));
  page.__benchFirstImage = firstImage; // the benchmark reads the processes' CPU time now
  const volumeLoaded = await loaded;
  return { start, firstImage, volumeLoaded, views, resources: resourcesBefore(start, firstImage), slices: imageIds.length, timeOrigin: performance.timeOrigin } satisfies MprPageResult;
}

run().then(
  (result) => (page.__benchResult = result),
  (error: unknown) => (page.__benchResult = { error: String((error as Error)?.stack ?? error) }),
);
export type { Types };
