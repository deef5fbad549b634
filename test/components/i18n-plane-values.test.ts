// Issue 18, item 5: the value names the package draws beside a length on a volume's plane (MPR) are the language's
// of `lang` around the viewport, as on a stack: a length drawn with the real mouse on a sagittal plane of the sample
// CT reads "Länge: … mm" under lang="de".
import { expect } from '@esm-bundle/chai';
import { sampleStudy } from '../../src/sample-data/phantom.js';
import type { DicomViewport } from '../../src/components/viewport/viewport.component.js';
import './bundle.js';
import { afterRender, testServer, waitFor } from './viewport-helpers.js';
import { drag } from './measurement-helpers.js';

const [ctSeries] = sampleStudy.series;
type Vector3 = [number, number, number];

function pageOf(element: DicomViewport, point: Vector3): [number, number] {
  const canvas = element.shadowRoot!.querySelector('.volume canvas')!.getBoundingClientRect();
  const [x, y] = element.worldToCanvas(point)!;
  return [Math.round(canvas.left + x), Math.round(canvas.top + y)];
}

const volumeText = (element: DicomViewport) => [...element.shadowRoot!.querySelectorAll('.volume .svg-layer text')].map((node) => node.textContent).join(' | ');

describe('languages: measurement values on volume planes', () => {
  afterEach(() => {
    for (const frame of document.querySelectorAll('body > div[lang]')) frame.remove();
  });

  it('names a length on a sagittal plane in German', async () => {
    const frame = document.createElement('div');
    frame.lang = 'de';
    frame.innerHTML = `<dicom-viewport style="display:block;width:512px;height:512px" dicomweb-root=${testServer.dicomwebRoot} study=${sampleStudy.studyInstanceUid} series=${ctSeries.seriesInstanceUid} orientation="sagittal" tool="length"></dicom-viewport>`;
    document.body.append(frame);
    const element = frame.querySelector('dicom-viewport')!;
    type Loading = { loaded: Promise<unknown> } | undefined;
    const controller = (element as unknown as { volume: { view?: Loading } }).volume;
    await waitFor(() => Boolean(controller.view), 'a volume on screen', 60_000);
    await controller.view!.loaded;
    await afterRender();
    const focal = element.getViewportState()!.focalPoint as Vector3;
    const from: Vector3 = [focal[0], focal[1] - 10, focal[2] - 50];
    const to: Vector3 = [focal[0], focal[1] + 10, focal[2] + 50];
    const steps = [0, 0.25, 0.5, 0.75, 1].map((f) => [0, 1, 2].map((axis) => from[axis]! + (to[axis]! - from[axis]!) * f) as Vector3);
    await drag(steps.map((point) => pageOf(element, point)));
    await waitFor(() => /: \d/.test(volumeText(element)), "the length's value drawn", 10_000);
    await afterRender();
    expect(volumeText(element)).to.match(/Länge: [0-9.]+ mm/);
    expect(volumeText(element)).to.not.include('Length');
  });
});
