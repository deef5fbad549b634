// <dicom-viewer layout="mpr"> on the generated marker volume (test/support/volume-phantom.ts): three planes of one
// series sharing one volume; the crosshairs' centre on a known patient point shows that point in all three; dragging
// the centre in one view (real mouse) moves the others' slices; the reader's scroll carries the crosshairs in the
// others; window/level by the reader's drag is set on all three; a turned line makes the others oblique.
import { expect } from '@esm-bundle/chai';
import { sendMouse, writeFile } from '@web/test-runner-commands';
import type { DicomViewer } from '../../src/components/viewer/viewer.component.js';
import type { DicomViewport } from '../../src/components/viewport/viewport.component.js';
import { markerVolume, volumeGrid, type Vector3 } from '../support/volume-phantom.js';
import { lightbox } from './bundle.js';
import { afterRender, expectedGrey, heldCounts, sendWheel, testServer, waitFor } from './viewport-helpers.js';
import { viewerFixture } from './viewer-helpers.js';

const fixtures = testServer.volumeFixtures;
const [windowCenter, windowWidth] = [1000, 2000];
const brightGrey = expectedGrey(markerVolume.bright, windowCenter, windowWidth);
const backgroundGrey = expectedGrey(markerVolume.background, windowCenter, windowWidth);

/** Waits until a viewport shows its volume with every slice loaded. */
async function volumeLoaded(element: DicomViewport): Promise<void> {
  type Loading = { loaded: Promise<unknown> } | undefined;
  const controller = (element as unknown as { volume: { view?: Loading } }).volume;
  await waitFor(() => Boolean(controller.view), 'a volume on screen', 30_000);
  await controller.view!.loaded;
}

/** The mean grey of the 3 × 3 canvas pixels around a canvas (CSS pixel) position of a viewport's volume canvas. */
function greyAt(element: DicomViewport, [x, y]: [number, number]): number {
  const canvas = element.shadowRoot!.querySelector<HTMLCanvasElement>('.volume canvas')!;
  const ratio = canvas.width / canvas.clientWidth;
  const { data } = canvas.getContext('2d', { willReadFrequently: true })!.getImageData(Math.round(x * ratio) - 1, Math.round(y * ratio) - 1, 3, 3);
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) sum += data[i]!;
  return sum / (data.length / 4);
}

/** The crosshairs' layer over viewport `index`. */
function crosshairsOf(viewer: DicomViewer, index: number): SVGSVGElement {
  const layer = viewer.shadowRoot!.querySelectorAll<HTMLElement>('[part~="cell"]')[index]?.querySelector<SVGSVGElement>('svg.crosshairs');
  if (!layer) throw new Error(`no crosshairs over viewport ${index}`);
  return layer;
}

/** Where the crosshairs' centre is drawn over viewport `index` (CSS pixels of its canvas). */
function drawnCentre(viewer: DicomViewer, index: number): [number, number] {
  const circle = crosshairsOf(viewer, index).querySelector('.crosshair-centre')!;
  return [Number(circle.getAttribute('cx')), Number(circle.getAttribute('cy'))];
}

/** A page position of a canvas point of viewport `index`. */
function pagePoint(viewer: DicomViewer, index: number, [x, y]: [number, number]): [number, number] {
  const box = viewer.viewports[index]!.getBoundingClientRect();
  return [Math.round(box.left + x), Math.round(box.top + y)];
}

async function drag(from: [number, number], to: [number, number], steps = 4): Promise<void> {
  await sendMouse({ type: 'move', position: from });
  await sendMouse({ type: 'down', button: 'left' });
  for (let step = 1; step <= steps; step += 1) {
    await sendMouse({ type: 'move', position: [Math.round(from[0] + ((to[0] - from[0]) * step) / steps), Math.round(from[1] + ((to[1] - from[1]) * step) / steps)] });
  }
  await sendMouse({ type: 'up', button: 'left' });
}

/**
 * Keeps what the viewer shows, for a person to look at (in dist/screenshots): each viewport's volume canvas where it
 * lies in the grid, with the crosshairs' lines drawn over it.
 */
