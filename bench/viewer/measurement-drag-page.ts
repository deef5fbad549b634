// Our side of `measurement-drag.ts`: the standalone bundle, one <dicom-viewport> with the ellipse ROI tool, 512×512 at
// the page's top-left corner; the runner draws and drags with the real mouse.
import type {} from '../../src/index.js'; // the elements' types only
import { installDragCount } from './measurement-drag-count.js';

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
}

run().then(
  () => (window.__dragReady = true),
  (error: unknown) => (window.__dragReady = { error: String((error as Error)?.stack ?? error) }),
);
