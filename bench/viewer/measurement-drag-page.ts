// Our side of `measurement-drag.ts`: the standalone bundle, one <dicom-viewport> with the ellipse ROI tool, 512×512 at
// the page's top-left corner; the runner draws and drags with the real mouse.
import type {} from '../../src/index.js'; // the elements' types only
import { installDragCount, rightmost } from './measurement-drag-count.js';

async function run(): Promise<void> {
  const params = new URLSearchParams(location.search);
  await import(/* @vite-ignore */ new URL('/ours/dicom-lightbox.js', location.href).href);
  const element = document.createElement('dicom-viewport');
  element.style.cssText = 'width: 512px; height: 512px; display: block';
  for (const name of ['study', 'series']) element.setAttribute(name, params.get(name)!);
  element.setAttribute('dicomweb-root', params.get('root')!);
  element.setAttribute('tool', 'ellipse-roi');
  const shown = new Promise<void>((resolve) => element.addEventListener('dicom-image-rendered', () => resolve(), { once: true }));
  document.body.append(element);
  await shown;
  installDragCount(() => [...element.shadowRoot!.querySelectorAll('.svg-layer text')].map((node) => node.textContent).join('|'));
  // The handle from the measurement's points in patient space, through the viewport's own transform to the canvas.
  window.__handlePoint = () => {
    const [measurement] = element.getMeasurements();
    const canvas = element.shadowRoot!.querySelector('canvas');
    if (!measurement?.points.patient || !canvas) return null;
    const rect = canvas.getBoundingClientRect();
    const onCanvas = measurement.points.patient.map((point) => element.worldToCanvas(point as [number, number, number]));
    if (onCanvas.some((point) => point === undefined)) return null;
    return rightmost(onCanvas.map((point) => ({ x: rect.left + point![0], y: rect.top + point![1] })));
  };
}

run().then(
  () => (window.__dragReady = true),
  (error: unknown) => (window.__dragReady = { error: String((error as Error)?.stack ?? error) }),
);