async function saveViewerScreenshot(viewer: DicomViewer, name: string): Promise<void> {
  const grid = viewer.shadowRoot!.querySelector<HTMLElement>('[part="grid"]')!.getBoundingClientRect();
  const shot = document.createElement('canvas');
  [shot.width, shot.height] = [Math.round(grid.width), Math.round(grid.height)];
  const context = shot.getContext('2d')!;
  context.fillStyle = '#333';
  context.fillRect(0, 0, shot.width, shot.height);
  for (const [index, viewport] of viewer.viewports.entries()) {
    const canvas = viewport.shadowRoot!.querySelector<HTMLCanvasElement>('.volume canvas');
    if (!canvas) continue;
    const box = canvas.getBoundingClientRect();
    const [left, top] = [box.left - grid.left, box.top - grid.top];
    context.drawImage(canvas, left, top, box.width, box.height);
    context.save();
    context.beginPath();
    context.rect(left, top, box.width, box.height);
    context.clip();
    const cell = viewer.shadowRoot!.querySelectorAll<HTMLElement>('[part~="cell"]')[index]!;
    for (const line of cell.querySelectorAll<SVGLineElement>('svg.crosshairs line')) {
      context.strokeStyle = line.getAttribute('stroke') ?? '#fff';
      context.beginPath();
      context.moveTo(left + Number(line.getAttribute('x1')), top + Number(line.getAttribute('y1')));
      context.lineTo(left + Number(line.getAttribute('x2')), top + Number(line.getAttribute('y2')));
      context.stroke();
    }
    context.restore();
  }
  const content = shot.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
  await writeFile({ path: `../../dist/screenshots/${name}.png`, content, encoding: 'base64' });
}

async function settled(): Promise<void> {
  await afterRender();
  await afterRender();
}

const near = (actual: readonly number[], expected: readonly number[], tolerance: number) =>
  actual.every((value, index) => Math.abs(value - expected[index]!) <= tolerance);

