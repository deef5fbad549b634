// Our side of the 2×2 benchmark (bench/viewer/grid-bench.ts): the standalone bundle as an integrator loads it, one
// <dicom-viewer layout="2x2" sync="position"> opening the four-series study; the first viewport scrolled as a reader
// scrolls (each step a reader's change, carried to the other three).
import type {} from '../../src/index.js'; // the elements' and events' types only
import type { DicomViewport } from '../../src/components/viewport/viewport.component.js';
import { browserCpuMs, cpuSpent, scrollDriven, type GridPageResult } from './grid-measure.js';

/** Where the runner reads the result (typed apart from the single-viewport pages' own). */
const page = window as unknown as { __benchResult?: GridPageResult | { error: string } };

async function run(): Promise<GridPageResult> {
  const params = new URLSearchParams(location.search);
  const bundle = new URL('/ours/dicom-lightbox.js', location.href).href;
  await import(/* @vite-ignore */ bundle);
  const viewer = document.createElement('dicom-viewer');
  viewer.style.cssText = 'display: block; width: 1024px; height: 1024px';
  for (const name of ['no-toolbar', 'no-series-browser', 'no-measurements']) viewer.setAttribute(name, '');
  viewer.setAttribute('layout', '2x2');
  viewer.setAttribute('sync', 'position');
  viewer.setAttribute('dicomweb-root', params.get('root')!);
  viewer.setAttribute('study', params.get('study')!);
  // An experiment (BENCH_GRID_EXPERIMENTS): the same page with parts left out by attribute, to see what they cost.
  const experiment = params.get('experiment') ?? '';
  if (experiment.includes('no-reference-lines')) viewer.setAttribute('no-reference-lines', '');
  const loaded = new Promise<void>((resolve) => viewer.addEventListener('dicom-study-loaded', () => resolve(), { once: true }));
  const cpuAtStart = await browserCpuMs();
  const start = performance.now();
  document.body.append(viewer);
  await loaded;
  await viewer.updateComplete;
  const viewports: DicomViewport[] = viewer.viewports;
  if (viewports.length !== 4) throw new Error(`expected 4 viewports, got ${viewports.length}`);
  const rendered = viewports.map(() => 0);
  // Cornerstone's own render events, on each viewport's canvas container (inside its shadow root).
  const renders = viewports.map(() => 0);
  for (const [index, viewport] of viewports.entries()) {
    if (experiment.includes('no-overlay')) viewport.noOverlay = true;
    // The overlay text outlined by four hard 1 px shadows only, without the three blurred ones.
    if (experiment.includes('sharp-outline')) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync('.overlay { text-shadow: 1px 0 0 #000, -1px 0 0 #000, 0 1px 0 #000, 0 -1px 0 #000 !important; }');
      viewport.shadowRoot!.adoptedStyleSheets = [...viewport.shadowRoot!.adoptedStyleSheets, sheet];
    }
    if (experiment.includes('no-outline')) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync('.overlay { text-shadow: none !important; }');
      viewport.shadowRoot!.adoptedStyleSheets = [...viewport.shadowRoot!.adoptedStyleSheets, sheet];
    }
    await viewport.updateComplete;
    viewport.renderRoot.querySelector('.canvas')!.addEventListener('CORNERSTONE_IMAGE_RENDERED', () => (renders[index] += 1));
  }
  const firsts = viewports.map((viewport, index) => new Promise<void>((resolve) => viewport.addEventListener('dicom-image-rendered', () => {
    rendered[index] += 1;
    resolve();
  })));
  const wholes = viewports.map((viewport) => new Promise<void>((resolve) => viewport.addEventListener('dicom-load-progress', ({ detail }) => {
    if (detail.loaded + detail.failed >= detail.total) resolve();
  })));
  await Promise.all(firsts);
  const allFirstImages = performance.now();
  const open = cpuSpent(cpuAtStart, await browserCpuMs());
  await Promise.all(wholes);
  const seriesLoaded = performance.now();
  const driven = viewports[0]!;
  const before = [...rendered];
  const rendersBefore = [...renders];
  const { scrollMs, scrollCpuMs, scrollCpuByType } = await scrollDriven(driven.imageCount, (index) => driven.execute({ kind: 'scroll-to', to: index }));
  const frames = rendered.map((count, index) => count - before[index]!);
  const followersInStep = viewports.slice(1).every((viewport) => viewport.imageIndex === driven.imageIndex);
  return { start, allFirstImages, seriesLoaded, drivenFrames: frames[0]!, followerFrames: frames.slice(1), renders: renders.map((count, index) => count - rendersBefore[index]!), scrollMs, openCpuMs: open.total, scrollCpuMs, openCpuByType: open.byType, scrollCpuByType, followersInStep };
}

run().then(
  (result) => (page.__benchResult = result),
  (error: unknown) => (page.__benchResult = { error: String((error as Error)?.stack ?? error) }),
);
