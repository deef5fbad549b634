// Our side of the MPR benchmark (bench/viewer/mpr.ts): the standalone bundle, one <dicom-viewport orientation> for
// each plane (`views=1`: axial alone), given one DicomwebSource so that they share the volume, as a viewer's do.
import type {} from '../../src/index.js'; // the elements' and events' types only
import { firstImageInAll, keepResourceTimings, resourcesBefore, type MprPageResult } from './mpr-page-measure.js';

/** Where the benchmark reads the result (the other pages declare it with their own result type). */
const page = window as unknown as { __benchResult?: MprPageResult | { error: string }; __benchFirstImage?: number };

async function run(): Promise<MprPageResult> {
  keepResourceTimings();
  const params = new URLSearchParams(location.search);
  const bundle = new URL('/ours/dicom-lightbox.js', location.href).href;
  const lightbox = (await import(/* @vite-ignore */ bundle)) as typeof import('../../src/index.js');
  const views = Number(params.get('views') ?? 3);
  const source = new lightbox.DicomwebSource(params.get('root')!);
  const elements = ['axial', 'sagittal', 'coronal'].slice(0, views).map((orientation) => {
    const element = document.createElement('dicom-viewport');
    element.style.cssText = 'width: 256px; height: 256px; display: inline-block';
    element.source = source;
    element.setAttribute('study', params.get('study')!);
    element.setAttribute('series', params.get('series')!);
    element.setAttribute('orientation', orientation);
    return element;
  });
  const loaded = new Promise<number>((resolve) =>
    elements[0]!.addEventListener('dicom-load-progress', ({ detail }) => {
      if (detail.loaded + detail.failed >= detail.total) resolve(performance.now());
    }),
  );
  const start = performance.now();
  for (const element of elements) document.body.append(element);
  const firstImage = await firstImageInAll(elements.map((element) => () => element.shadowRoot?.querySelector<HTMLCanvasElement>('.volume canvas') ?? null));
  page.__benchFirstImage = firstImage; // the benchmark reads the processes' CPU time now
  const volumeLoaded = await loaded;
  return { start, firstImage, volumeLoaded, views, resources: resourcesBefore(start, firstImage), slices: elements[0]!.imageCount, timeOrigin: performance.timeOrigin };
}

run().then(
  (result) => (page.__benchResult = result),
  (error: unknown) => (page.__benchResult = { error: String((error as Error)?.stack ?? error) }),
);
