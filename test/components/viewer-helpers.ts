// Browser-side helpers for the viewer's tests.
import type { DicomViewer } from '../../src/components/viewer/viewer.component.js';
import type { DicomViewport } from '../../src/components/viewport/viewport.component.js';
import { afterRender, testServer, waitFor } from './viewport-helpers.js';

export async function viewerFixture(attributes: Record<string, string>, width = 800, height = 600): Promise<DicomViewer> {
  const element = document.createElement('dicom-viewer');
  element.style.width = `${width}px`;
  element.style.height = `${height}px`;
  element.setAttribute('dicomweb-root', testServer.dicomwebRoot);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  document.body.append(element);
  await element.updateComplete;
  return element;
}

/** Waits until every viewport showing a series has its first image on screen. */
export async function viewportsShown(viewer: DicomViewer): Promise<DicomViewport[]> {
  await viewer.updateComplete;
  // A study set by attribute is hung once its series are known: wait for that before choosing the viewports.
  if (viewer.study) await waitFor(() => viewer.viewports.some((viewport) => viewport.series), 'the study\'s series in the viewports', 50_000);
  const viewports = viewer.viewports.filter((viewport) => viewport.series);
  await waitFor(() => viewports.every((viewport) => viewport.getViewportState() !== undefined && viewport.getImageData() !== undefined), 'the viewports\' first images', 50_000);
  await afterRender();
  return viewports;
}

export function cellsOf(viewer: DicomViewer): HTMLElement[] {
  return [...viewer.shadowRoot!.querySelectorAll<HTMLElement>('[part~="cell"]')];
}

export function rectOf(element: Element): { left: number; top: number; width: number; height: number } {
  const { left, top, width, height } = element.getBoundingClientRect();
  return { left: Math.round(left), top: Math.round(top), width: Math.round(width), height: Math.round(height) };
}

/** The centre of an element in page coordinates. */
export function centreOf(element: Element): [number, number] {
  const rect = element.getBoundingClientRect();
  return [Math.round(rect.left + rect.width / 2), Math.round(rect.top + rect.height / 2)];
}

/** The modality value at the centre of a viewport's image (the fixtures' axial pixels hold their z in mm). */
export function centreValue(viewport: DicomViewport): number | undefined {
  const value = viewport.getPixelValue(32, 32);
  return typeof value === 'number' ? value : undefined;
}
