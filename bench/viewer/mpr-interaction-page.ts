// Our side of `mpr-interaction.ts`, the standalone bundle at the page's top-left corner: `mode=crosshairs`, a
// <dicom-viewer layout="mpr"> (three 256² views) whose crosshairs the runner drags in the coronal view;
// `mode=slab`, a 512² <dicom-viewport orientation="axial"> with a 20 mm MIP slab the runner scrolls with the wheel.
import type {} from '../../src/index.js'; // the elements' and events' types only
import { installRenderCount, whenTrue } from './mpr-interaction-count.js';

async function run(): Promise<void> {
  const params = new URLSearchParams(location.search);
  await import(/* @vite-ignore */ new URL('/ours/dicom-lightbox.js', location.href).href);
  const [root, study, series] = ['root', 'study', 'series'].map((name) => params.get(name)!);
  let complete = false;
  const onProgress = ({ detail }: { detail: { loaded: number; failed: number; total: number } }) => {
    if (detail.total > 0 && detail.loaded + detail.failed >= detail.total) complete = true;
  };
  if (params.get('mode') === 'slab') {
    const element = document.createElement('dicom-viewport');
    element.style.cssText = 'width: 512px; height: 512px; display: block';
    for (const [name, value] of Object.entries({ 'dicomweb-root': root, study, series, orientation: 'axial', 'slab-thickness': '20', 'slab-mode': 'mip' })) element.setAttribute(name, value);
    element.addEventListener('dicom-load-progress', onProgress);
    document.body.append(element);
    await whenTrue(() => complete);
    installRenderCount(() => [element.shadowRoot!.querySelector<HTMLElement>('.volume')!]);
    window.__pressPoint = () => ({ x: 256, y: 256 });
    window.__probe = () => JSON.stringify(element.getViewportState()?.focalPoint);
    return;
  }
  const viewer = document.createElement('dicom-viewer');
  viewer.style.cssText = 'width: 768px; height: 256px; display: block';
  for (const name of ['no-series-browser', 'no-measurements', 'no-toolbar']) viewer.setAttribute(name, '');
  viewer.setAttribute('layout', 'mpr');
  viewer.setAttribute('dicomweb-root', root);
  viewer.addEventListener('dicom-load-progress', onProgress);
  document.body.append(viewer);
  await viewer.loadStudy(study, { series: [series] });
  await whenTrue(() => complete && viewer.crosshairs.centre !== undefined);
  // The axial and sagittal views move as the centre is dragged in the coronal view.
  installRenderCount(() => viewer.viewports.slice(0, 2).map((viewport) => viewport.shadowRoot!.querySelector<HTMLElement>('.volume')!));
  window.__pressPoint = () => {
    const cell = viewer.shadowRoot!.querySelectorAll<HTMLElement>('[part~="cell"]')[2];
    const centre = cell?.querySelector('svg.crosshairs .crosshair-centre');
    if (!centre) return null;
    const box = viewer.viewports[2]!.getBoundingClientRect();
    return { x: Math.round(box.left + Number(centre.getAttribute('cx'))), y: Math.round(box.top + Number(centre.getAttribute('cy'))) };
  };
  window.__probe = () => JSON.stringify(viewer.crosshairs.centre);
}

run().then(
  () => (window.__interactionReady = true),
  (error: unknown) => (window.__interactionReady = { error: String((error as Error)?.stack ?? error) }),
);
