// Browser-side helpers for viewport tests: fixtures, events, and reading back what is on screen.
import { executeServerCommand } from '@web/test-runner-commands';
import type { DicomViewport } from '../../src/components/viewport/viewport.component.js';
import type { TestServerForPage } from '../support/reference-server.js';

/** Set by the test runner page (web-test-runner.config.mjs): the reference server started for this run. */
export const testServer = (window as unknown as { __TEST_SERVER__: TestServerForPage }).__TEST_SERVER__;

export async function viewportFixture(attributes: Record<string, string>, size = 512): Promise<DicomViewport> {
  const element = document.createElement('dicom-viewport');
  element.style.width = `${size}px`;
  element.style.height = `${size}px`;
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  document.body.append(element);
  await element.updateComplete;
  return element;
}

export function nextEvent<K extends keyof GlobalEventHandlersEventMap>(
  target: EventTarget,
  type: K,
  timeoutMs = 20_000,
): Promise<GlobalEventHandlersEventMap[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} within ${timeoutMs} ms`)), timeoutMs);
    target.addEventListener(
      type,
      (event) => {
        clearTimeout(timer);
        resolve(event as GlobalEventHandlersEventMap[K]);
      },
      { once: true },
    );
  });
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Two animation frames: Cornerstone renders on the next frame after a change. */
export function afterRender(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
}

function canvasOf(element: DicomViewport): HTMLCanvasElement {
  const canvas = element.shadowRoot!.querySelector('canvas');
  if (!canvas) throw new Error('the viewport has no canvas');
  return canvas;
}

/**
 * The grey level on screen at an image pixel, read back from the viewport's canvas. The image is fitted and
 * centred in the viewport (Cornerstone's default camera), which this maps to canvas pixels; the 5 × 5 mean
 * smooths interpolation at the sampling point, and regions are far larger than that.
 */
export function greyAt(element: DicomViewport, x: number, y: number, columns: number, rows: number): number {
  const canvas = canvasOf(element);
  const scale = Math.min(canvas.width / columns, canvas.height / rows);
  const offsetX = (canvas.width - columns * scale) / 2;
  const offsetY = (canvas.height - rows * scale) / 2;
  const cx = Math.round(offsetX + (x + 0.5) * scale);
  const cy = Math.round(offsetY + (y + 0.5) * scale);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('the viewport canvas is not a 2D canvas');
  const { data } = context.getImageData(cx - 2, cy - 2, 5, 5);
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) sum += data[i]!;
  return sum / (data.length / 4);
}

/**
 * The displayed grey level PS3.3 C.11.2.1.2.1 gives for a modality value under a linear window,
 * for an 8-bit display (0…255).
 */
export function expectedGrey(value: number, windowCenter: number, windowWidth: number): number {
  const lower = windowCenter - 0.5 - (windowWidth - 1) / 2;
  const upper = windowCenter - 0.5 + (windowWidth - 1) / 2;
  if (value <= lower) return 0;
  if (value > upper) return 255;
  return ((value - (windowCenter - 0.5)) / (windowWidth - 1) + 0.5) * 255;
}

/** The centre of the viewport's canvas in page coordinates, where real mouse input lands on the image. */
export function canvasCentre(element: DicomViewport): [number, number] {
  const rect = canvasOf(element).getBoundingClientRect();
  return [Math.round(rect.left + rect.width / 2), Math.round(rect.top + rect.height / 2)];
}

export function messageText(element: DicomViewport): string {
  return element.shadowRoot!.querySelector('[part~="message"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/** Real wheel input at a page position (see the send-wheel command in web-test-runner.config.mjs). */
export async function sendWheel(position: [number, number], deltaY: number): Promise<void> {
  await executeServerCommand('send-wheel', { position, deltaY });
}

/** The counts of `getImagingStats()` that are not zero: none once no viewport is left. */
export function heldCounts(stats: object): Array<[string, number]> {
  return Object.entries(stats).filter(([, count]) => count !== 0);
}

/** The part of Cornerstone's metadata registry a test uses to put a provider in front of the loader's. */
export interface CornerstoneMetaData {
  addProvider(provider: (type: string, imageId: string) => unknown, priority?: number): void;
  removeProvider(provider: (type: string, imageId: string) => unknown): void;
}

/**
 * The engine chunk the bundle loads for viewports (src/components/viewport/viewport-engine.ts), imported by the URL
 * the page fetched (the same module instance). The chunk is shared with the measurement tools' chunk, so the bundler
 * shortens its export names and hands the engine module over as one exported namespace object, whose keys keep
 * the source's names: that object is found as the export that has `name`.
 */
export async function engineChunk<T = Record<string, unknown>>(name: string): Promise<T> {
  document.createElement('dicom-viewport'); // starts the chunk's download, if no viewport did
  let url: string | undefined;
  await waitFor(() => {
    url = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((entry) => /\/viewport-engine-[\w-]+\.js$/.test(entry.name))?.name;
    return url !== undefined;
  }, 'the engine chunk');
  const chunk = (await import(url!)) as Record<string, unknown>;
  const namespace = [chunk, ...Object.values(chunk)].find((value) => value !== null && typeof value === 'object' && name in value);
  if (!namespace) throw new Error(`the engine chunk exports no module with ${name}`);
  return namespace as T;
}

/** Cornerstone's metadata registry in the page's engine chunk (the `metaData` the engine module re-exports). */
export async function cornerstoneMetaData(): Promise<CornerstoneMetaData> {
  return (await engineChunk<{ metaData: CornerstoneMetaData }>('metaData')).metaData;
}

/** The text of every node of a part, lines joined by ' | '. */
export function partText(element: HTMLElement, part: string): string {
  return [...element.shadowRoot!.querySelectorAll(`[part~="${part}"]`)].map((node) => node.textContent!.replace(/\s+/g, ' ').trim()).join(' | ');
}
