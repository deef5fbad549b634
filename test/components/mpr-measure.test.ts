// <dicom-viewport orientation=…> measurements on volume planes of the sample CT (known geometry: slices 2.5 mm apart,
// pixels 0.7 mm; water 0 HU through every slice), drawn with the real mouse: a length along the slices in a sagittal
// plane reads its patient distance within one slice spacing, an ellipse ROI in the water of a coronal plane reads
// 0 HU from the volume's voxels, in the values the package draws beside them.
import { expect } from '@esm-bundle/chai';
import { ctPhantom, sampleStudy } from '../../src/sample-data/phantom.js';
import type { DicomViewport } from '../../src/components/viewport/viewport.component.js';
import { afterRender, testServer, viewportFixture, waitFor } from './viewport-helpers.js';
import { drag } from './measurement-helpers.js';

const [ctSeries] = sampleStudy.series;
const ct = { 'dicomweb-root': testServer.dicomwebRoot, study: sampleStudy.studyInstanceUid, series: ctSeries.seriesInstanceUid };
type Vector3 = [number, number, number];

/** Waits until the element shows a volume and every slice of it has loaded. */
async function loadedAll(element: DicomViewport): Promise<void> {
  type Loading = { loaded: Promise<unknown> } | undefined;
  const controller = (element as unknown as { volume: { view?: Loading } }).volume;
  await waitFor(() => Boolean(controller.view), 'a volume on screen', 60_000);
  await controller.view!.loaded;
  await afterRender();
}

/** The page point of a patient point on the plane shown. */
function pageOf(element: DicomViewport, point: Vector3): [number, number] {
  const canvas = element.shadowRoot!.querySelector('.volume canvas')!.getBoundingClientRect();
  const [x, y] = element.worldToCanvas(point)!;
  return [Math.round(canvas.left + x), Math.round(canvas.top + y)];
}

/** A left-button drag between patient points on the plane shown, in steps. */
function dragPatient(element: DicomViewport, from: Vector3, to: Vector3): Promise<void> {
  const steps = [0, 0.25, 0.5, 0.75, 1].map((f) => [0, 1, 2].map((axis) => from[axis]! + (to[axis]! - from[axis]!) * f) as Vector3);
  return drag(steps.map((point) => pageOf(element, point)));
}

/** The measurement text drawn on the volume's plane. */
function volumeText(element: DicomViewport): string {
  return [...element.shadowRoot!.querySelectorAll('.volume .svg-layer text')].map((node) => node.textContent).join(' | ');
}

function numberAfter(text: string, name: string): number {
  const match = new RegExp(`${name}: (-?[0-9.]+)`).exec(text);
  if (!match) throw new Error(`no "${name}" in ${JSON.stringify(text)}`);
  return Number(match[1]);
}

/** The patient point of the middle of the CT's pixel (column, row) on slice `slice`. */
function patientOf(column: number, row: number, slice: number): Vector3 {
  const [x0, y0, z0] = ctPhantom.firstPosition;
  return [x0 + column * ctPhantom.pixelSpacing[1], y0 + row * ctPhantom.pixelSpacing[0], z0 + slice * ctPhantom.sliceSpacing];
}

describe('<dicom-viewport orientation>: measurements on volume planes', () => {
  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-viewport')) element.remove();
  });

  it('a length along the slices of a sagittal plane reads its distance in mm, within one slice spacing', async () => {
    const element = await viewportFixture({ ...ct, orientation: 'sagittal', tool: 'length' }, 512);
    await loadedAll(element);
    const focal = element.getViewportState()!.focalPoint as Vector3;
    // In the sagittal plane shown (x = the focal point's), 40 slices apart: 100 mm head to foot, and 20 mm forward.
    const from: Vector3 = [focal[0], focal[1] - 10, focal[2] - 50];
    const to: Vector3 = [focal[0], focal[1] + 10, focal[2] + 50];
    await dragPatient(element, from, to);
    await waitFor(() => /Length: /.test(volumeText(element)), 'the length\'s value drawn', 10_000);
    await afterRender();
    const length = numberAfter(volumeText(element), 'Length');
    expect(length).to.be.closeTo(Math.hypot(20, 100), ctPhantom.sliceSpacing);
    expect(volumeText(element)).to.match(/Length: [0-9.]+ mm/);
  });

  it('an ellipse ROI in the water of a coronal plane reads 0 HU from the volume\'s voxels, with its area in mm²', async () => {
    const element = await viewportFixture({ ...ct, orientation: 'coronal', tool: 'ellipse-roi' }, 512);
    await loadedAll(element);
    const focal = element.getViewportState()!.focalPoint as Vector3;
    // The water at the image's middle column (x = 0), clear of the fat and bone discs (|x| ≥ 35 mm), through slices.
    const centre: Vector3 = [patientOf(256, 0, 0)[0], focal[1], focal[2]];
    const [rx, rz] = [20, 15];
    // Drawn from its centre out.
    await dragPatient(element, centre, [centre[0] + rx, centre[1], centre[2] - rz]);
    await waitFor(() => /Mean: /.test(volumeText(element)), 'the ROI\'s statistics drawn', 10_000);
    await afterRender();
    const text = volumeText(element);
    expect(numberAfter(text, 'Mean'), text).to.equal(0);
    expect(numberAfter(text, 'SD'), text).to.equal(0);
    expect(text).to.match(/Mean: 0\.00 HU/);
    // π · 20 · 15 mm², the ellipse's ends placed within a canvas pixel (0.4 mm here) of their aim.
    expect(numberAfter(text, 'Area'), text).to.be.closeTo(Math.PI * rx * rz, Math.PI * (rx + rz) * 0.8);
    // Voxels of one coronal layer (0.7 mm × 2.5 mm each) fill the ellipse.
    expect(numberAfter(text, 'Pixels'), text).to.be.closeTo((Math.PI * rx * rz) / (0.7 * 2.5), 40);

    // A rectangle ROI (its tool hands its targets over as a list) in the water above: 0 HU too.
    element.tool = 'rectangle-roi';
    await element.updateComplete;
    await dragPatient(element, [centre[0] - 25, centre[1], centre[2] + 60], [centre[0] + 25, centre[1], centre[2] + 40]);
    await waitFor(() => (volumeText(element).match(/Mean: /g) ?? []).length === 2, 'the rectangle\'s statistics drawn', 10_000);
    await afterRender();
    expect(volumeText(element).match(/Mean: 0\.00 HU/g), volumeText(element)).to.have.length(2);
  });
});