describe('<dicom-viewer layout="mpr">', () => {
  let viewer: DicomViewer;

  afterEach(() => viewer?.remove());

  it('shows the series axial, sagittal and coronal from one volume; the crosshairs on a point show it in all three; dragging the centre moves the others\' slices', async () => {
    viewer = await viewerFixture({ layout: 'mpr', 'no-series-browser': '', 'no-measurements': '' }, 780, 340);
    await viewer.loadStudy(fixtures.studyInstanceUid, { series: [fixtures.marker] });
    const viewports = viewer.viewports;
    expect(viewports.map((viewport) => viewport.orientation)).to.deep.equal(['axial', 'sagittal', 'coronal']);
    expect(new Set(viewports.map((viewport) => viewport.series))).to.deep.equal(new Set([fixtures.marker]));
    await Promise.all(viewports.map(volumeLoaded));
    expect(lightbox.getImagingStats(viewer.imagingContext).volumes).to.equal(1, 'the three views share one volume');
    await waitFor(() => viewer.crosshairs.centre !== undefined, 'the crosshairs');
    for (const viewport of viewports) viewport.setViewportState({ windowCenter, windowWidth });

    // The centre on the marker: each view shows the plane through it, and the marker under the centre drawn.
    viewer.crosshairs.moveTo(markerVolume.marker);
    await viewer.updateComplete;
    await settled();
    const mmPerPixel = (volumeGrid.columns * volumeGrid.pixelSpacing[1]) / viewports[0]!.clientHeight;
    for (const [index, viewport] of viewports.entries()) {
      const centre = drawnCentre(viewer, index);
      const expected = viewport.worldToCanvas(markerVolume.marker)!;
      expect(near(centre, expected, 0.5), `${viewport.orientation}: the centre drawn at the marker`).to.equal(true);
      expect(greyAt(viewport, centre), `${viewport.orientation}: the marker under the centre`).to.be.closeTo(brightGrey, 40);
      for (const [dx, dy] of [[15, 0], [-15, 0], [0, 15], [0, -15]]) {
        expect(greyAt(viewport, [centre[0] + dx / mmPerPixel, centre[1] + dy / mmPerPixel]), `${viewport.orientation}: water 15 mm beside`).to.be.closeTo(backgroundGrey, 20);
      }
      // Two lines cross there, each the colour of the plane it is.
      const planes = [...crosshairsOf(viewer, index).querySelectorAll('line')].map((line) => line.dataset.plane);
      expect(planes.sort()).to.deep.equal(['axial', 'coronal', 'sagittal'].filter((plane) => plane !== viewport.orientation));
    }

    // Drag the centre in the coronal view (y = -16) from the marker to the ball's x and z: the axial view then cuts
    // the ball's z and the sagittal its x, where the ball shows; the coronal plane itself stays.
    const [ballX, ballY, ballZ] = markerVolume.ball;
    const coronal = viewports[2]!;
    const coronalBefore = coronal.getViewportState()!.focalPoint!;
    const target = coronal.worldToCanvas([ballX, markerVolume.marker[1], ballZ])!;
    // The page is 800 pixels wide: the viewer fits in it.
    await drag(pagePoint(viewer, 2, drawnCentre(viewer, 2)), pagePoint(viewer, 2, target));
    await viewer.updateComplete;
    await settled();
    const [axial, sagittal] = viewports as [DicomViewport, DicomViewport];
    expect(axial.getViewportState()!.focalPoint![2]).to.be.closeTo(ballZ, 1.5, 'the axial slice moved to the ball');
    expect(sagittal.getViewportState()!.focalPoint![0]).to.be.closeTo(ballX, 1.5, 'the sagittal slice moved to the ball');
    expect(coronal.getViewportState()!.focalPoint![1]).to.be.closeTo(coronalBefore[1], 1e-6, 'the coronal plane stays');
    const ball: Vector3 = [ballX, ballY, ballZ];
    expect(greyAt(axial, axial.worldToCanvas(ball)!), 'the ball in the axial view').to.be.closeTo(brightGrey, 40);
    expect(greyAt(sagittal, sagittal.worldToCanvas(ball)!), 'the ball in the sagittal view').to.be.closeTo(brightGrey, 40);
    expect(viewer.crosshairs.centre![0]).to.be.closeTo(ballX, 1.5);
    expect(viewer.crosshairs.centre![2]).to.be.closeTo(ballZ, 1.5);
  });

  it('the reader\'s scroll in one view moves the others\' crosshairs; window/level follows; a turned line makes the others oblique', async () => {
    viewer = await viewerFixture({ layout: 'mpr', 'no-series-browser': '', 'no-measurements': '' }, 780, 340);
    await viewer.loadStudy(fixtures.studyInstanceUid, { series: [fixtures.marker] });
    const viewports = viewer.viewports;
    await Promise.all(viewports.map(volumeLoaded));
    await waitFor(() => viewer.crosshairs.centre !== undefined, 'the crosshairs');
    await viewer.updateComplete;
    await settled();
    const [axial, sagittal, coronal] = viewports as [DicomViewport, DicomViewport, DicomViewport];

    // Scroll the axial view with the wheel: the axial line in the sagittal view moves by the slices' spacing.
    const axialLine = () => crosshairsOf(viewer, 1).querySelector<SVGLineElement>('line[data-plane="axial"]')!;
    const lineY = () => (Number(axialLine().getAttribute('y1')) + Number(axialLine().getAttribute('y2'))) / 2;
    const sagittalBefore = sagittal.getViewportState()!;
    const [yBefore, zBefore] = [lineY(), axial.getViewportState()!.focalPoint![2]];
    const events: string[] = [];
    for (const viewport of viewports) viewport.addEventListener('dicom-viewport-changed', () => events.push(viewport.orientation));
    const axialBox = axial.getBoundingClientRect();
    await sendWheel([Math.round(axialBox.left + 30), Math.round(axialBox.top + 30)], 100);
    await waitFor(() => axial.getViewportState()!.focalPoint![2] !== zBefore, 'the axial view scrolled');
    await viewer.updateComplete;
    await settled();
    const moved = axial.getViewportState()!.focalPoint![2] - zBefore;
    expect(Math.abs(moved)).to.be.closeTo(volumeGrid.sliceSpacing, 0.01, 'one slice');
    expect(events, 'the reader\'s scroll is reported by the view scrolled only').to.include('axial');
    expect(events).not.to.include('sagittal');
    expect(viewer.crosshairs.centre![2]).to.be.closeTo(zBefore + moved, 1e-6);
    const mmPerPixel = (volumeGrid.slices * volumeGrid.sliceSpacing) / sagittal.clientHeight;
    // Head up in the sagittal view: a step up in z is a step up on screen; the scale is at least the fit's.
    expect(Math.sign(yBefore - lineY())).to.equal(Math.sign(moved));
    expect(Math.abs(yBefore - lineY())).to.be.greaterThan(Math.abs(moved) / mmPerPixel / 2);
    expect(sagittal.getViewportState()!.focalPoint, 'the sagittal slice stays').to.deep.equal(sagittalBefore.focalPoint);

    // Window/level by the reader's drag in the sagittal view, away from the crosshairs: set on the other two.
    const windowBefore = axial.getViewportState()!.windowWidth;
    await drag(pagePoint(viewer, 1, [20, 20]), pagePoint(viewer, 1, [80, 60]));
    await settled();
    const leader = sagittal.getViewportState()!;
    expect(leader.windowWidth).not.to.equal(windowBefore);
    expect(sagittal.windowWidth, 'the window properties follow the reader').to.equal(leader.windowWidth);
    for (const follower of [axial, coronal]) expect(follower.getViewportState()).to.include({ windowCenter: leader.windowCenter, windowWidth: leader.windowWidth });

    // Turn the crosshairs in the axial view by dragging a line's handle 30° about the centre: the sagittal and
    // coronal planes turn by 30° about the axial normal and still cross at the centre.
    const centre = drawnCentre(viewer, 0);
    const handle = crosshairsOf(viewer, 0).querySelector('circle[data-handle="rotate"][data-plane="sagittal"]')!;
    const start: [number, number] = [Number(handle.getAttribute('cx')), Number(handle.getAttribute('cy'))];
    const angle = Math.PI / 6;
    const [vx, vy] = [start[0] - centre[0], start[1] - centre[1]];
    const end: [number, number] = [centre[0] + vx * Math.cos(angle) - vy * Math.sin(angle), centre[1] + vx * Math.sin(angle) + vy * Math.cos(angle)];
    await drag(pagePoint(viewer, 0, start), pagePoint(viewer, 0, end), 6);
    await viewer.updateComplete;
    await settled();
    const axialNormal = axial.getViewportState()!.viewPlaneNormal!;
    for (const [viewport, axis] of [[sagittal, [1, 0, 0]], [coronal, [0, 1, 0]]] as const) {
      const normal = viewport.getViewportState()!.viewPlaneNormal!;
      const turned = (Math.acos(Math.min(1, Math.abs(normal[0] * axis[0] + normal[1] * axis[1] + normal[2] * axis[2]))) * 180) / Math.PI;
      expect(turned, `${viewport.orientation} turned`).to.be.closeTo(30, 3);
      expect(Math.abs(normal[0] * axialNormal[0] + normal[1] * axialNormal[1] + normal[2] * axialNormal[2]), 'about the axial normal').to.be.below(1e-6);
      const centreWorld = viewer.crosshairs.centre!;
      const state = viewport.getViewportState()!;
      const off = [0, 1, 2].reduce((sum, axisIndex) => sum + (centreWorld[axisIndex]! - state.focalPoint![axisIndex]!) * normal[axisIndex]!, 0);
      expect(Math.abs(off), 'through the centre').to.be.below(0.01);
      const overlay = viewport.shadowRoot!.textContent ?? '';
      expect(overlay).to.match(/Obl -?\d/);
    }
    expect(axial.shadowRoot!.textContent).to.match(/Ax -?\d+(\.\d)? mm/);
  });

  it('layout="mpr-3d" adds a volume rendering of the same series, from the same volume, without crosshairs', async () => {
    viewer = await viewerFixture({ layout: 'mpr-3d', 'no-series-browser': '', 'no-measurements': '' }, 600, 600);
    await viewer.loadStudy(fixtures.studyInstanceUid, { series: [fixtures.ctNumbers] });
    expect(viewer.layout).to.equal('mpr-3d');
    const viewports = viewer.viewports;
    expect(viewports.map((viewport) => viewport.orientation)).to.deep.equal(['axial', 'sagittal', 'coronal', '3d']);
    expect(new Set(viewports.map((viewport) => viewport.series))).to.deep.equal(new Set([fixtures.ctNumbers]));
    const grid = viewer.shadowRoot!.querySelector<HTMLElement>('[part="grid"]')!;
    expect(getComputedStyle(grid).gridTemplateColumns.split(' ')).to.have.length(2, 'two columns');
    expect(getComputedStyle(grid).gridTemplateRows.split(' ')).to.have.length(2, 'two rows');
    await Promise.all(viewports.slice(0, 3).map(volumeLoaded));
    const rendering = (viewports[3] as unknown as { volume: { rendering?: { loaded: Promise<unknown> } } }).volume;
    await waitFor(() => Boolean(rendering.rendering), 'the rendering on screen', 30_000);
    await rendering.rendering!.loaded;
    expect(lightbox.getImagingStats(viewer.imagingContext).volumes).to.equal(1, 'the four views share one volume');
    await waitFor(() => viewer.crosshairs.centre !== undefined, 'the crosshairs');
    viewer.crosshairs.moveTo(markerVolume.marker);
    await viewer.updateComplete;
    await settled();
    for (const index of [0, 1, 2]) expect(crosshairsOf(viewer, index).querySelectorAll('line')).to.have.length(2);
    expect(() => crosshairsOf(viewer, 3), 'no crosshairs over the rendering').to.throw(/no crosshairs over viewport 3/);
    // The rendering (bone preset): the cube and ball lit, the air around them dark.
    const canvas = viewports[3]!.shadowRoot!.querySelector<HTMLCanvasElement>('.volume canvas')!;
    const { data } = canvas.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, canvas.width, canvas.height);
    let lit = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! + data[i + 1]! + data[i + 2]! > 30) lit += 1;
    expect(lit, 'the cube and ball drawn').to.be.greaterThan(50);
    expect(lit, 'the air not').to.be.lessThan(data.length / 4 / 4);
    await saveViewerScreenshot(viewer, 'mpr-3d-layout');
  });

  it('getState() holds the crosshairs\' centre and turned planes; setState() puts them back', async () => {
    viewer = await viewerFixture({ layout: 'mpr', 'no-series-browser': '', 'no-measurements': '' }, 780, 340);
    await viewer.loadStudy(fixtures.studyInstanceUid, { series: [fixtures.marker] });
    await Promise.all(viewer.viewports.map(volumeLoaded));
    await waitFor(() => viewer.crosshairs.centre !== undefined, 'the crosshairs');
    viewer.crosshairs.moveTo(markerVolume.marker);
    viewer.crosshairs.rotate(0, 30);
    await viewer.updateComplete;
    await settled();
    const saved = JSON.parse(JSON.stringify(viewer.getState())) as ReturnType<DicomViewer['getState']>;
    expect(saved.layout).to.equal('mpr');
    expect(near(saved.crosshairs!.centre, markerVolume.marker, 1e-6), 'the centre saved').to.equal(true);
    const normals = saved.viewports.map((viewport) => viewport!.view!.viewPlaneNormal!);
    expect(Math.abs(normals[1]![0]), 'the sagittal plane saved turned').to.be.closeTo(Math.cos(Math.PI / 6), 1e-3);

    // Elsewhere: another layout, then the session back.
    viewer.layout = '1x1';
    await viewer.updateComplete;
    await waitFor(() => viewer.imagingContext.stats().volumes === 0, 'the volume freed');
    await viewer.setState(saved);
    expect(viewer.layout).to.equal('mpr');
    await Promise.all(viewer.viewports.map(volumeLoaded));
    await waitFor(() => viewer.crosshairs.centre !== undefined, 'the crosshairs again');
    await viewer.updateComplete;
    await settled();
    expect(near(viewer.crosshairs.centre!, markerVolume.marker, 1e-3), `the centre back (${viewer.crosshairs.centre!.map((value) => value.toFixed(2))})`).to.equal(true);
    for (const [index, viewport] of viewer.viewports.entries()) {
      const state = viewport.getViewportState()!;
      expect(near(state.viewPlaneNormal!, normals[index]!, 1e-6), `${viewport.orientation}: its plane turned as saved`).to.equal(true);
      const off = [0, 1, 2].reduce((sum, axis) => sum + (markerVolume.marker[axis]! - state.focalPoint![axis]!) * state.viewPlaneNormal![axis]!, 0);
      expect(Math.abs(off), `${viewport.orientation}: through the centre`).to.be.below(0.01);
      expect(near(drawnCentre(viewer, index), viewport.worldToCanvas(markerVolume.marker)!, 0.5), `${viewport.orientation}: the centre drawn there`).to.equal(true);
    }
    expect(viewer.viewports[2]!.shadowRoot!.textContent).to.match(/Obl -?\d/);
  });

  // The rendering's light follows its camera and its camera outlasts the layout settling (volume-rendering.ts): without
  // either, the restored picture is another (a light left where the first camera was; a camera re-centred on resize).
  it('mpr-3d: getState() keeps the rendering\'s camera and preset; setState() draws the same rendering again', async function () {
    this.timeout(120_000); // four views of one volume, opened twice, on a shared machine
    viewer = await viewerFixture({ layout: 'mpr-3d', 'no-series-browser': '', 'no-measurements': '' }, 600, 600);
    await viewer.loadStudy(fixtures.studyInstanceUid, { series: [fixtures.ctNumbers] });
    const rendered = async () => {
      const controller = (viewer.viewports[3] as unknown as { volume: { rendering?: { loaded: Promise<unknown> } } }).volume;
      await waitFor(() => Boolean(controller.rendering), 'the rendering on screen', 30_000);
      await controller.rendering!.loaded;
      await settled();
    };
    const pixels = () => {
      const canvas = viewer.viewports[3]!.shadowRoot!.querySelector<HTMLCanvasElement>('.volume canvas')!;
      return canvas.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, canvas.width, canvas.height);
    };
    /** The largest difference of mean brightness over 8 × 8 blocks: sampling noise leaves it small, a moved camera not. */
    const difference = (a: ImageData, b: ImageData) => {
      expect([a.width, a.height]).to.deep.equal([b.width, b.height]);
      const sums = new Float64Array(64);
      const counts = new Float64Array(64);
      for (let y = 0; y < a.height; y += 1) {
        for (let x = 0; x < a.width; x += 1) {
          const i = (y * a.width + x) * 4;
          const block = Math.floor((y * 8) / a.height) * 8 + Math.floor((x * 8) / a.width);
          sums[block] += (a.data[i]! + a.data[i + 1]! + a.data[i + 2]! - b.data[i]! - b.data[i + 1]! - b.data[i + 2]!) / 3;
          counts[block] += 1;
        }
      }
      return Math.max(...[...sums].map((sum, block) => Math.abs(sum / counts[block]!)));
    };
    await rendered();
    const opened = pixels();
    const rendering = viewer.viewports[3]!;
    rendering.execute({ kind: 'rotate', degrees: 90 });
    rendering.execute({ kind: 'zoom', factor: 1.4 });
    rendering.volumePreset = 'angio';
    await rendering.updateComplete;
    await settled();
    const wanted = pixels();
    // Well above the noise the same camera leaves (below 6, asserted at the end), so the round trip's check can fail.
    expect(difference(opened, wanted), 'turned, zoomed and under another preset').to.be.greaterThan(15);
    const saved = JSON.parse(JSON.stringify(viewer.getState())) as ReturnType<DicomViewer['getState']>;
    const view = saved.viewports[3]!.view!;
    expect(view.orientation).to.equal('3d');
    expect(view.volumePreset).to.equal('angio');
    expect(view.camera, 'the camera saved').to.have.keys(['position', 'focalPoint', 'viewUp', 'parallelProjection', 'parallelScale']);

    viewer.layout = '1x1';
    await viewer.updateComplete;
    await waitFor(() => viewer.imagingContext.stats().volumes === 0, 'the volume freed');
    await viewer.setState(saved);
    expect(viewer.layout).to.equal('mpr-3d');
    await rendered();
    await settled();
    expect(viewer.viewports[3]!.volumePreset, 'the preset back').to.equal('angio');
    expect(viewer.viewports[3]!.getViewportState()!.camera, 'the camera back').to.deep.equal(view.camera);
    expect(difference(pixels(), wanted), 'the same rendering on screen').to.be.below(6);
  });

  it('volume views carry orientation markers, oblique ones too; the toolbar offers the series\' CT window presets', async () => {
    viewer = await viewerFixture({ layout: 'mpr', 'no-series-browser': '', 'no-measurements': '' }, 780, 400);
    await viewer.loadStudy(fixtures.studyInstanceUid, { series: [fixtures.marker] });
    await Promise.all(viewer.viewports.map(volumeLoaded));
    await waitFor(() => viewer.crosshairs.centre !== undefined, 'the crosshairs');
    await viewer.updateComplete;
    const markers = (viewport: DicomViewport) =>
      Object.fromEntries([...viewport.shadowRoot!.querySelectorAll<HTMLElement>('[part~="orientation"]')].map((marker) => [marker.dataset.edge, marker.textContent]));
    const [axial, sagittal, coronal] = viewer.viewports as [DicomViewport, DicomViewport, DicomViewport];
    // Radiological conventions: the patient's right on the screen's left; anterior left in sagittal; head up.
    expect(markers(axial)).to.deep.equal({ top: 'A', bottom: 'P', left: 'R', right: 'L' });
    expect(markers(sagittal)).to.deep.equal({ top: 'H', bottom: 'F', left: 'A', right: 'P' });
    expect(markers(coronal)).to.deep.equal({ top: 'H', bottom: 'F', left: 'R', right: 'L' });
    viewer.crosshairs.rotate(0, 30);
    await viewer.updateComplete;
    await settled();
    await sagittal.updateComplete;
    const oblique = markers(sagittal);
    expect(oblique.top).to.equal('H');
    expect(oblique.left, 'turned 30° about the axial normal: mostly anterior, partly right or left').to.match(/^A[RL]$/);
    expect(oblique.right).to.match(/^P[RL]$/);

    // The toolbar's window presets are the CT ones of the active (axial) view; one picked is set on it.
    const toolbar = viewer.shadowRoot!.querySelector('dicom-toolbar')!;
    await toolbar.updateComplete;
    const picker = toolbar.shadowRoot!.querySelector<HTMLSelectElement>('select[part~="preset"]')!;
    expect([...picker.options].map((option) => option.value)).to.include.members(['soft-tissue', 'lung', 'bone']);
    expect(picker.disabled).to.equal(false);
    picker.value = 'bone';
    picker.dispatchEvent(new Event('change', { bubbles: true }));
    await viewer.updateComplete;
    await settled();
    expect(axial.getViewportState()).to.include({ windowWidth: 1800, windowCenter: 400 });
  });

  it('two viewers of one series on a page keep their volumes apart: slab, camera and window of one leave the other; one closed, the other renders on', async () => {
    viewer = await viewerFixture({ layout: 'mpr', 'no-series-browser': '', 'no-measurements': '', 'no-toolbar': '' }, 600, 220);
    const other = await viewerFixture({ layout: 'mpr', 'no-series-browser': '', 'no-measurements': '', 'no-toolbar': '' }, 600, 220);
    try {
      await Promise.all([viewer, other].map((each) => each.loadStudy(fixtures.studyInstanceUid, { series: [fixtures.marker] })));
      await Promise.all([...viewer.viewports, ...other.viewports].map(volumeLoaded));
      expect(viewer.imagingContext, 'each viewer its own imaging context').not.to.equal(other.imagingContext);
      for (const each of [viewer, other]) expect(lightbox.getImagingStats(each.imagingContext).volumes).to.equal(1, 'one volume each');
      await waitFor(() => viewer.crosshairs.centre !== undefined && other.crosshairs.centre !== undefined, 'the crosshairs');
      for (const viewport of other.viewports) viewport.setViewportState({ windowCenter, windowWidth });
      other.crosshairs.moveTo(markerVolume.marker);
      await other.updateComplete;
      await settled();
      const axial = other.viewports[0]!;
      const statesBefore = other.viewports.map((viewport) => JSON.stringify(viewport.getViewportState()));
      const markerAt = axial.worldToCanvas(markerVolume.marker)!;
      expect(greyAt(axial, markerAt), 'the other viewer shows the marker').to.be.closeTo(brightGrey, 40);

      // The first viewer: a thick MinIP slab, zoomed and panned, another window, the crosshairs elsewhere.
      const [firstAxial] = viewer.viewports as [DicomViewport];
      firstAxial.setViewportState({ slabThickness: 30, slabMode: 'minip', windowCenter: 40, windowWidth: 400 });
      firstAxial.execute({ kind: 'zoom', factor: 2 });
      firstAxial.execute({ kind: 'pan', by: [20, 10] });
      viewer.crosshairs.moveTo(markerVolume.ball);
      await viewer.updateComplete;
      await settled();
      expect(firstAxial.getViewportState()).to.include({ slabThickness: 30, slabMode: 'minip' });
      expect(other.viewports.map((viewport) => JSON.stringify(viewport.getViewportState())), 'the other viewer\'s views unchanged').to.deep.equal(statesBefore);
      expect(greyAt(axial, markerAt), 'and its picture').to.be.closeTo(brightGrey, 40);

      // The first viewer gone: everything of its context freed; the other's volume intact and drawn on.
      const firstContext = viewer.imagingContext;
      viewer.remove();
      // Cornerstone's own counts (engines, viewports, tool groups, cache) are the page's: the other viewer's are in them.
      const ownCounts = () => heldCounts(firstContext.stats()).filter(([name]) => !['renderingEngines', 'viewports', 'toolGroups', 'cacheBytes', 'annotations'].includes(name));
      await waitFor(() => ownCounts().length === 0, 'the first viewer\'s context empty').catch(() => undefined);
      expect(ownCounts()).to.deep.equal([]);
      expect(lightbox.getImagingStats(other.imagingContext).volumes).to.equal(1, 'the other viewer\'s volume stays');
      other.crosshairs.moveTo(markerVolume.ball);
      await other.updateComplete;
      await settled();
      expect(greyAt(axial, axial.worldToCanvas(markerVolume.ball)!), 'the other viewer draws the ball from its volume').to.be.closeTo(brightGrey, 40);
      const sagittal = other.viewports[1]!;
      expect(greyAt(sagittal, sagittal.worldToCanvas(markerVolume.ball)!), 'in every view').to.be.closeTo(brightGrey, 40);
    } finally {
      other.remove();
    }
  });

  it('leaving the layout shows the series as a stack again, and nothing is held once the viewer is gone', async () => {
    viewer = await viewerFixture({ layout: 'mpr', 'no-series-browser': '', 'no-measurements': '' }, 780, 340);
    await viewer.loadStudy(fixtures.studyInstanceUid, { series: [fixtures.marker] });
    await Promise.all(viewer.viewports.map(volumeLoaded));
    const context = viewer.imagingContext;
    viewer.layout = '1x1';
    await viewer.updateComplete;
    expect(viewer.viewports.map((viewport) => viewport.orientation)).to.deep.equal(['']);
    await waitFor(() => context.stats().volumes === 0, 'the volume freed');
    viewer.remove();
    await waitFor(() => heldCounts(context.stats()).length === 0, 'nothing held').catch(() => undefined);
    expect(heldCounts(context.stats())).to.deep.equal([]);
  });
});
