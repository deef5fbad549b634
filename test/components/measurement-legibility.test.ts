// <dicom-viewport> measurement text stays legible: each text box has a dark box under its text, so that yellow text
// keeps WCAG's 4.5:1 contrast even over white (the CT's bone disc at the default window).
import { expect } from '@esm-bundle/chai';
import { ctPhantom, sampleStudy, sopInstanceUidOf } from '../../src/sample-data/phantom.js';
import type { DicomViewport } from '../../src/components/viewport/viewport.component.js';
import type { Measurement } from '../../src/measurements/measurement.js';
import './bundle.js'; // defines the elements
import { afterRender, nextEvent, testServer, viewportFixture, waitFor } from './viewport-helpers.js';

const [ctSeries] = sampleStudy.series;
const ct = { 'dicomweb-root': testServer.dicomwebRoot, study: sampleStudy.studyInstanceUid, series: ctSeries.seriesInstanceUid };
const image = { studyInstanceUid: sampleStudy.studyInstanceUid, seriesInstanceUid: ctSeries.seriesInstanceUid, sopInstanceUid: sopInstanceUidOf(ctSeries.seriesInstanceUid, 1), frameNumber: 1 };

type Rgba = [number, number, number, number];

function parseColour(text: string): Rgba {
  const match = /^rgba?\(([^)]+)\)$/.exec(text.replace(/\s+/g, ''));
  if (!match) throw new Error(`not an rgb() colour: ${JSON.stringify(text)}`);
  const [r, g, b, a = 1] = match[1]!.split(',').map(Number);
  return [r!, g!, b!, a];
}

/** WCAG relative luminance of an opaque sRGB colour. */
function luminance([r, g, b]: Rgba): number {
  const linear = (channel: number) => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

function contrast(a: Rgba, b: Rgba): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

/** A translucent colour laid over an opaque one. */
function over([r, g, b, a]: Rgba, [br, bg, bb]: Rgba): Rgba {
  return [r * a + br * (1 - a), g * a + bg * (1 - a), b * a + bb * (1 - a), 1];
}

function textGroups(element: DicomViewport): SVGGElement[] {
  return [...element.shadowRoot!.querySelectorAll<SVGGElement>('.svg-layer g[data-annotation-uid]')].filter((group) => group.querySelector(':scope > text'));
}

async function shown(measurements: Array<Omit<Measurement, 'values' | 'calibration' | 'points'> & { points: { image: Array<[number, number]> } }>): Promise<DicomViewport> {
  const element = await viewportFixture({ ...ct, tool: 'window-level' }, 512);
  // The file's first image brings the engine chunk with it: on a loaded machine that takes longer than the helper's
  // default wait.
  await nextEvent(element, 'dicom-image-rendered', 60_000);
  element.setMeasurements(measurements.map((measurement) => ({ values: [], ...measurement })) as unknown as Measurement[]);
  await waitFor(() => textGroups(element).length === measurements.length, 'every measurement\'s text drawn', 10_000);
  await afterRender();
  return element;
}

describe('<dicom-viewport> measurement text', () => {
  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-viewport')) element.remove();
  });

  it('lies on a dark box that keeps 4.5:1 contrast over white, as over the bone disc', async () => {
    const [bx, by] = ctPhantom.regions.bone.centre;
    const element = await shown([
      { id: 'probe-in-bone', type: 'probe', label: '', image, points: { image: [[bx - 30, by - 10]] } },
      { id: 'label-on-bone', type: 'text', label: 'Cortex', image, points: { image: [[bx - 20, by + 15]] } },
      { id: 'length-over-bone', type: 'length', label: '', image, points: { image: [[bx - 35, by + 30], [bx - 5, by + 30]] } },
    ]);
    const white: Rgba = [255, 255, 255, 1];
    for (const group of textGroups(element)) {
      const id = group.dataset.annotationUid;
      const text = group.querySelector(':scope > text')!;
      const box = group.querySelector(':scope > rect.background');
      expect(box, `${id}: a box under its text`).to.not.equal(null);
      const textColour = parseColour(text.getAttribute('fill')!);
      const boxColour = parseColour(box!.getAttribute('fill')!);
      expect(contrast(textColour, over(boxColour, white)), `${id}: text against its box over white`).to.be.at.least(4.5);
      // The box covers the text.
      const [textRect, boxRect] = [text.getBoundingClientRect(), box!.getBoundingClientRect()];
      expect(boxRect.left, id).to.be.at.most(textRect.left + 0.5);
      expect(boxRect.top, id).to.be.at.most(textRect.top + 0.5);
      expect(boxRect.right, id).to.be.at.least(textRect.right - 0.5);
      expect(boxRect.bottom, id).to.be.at.least(textRect.bottom - 0.5);
    }
  });
});
