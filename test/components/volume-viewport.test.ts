// <dicom-viewport orientation=…> on generated volumes of known anatomy (test/support/volume-phantom.ts): a marker at
// known patient coordinates appears where the plane's conventions put it, in each plane; a slab's MIP shows a ball a
// thin slice misses; the slices honour the volume's array type and a fractional rescale; a series that cannot be a
// volume, or is larger than the budget, stays a stack with a notice; viewports of one series share one volume, and
// nothing is held once they are gone.
import { expect } from '@esm-bundle/chai';
import { sendKeys, sendMouse, writeFile } from '@web/test-runner-commands';
import type { DicomViewport } from '../../src/components/viewport/viewport.component.js';
import type { ViewportState } from '../../src/events/viewport-changed.js';
import { fractionalRescale, markerVolume, volumeGrid, type Vector3 } from '../support/volume-phantom.js';
import { lightbox } from './bundle.js';
import { control, reachByKeyboard } from './toolbar-helpers.js';
import { afterRender, expectedGrey, heldCounts, nextEvent, sendWheel, testServer, viewportFixture, waitFor } from './viewport-helpers.js';

const fixtures = testServer.volumeFixtures;
const size = 256;

interface CornerstoneVolumeViewport {
  worldToCanvas(point: Vector3): [number, number];
  canvasToWorld(point: [number, number]): Vector3;
  getVolumeId(): string;
  render(): void;
}

function volumeViewportOf(element: DicomViewport): CornerstoneVolumeViewport {
  const viewport = (element as unknown as { volume: { cornerstoneViewport?: CornerstoneVolumeViewport } }).volume.cornerstoneViewport;
  if (!viewport) throw new Error('the element shows no volume');
  return viewport;
}

/** A viewport of a fixture series; viewports given one `source` share its images and volumes (as a viewer's do). */
async function volumeViewport(series: string, attributes: Record<string, string> = {}, source?: InstanceType<typeof lightbox.DicomwebSource>): Promise<DicomViewport> {
  if (!source) return viewportFixture({ 'dicomweb-root': testServer.dicomwebRoot, study: fixtures.studyInstanceUid, series, ...attributes }, size);
  const element = document.createElement('dicom-viewport');
  element.source = source;
  element.style.width = element.style.height = `${size}px`;
  for (const [name, value] of Object.entries({ study: fixtures.studyInstanceUid, series, ...attributes })) element.setAttribute(name, value);
  document.body.append(element);
  await element.updateComplete;
  return element;
}

/** Waits until the element shows a volume and every slice of it has loaded (or failed). */
async function loadedAll(element: DicomViewport): Promise<void> {
  type Loading = { loaded: Promise<unknown> } | undefined;
  const controller = (element as unknown as { volume: { view?: Loading; rendering?: Loading } }).volume;
  await waitFor(() => Boolean(controller.view ?? controller.rendering), 'a volume on screen', 30_000);
  await (controller.view ?? controller.rendering)!.loaded;
}

/** The mean grey of the 3 × 3 canvas pixels around a canvas (CSS pixel) position of the volume's canvas. */
function volumeGreyAt(element: DicomViewport, [x, y]: [number, number]): number {
  const canvas = element.shadowRoot!.querySelector<HTMLCanvasElement>('.volume canvas')!;
  const ratio = canvas.width / canvas.clientWidth;
  const { data } = canvas.getContext('2d', { willReadFrequently: true })!.getImageData(Math.round(x * ratio) - 1, Math.round(y * ratio) - 1, 3, 3);
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) sum += data[i]!;
  return sum / (data.length / 4);
}

/** Keeps what the volume canvas shows, for a person to look at (in dist/screenshots). */
async function saveScreenshot(element: DicomViewport, name: string): Promise<void> {
  const canvas = element.shadowRoot!.querySelector<HTMLCanvasElement>('.volume canvas')!;
  const content = canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
  await writeFile({ path: `../../dist/screenshots/${name}.png`, content, encoding: 'base64' });
}

/** How many of the canvas's pixels are not black. */
function litPixels(element: DicomViewport): number {
  const canvas = element.shadowRoot!.querySelector<HTMLCanvasElement>('.volume canvas')!;
  const { data } = canvas.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, canvas.width, canvas.height);
  let lit = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i]! + data[i + 1]! + data[i + 2]! > 30) lit += 1;
  return lit;
}

const subtract = (a: Vector3, b: Vector3): Vector3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: readonly number[], b: readonly number[]) => a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;

/**
 * Where a patient point lies on screen by the planes' conventions (radiological: the patient's left on the screen's
 * right in axial and coronal; anterior on the left in sagittal; head up), with the view's centre on its focal point.
 */
const screenAxes: Record<string, { right: Vector3; down: Vector3; normal: Vector3 }> = {
  axial: { right: [1, 0, 0], down: [0, 1, 0], normal: [0, 0, 1] },
  sagittal: { right: [0, 1, 0], down: [0, 0, -1], normal: [1, 0, 0] },
  coronal: { right: [1, 0, 0], down: [0, 0, -1], normal: [0, 1, 0] },
};

/** Moves the view to the plane through `point` (along its normal only) and says where on the canvas `point` should be. */
async function lookThrough(element: DicomViewport, orientation: string, point: Vector3): Promise<[number, number]> {
  const { right, down, normal } = screenAxes[orientation]!;
  const state = element.getViewportState()!;
  const focal = state.focalPoint as Vector3;
  const depth = dot(subtract(point, focal), normal);
  element.setViewportState({ focalPoint: [focal[0] + normal[0] * depth, focal[1] + normal[1] * depth, focal[2] + normal[2] * depth] });
  await afterRender();
  await afterRender();
  const viewport = volumeViewportOf(element);
  const a = viewport.canvasToWorld([0, 0]);
  const b = viewport.canvasToWorld([100, 0]);
  const mmPerPixel = Math.hypot(...subtract(b, a)) / 100;
  const offset = subtract(point, focal);
  return [size / 2 + dot(offset, right) / mmPerPixel, size / 2 + dot(offset, down) / mmPerPixel];
}

const [windowCenter, windowWidth] = [1000, 2000];
const brightGrey = expectedGrey(markerVolume.bright, windowCenter, windowWidth);
const backgroundGrey = expectedGrey(markerVolume.background, windowCenter, windowWidth);

describe('<dicom-viewport orientation>: volumes', () => {
  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-viewport')) element.remove();
  });

  it('shows a marker at known patient coordinates where each plane\'s conventions put it, three viewports sharing one volume', async () => {
    const source = new lightbox.DicomwebSource(testServer.dicomwebRoot);
    const elements = await Promise.all(['axial', 'sagittal', 'coronal'].map((orientation) => volumeViewport(fixtures.marker, { orientation }, source)));
    await Promise.all(elements.map(loadedAll));
    expect(lightbox.getImagingStats().volumes).to.equal(1, 'one volume for the three viewports');
    const volumeIds = new Set(elements.map((element) => volumeViewportOf(element).getVolumeId()));
    expect(volumeIds.size).to.equal(1);
    for (const [index, orientation] of ['axial', 'sagittal', 'coronal'].entries()) {
      const element = elements[index]!;
      const state = element.getViewportState()!;
      expect(state.orientation).to.equal(orientation);
      expect(state.viewPlaneNormal!.map(Math.abs)).to.deep.equal(screenAxes[orientation]!.normal, `${orientation} looks along its axis`);
      const at = await lookThrough(element, orientation, markerVolume.marker);
      // Sampled on the marker (6 mm across: 3 screen pixels or more) and 20 mm beside it either way: a flip or a
      // transposed axis puts the marker on one of those.
      expect(volumeGreyAt(element, at), `${orientation}: the marker at (${at.map(Math.round)})`).to.be.closeTo(brightGrey, 40);
      const mmPerPixel = (volumeGrid.columns * volumeGrid.pixelSpacing[1]) / size;
      for (const [dx, dy] of [[20, 0], [-20, 0], [0, 20], [0, -20]]) {
        const beside: [number, number] = [at[0] + dx / mmPerPixel, at[1] + dy / mmPerPixel];
        expect(volumeGreyAt(element, beside), `${orientation}: beside the marker at (${beside.map(Math.round)})`).to.be.closeTo(backgroundGrey, 20);
      }
      await saveScreenshot(element, `marker-${orientation}`);
    }
    for (const element of elements) element.remove();
    await waitFor(() => heldCounts(lightbox.getImagingStats()).length === 0, 'nothing held').catch(() => undefined);
    expect(heldCounts(lightbox.getImagingStats())).to.deep.equal([]);
  });

  it('a MIP over a slab holds the ball a thin slice beside it misses; the slab is part of the state', async () => {
    const element = await volumeViewport(fixtures.marker, { orientation: 'axial' });
    await loadedAll(element);
    // 7.5 mm (three slices) above the ball's centre: beyond its 4 mm radius.
    const [x, y, z] = markerVolume.ball;
    const at = await lookThrough(element, 'axial', [x, y, z + 7.5]);
    expect(volumeGreyAt(element, at), 'a thin slice misses the ball').to.be.closeTo(backgroundGrey, 20);
    element.slabThickness = 25;
    await element.updateComplete;
    await afterRender();
    await afterRender();
    expect(volumeGreyAt(element, at), 'the MIP of a 25 mm slab shows it').to.be.closeTo(brightGrey, 40);
    await saveScreenshot(element, 'slab-mip-25mm');
    const state = element.getViewportState()!;
    expect(state).to.include({ slabThickness: 25, slabMode: 'mip' });
    // MinIP over the same slab: the water around it.
    element.setViewportState({ slabMode: 'minip' } as Partial<ViewportState>);
    await afterRender();
    await afterRender();
    expect(volumeGreyAt(element, at), 'the MinIP of the slab is water').to.be.closeTo(backgroundGrey, 20);
    element.setViewportState({ slabThickness: 0 });
    await afterRender();
    await afterRender();
    expect(volumeGreyAt(element, at)).to.be.closeTo(backgroundGrey, 20);
  });

  it('the toolbar\'s slab pickers, by keyboard alone: MIP over 20 mm shows the ball a thin slice misses; a stack has no slab control', async () => {
    const element = await volumeViewport(fixtures.marker, { orientation: 'axial', 'slab-mode': 'average' });
    const toolbar = document.createElement('dicom-toolbar');
    toolbar.style.width = '1000px';
    toolbar.viewport = element;
    document.body.prepend(toolbar);
    try {
      await loadedAll(element);
      const [x, y, z] = markerVolume.ball;
      const at = await lookThrough(element, 'axial', [x, y, z + 7.5]);
      expect(volumeGreyAt(element, at), 'a thin slice misses the ball').to.be.closeTo(backgroundGrey, 20);
      toolbar.refresh();
      await toolbar.updateComplete;
      const mode = control(toolbar, 'slab-mode') as HTMLSelectElement;
      const thickness = control(toolbar, 'slab-thickness') as HTMLSelectElement;
      expect([mode.getAttribute('aria-label'), thickness.getAttribute('aria-label')]).to.deep.equal(['Slab projection', 'Slab thickness']);
      expect(mode.closest('[role="group"]')!.getAttribute('aria-label')).to.equal('Slab');
      expect([...mode.options].map((option) => option.textContent)).to.deep.equal(['MIP (brightest)', 'MinIP (darkest)', 'Average']);
      expect([mode.value, thickness.value], 'the pickers show the view\'s slab').to.deep.equal(['average', '0']);
      expect(thickness.selectedOptions[0]!.textContent).to.equal('Thin slice');
      const changes: Array<Record<string, unknown>> = [];
      element.addEventListener('dicom-viewport-changed', (event) => changes.push({ ...event.detail }));

      await reachByKeyboard(toolbar, 'slab-mode');
      await sendKeys({ press: 'ArrowUp' });
      await sendKeys({ press: 'ArrowUp' });
      await reachByKeyboard(toolbar, 'slab-thickness');
      for (let step = 0; step < 3; step += 1) await sendKeys({ press: 'ArrowDown' }); // thin, 5, 10, 20 mm
      await toolbar.updateComplete;
      await afterRender();
      await afterRender();
      expect(element.getViewportState()).to.include({ slabMode: 'mip', slabThickness: 20 });
      expect(volumeGreyAt(element, at), 'the MIP of a 20 mm slab shows the ball').to.be.closeTo(brightGrey, 40);
      expect([mode.value, thickness.value]).to.deep.equal(['mip', '20']);
      expect([element.slabMode, element.slabThickness], 'the element\'s slab properties follow the reader').to.deep.equal(['mip', 20]);
      expect(changes.at(-1), 'the reader\'s change is reported').to.include({ slabMode: 'mip', slabThickness: 20 });
      await saveScreenshot(element, 'slab-mip-20mm-toolbar');

      // A stack (the series of too few slices for a volume) has no slab: the control is gone.
      const stack = await volumeViewport(fixtures.twoSlices, {});
      await waitFor(() => stack.getViewportState() !== undefined, 'the stack shown');
      toolbar.viewport = stack;
      await toolbar.updateComplete;
      expect(toolbar.shadowRoot!.querySelector('[part~="slab-mode"], [part~="slab-thickness"]'), 'no slab control for a stack').to.equal(null);
    } finally {
      toolbar.remove();
      document.getElementById('before-toolbar')?.remove();
    }
  });

  it('each slice comes in the volume\'s array type, and a fractional rescale stays fractional', async () => {
    const marker = await volumeViewport(fixtures.marker, { orientation: 'axial' });
    const fractional = await volumeViewport(fixtures.fractional, { orientation: 'axial' });
    await Promise.all([loadedAll(marker), loadedAll(fractional)]);
    interface Voxels {
      getAtIJK(i: number, j: number, k: number): number;
      getConstructor(): { name: string };
      getCompleteScalarDataArray(): ArrayLike<number>;
    }
    const voxelsOf = (element: DicomViewport) => (volumeViewportOf(element) as unknown as { getImageData(): { voxelManager: Voxels } }).getImageData().voxelManager;
    // The marker (column 43, row 24, slice 12 lies inside it) and the water at (5, 5, 5).
    const fractionalVoxels = voxelsOf(fractional);
    expect(fractionalVoxels.getConstructor().name).to.equal('Float32Array');
    expect(fractionalVoxels.getAtIJK(43, 24, 12)).to.equal(markerVolume.bright * fractionalRescale.slope + fractionalRescale.intercept);
    expect(fractionalVoxels.getAtIJK(5, 5, 5)).to.equal(markerVolume.background * fractionalRescale.slope + fractionalRescale.intercept);
    // Slice 0 holds only water (stored 100, which fits a byte): in the volume's Uint16Array all the same, for the
    // volume takes its whole array's type from its first slice, and a byte array would wrap the marker's 2000.
    const markerVoxels = voxelsOf(marker);
    expect(markerVoxels.getConstructor().name).to.equal('Uint16Array');
    const markerIndex = 12 * volumeGrid.rows * volumeGrid.columns + 24 * volumeGrid.columns + 43;
    expect(markerVoxels.getCompleteScalarDataArray()[markerIndex]).to.equal(markerVolume.bright);
  });

  it('a volume view follows window-center, window-width and invert, reports the reader\'s changes (and only those) writing the window back, and says plane and position in mm', async () => {
    const element = await volumeViewport(fixtures.marker, { orientation: 'axial', 'window-center': '1000', 'window-width': '2000' });
    await loadedAll(element);
    await afterRender();
    expect(element.getViewportState()).to.include({ windowCenter: 1000, windowWidth: 2000 });
    const events: ViewportState[] = [];
    element.addEventListener('dicom-viewport-changed', (event) => events.push(event.detail));
    // The page's changes: on screen, never reported.
    element.windowCenter = 600;
    await element.updateComplete;
    expect(element.getViewportState()).to.include({ windowCenter: 600, windowWidth: 2000 });
    const at: [number, number] = [20, 20];
    await afterRender();
    const upright = volumeGreyAt(element, at);
    element.invert = true;
    await element.updateComplete;
    await afterRender();
    await afterRender();
    expect(element.getViewportState()!.invert).to.equal(true);
    expect(volumeGreyAt(element, at), 'inverted by the attribute').to.be.closeTo(255 - upright, 4);
    element.invert = false;
    element.setViewportState({ slabThickness: 10 });
    element.execute({ kind: 'zoom', factor: 2 }, { origin: 'programmatic' });
    await element.updateComplete;
    expect(events, 'the page\'s changes are not the reader\'s').to.have.length(0);
    // The overlay: the plane and where it lies, and the slab.
    const overlay = () => element.shadowRoot!.querySelector('[part~="overlay-image"]')?.textContent?.replace(/\s+/g, ' ') ?? '';
    const z = () => Math.round(element.getViewportState()!.focalPoint![2] * 10) / 10;
    expect(overlay()).to.include(`Ax ${z()} mm`);
    expect(overlay()).to.include('MIP 10 mm');
    expect(overlay()).not.to.match(/Image \d+ of/);
    // The reader: the wheel moves a slice (reported, the overlay follows); a window/level drag is reported and
    // written into the window properties.
    const box = element.getBoundingClientRect();
    const before = z();
    await sendWheel([Math.round(box.left + 40), Math.round(box.top + 40)], 100);
    await waitFor(() => events.length > 0, 'the reader\'s scroll reported');
    await element.updateComplete;
    expect(Math.abs(events[0]!.focalPoint![2] - before)).to.be.closeTo(volumeGrid.sliceSpacing, 0.01);
    expect(overlay()).to.include(`Ax ${z()} mm`);
    await sendMouse({ type: 'move', position: [Math.round(box.left + 60), Math.round(box.top + 60)] });
    await sendMouse({ type: 'down', button: 'left' });
    await sendMouse({ type: 'move', position: [Math.round(box.left + 120), Math.round(box.top + 90)] });
    await sendMouse({ type: 'up', button: 'left' });
    await waitFor(() => events.some((event) => event.windowWidth !== 2000), 'the reader\'s window reported');
    await element.updateComplete;
    const shown = element.getViewportState()!;
    expect(shown.windowWidth).not.to.equal(2000);
    expect([element.windowCenter, element.windowWidth], 'the properties follow the reader').to.deep.equal([shown.windowCenter, shown.windowWidth]);
    await afterRender();
    expect(element.getViewportState()!.windowWidth, 'written back, the window stays as the reader left it').to.equal(shown.windowWidth);
  });

  // The zoom overlay says device pixels a voxel (as a stack's says them an image pixel), and the scale bar spans the
  // millimetres its label says, in each patient plane, at any zoom, turned, and on an oblique plane.
  it('volume planes show the zoom and a scale bar in mm, axial, sagittal, coronal and oblique, following the zoom', async () => {
    const element = await volumeViewport(fixtures.marker, { orientation: 'axial', 'window-center': '1000', 'window-width': '2000' });
    try {
      await loadedAll(element);
      const shown = async () => {
        await afterRender();
        await element.updateComplete;
      };
      /** Millimetres a CSS pixel spans horizontally, measured on the plane through the element's own mapping. */
      const mmPerPixel = () => {
        const a = element.canvasToWorld([20, 100])!;
        const b = element.canvasToWorld([220, 100])!;
        return Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]) / 200;
      };
      const overlay = () => {
        const bar = element.shadowRoot!.querySelector<HTMLElement>('[part~="scale-bar"]');
        const view = element.shadowRoot!.querySelector('[part~="overlay-view"]')?.textContent ?? '';
        const zoom = /Zoom: ([\d,.]+)\s?%/.exec(view);
        const label = bar?.querySelector('.scale-bar__label')?.textContent?.trim() ?? '';
        const value = /^([\d.]+) (mm|cm)$/.exec(label);
        return {
          zoom: zoom ? Number(zoom[1]!.replace(/,/g, '')) : undefined,
          barPixels: bar ? parseFloat(bar.style.width) : undefined,
          barMm: value ? Number(value[1]) * (value[2] === 'cm' ? 10 : 1) : undefined,
        };
      };
      const expectScale = (plane: string, horizontalSpacing: number) => {
        const { zoom, barPixels, barMm } = overlay();
        expect(barPixels, `${plane}: a scale bar`).to.be.greaterThan(0);
        expect(barMm! / barPixels!, `${plane}: the bar spans the millimetres it says`).to.be.closeTo(mmPerPixel(), mmPerPixel() * 0.01);
        expect(zoom, `${plane}: the zoom, device pixels a voxel`).to.be.closeTo((100 * horizontalSpacing * devicePixelRatio) / mmPerPixel(), 1);
      };
      await shown();
      const [rowSpacing, columnSpacing] = volumeGrid.pixelSpacing;
      expectScale('axial', columnSpacing);
      const fitted = overlay();
      element.execute({ kind: 'zoom', factor: 2 });
      await shown();
      expectScale('axial zoomed', columnSpacing);
      expect(overlay().zoom, 'zoomed twice as far').to.be.closeTo(fitted.zoom! * 2, 1);
      element.orientation = 'sagittal';
      await shown();
      expectScale('sagittal', rowSpacing);
      // Turned a quarter, the sagittal plane's horizontal runs head to foot, along the slices' spacing.
      element.execute({ kind: 'rotate', degrees: 90 });
      await shown();
      expectScale('sagittal turned', volumeGrid.sliceSpacing);
      element.execute({ kind: 'rotate', degrees: -90 });
      element.orientation = 'coronal';
      await shown();
      expectScale('coronal', columnSpacing);
      // Oblique: the coronal plane turned 30° about the patient's head-foot axis.
      const turn = Math.PI / 6;
      element.setViewportState({ viewPlaneNormal: [-Math.sin(turn), Math.cos(turn), 0], viewUp: [0, 0, 1] });
      await shown();
      expect(element.shadowRoot!.textContent).to.match(/Obl -?\d/);
      expectScale('oblique', columnSpacing);
    } finally {
      element.remove();
    }
  });

  it('a series with a gap, or of two slices, stays a stack with a notice saying why', async () => {
    const gap = await volumeViewport(fixtures.withGap, { orientation: 'sagittal' });
    await nextEvent(gap, 'dicom-image-rendered', 30_000);
    await gap.updateComplete;
    const notice = () => gap.shadowRoot!.querySelector('[part="volume-notice"]')?.textContent ?? '';
    expect(notice()).to.match(/Not shown as a volume: images 20 and 21 are 5 mm apart where the series' spacing is 2.5 mm/);
    expect(notice()).to.include('Shown as a stack');
    expect(gap.getViewportState()!.imageIndex).to.equal(0);
    const two = await volumeViewport(fixtures.twoSlices, { orientation: 'axial' });
    await nextEvent(two, 'dicom-image-rendered', 30_000);
    await two.updateComplete;
    expect(two.shadowRoot!.querySelector('[part="volume-notice"]')?.textContent).to.include('has 2 images, and a volume needs at least 3');
  });

  it('a series larger than cache-mb is decimated to fit, the notice saying by how much, the marker where it lies; refused only when even decimated it does not fit', async () => {
    // 64 × 64 × 40 voxels of 2 bytes: 0.31 MB. Within 0.1 MB: every 2nd pixel in-plane (32 × 32 × 40, 80 KB), the
    // image ids Cornerstone's decimated loader makes (…#decimation=2) answered by our loader and metadata.
    const element = await volumeViewport(fixtures.marker, { orientation: 'coronal', 'cache-mb': '0.1', 'window-center': String(windowCenter), 'window-width': String(windowWidth) });
    await loadedAll(element);
    await element.updateComplete;
    const notice = () => element.shadowRoot!.querySelector('[part="volume-notice"]')?.textContent ?? '';
    expect(notice()).to.equal('Decimated to fit the memory budget (cache-mb) of 0.1 MB: 32 × 32 pixels of 64 × 64 (80 KB instead of 0.31 MB).');
    const imageData = (volumeViewportOf(element) as unknown as { getImageData(): { dimensions: number[]; spacing: number[] } }).getImageData();
    expect([...imageData.dimensions]).to.deep.equal([32, 32, volumeGrid.slices]);
    expect([...imageData.spacing]).to.deep.equal([4, 4, volumeGrid.sliceSpacing]);
    expect(lightbox.getImagingStats().volumes).to.equal(1);
    const at = await lookThrough(element, 'coronal', markerVolume.marker);
    expect(volumeGreyAt(element, at), 'the marker, decimated, where it lies').to.be.closeTo(brightGrey, 40);
    const mmPerPixel = (volumeGrid.columns * volumeGrid.pixelSpacing[1]) / size;
    for (const [dx, dy] of [[20, 0], [-20, 0], [0, 20], [0, -20]]) {
      expect(volumeGreyAt(element, [at[0] + dx / mmPerPixel, at[1] + dy / mmPerPixel]), 'water beside it').to.be.closeTo(backgroundGrey, 20);
    }
    await saveScreenshot(element, 'decimated-coronal');
    element.remove();
    await waitFor(() => heldCounts(lightbox.getImagingStats()).length === 0, 'nothing held').catch(() => undefined);
    expect(heldCounts(lightbox.getImagingStats())).to.deep.equal([]);

    // 0.2 MB: every 2nd slice (64 × 64 × 20, 0.16 MB); the frames of the slices left out are let go as they come.
    const slices = await volumeViewport(fixtures.marker, { orientation: 'coronal', 'cache-mb': '0.2', 'window-center': String(windowCenter), 'window-width': String(windowWidth) });
    await loadedAll(slices);
    await slices.updateComplete;
    expect(slices.shadowRoot!.querySelector('[part="volume-notice"]')?.textContent).to.equal('Decimated to fit the memory budget (cache-mb) of 0.2 MB: 20 slices of 40 (0.16 MB instead of 0.31 MB).');
    const sliceData = (volumeViewportOf(slices) as unknown as { getImageData(): { dimensions: number[]; spacing: number[] } }).getImageData();
    expect([...sliceData.dimensions]).to.deep.equal([64, 64, 20]);
    expect(sliceData.spacing[2]).to.be.closeTo(2 * volumeGrid.sliceSpacing, 1e-6);
    const sliceAt = await lookThrough(slices, 'coronal', markerVolume.marker);
    expect(volumeGreyAt(slices, sliceAt), 'the marker, every 2nd slice, where it lies').to.be.closeTo(brightGrey, 40);
    const held = (slices as unknown as { loading: { retrieval?: { heldBytes: number } } }).loading.retrieval;
    expect(held?.heldBytes ?? 0, 'no frame of a slice left out is held').to.equal(0);
    slices.remove();
    await waitFor(() => heldCounts(lightbox.getImagingStats()).length === 0, 'nothing held').catch(() => undefined);
    expect(heldCounts(lightbox.getImagingStats())).to.deep.equal([]);

    // 1 KB: not even 16 × 16 pixels of every 4th slice fits.
    const refused = await volumeViewport(fixtures.marker, { orientation: 'coronal', 'cache-mb': '0.001' });
    await nextEvent(refused, 'dicom-image-rendered', 30_000);
    await refused.updateComplete;
    expect(refused.shadowRoot!.querySelector('[part="volume-notice"]')?.textContent).to.include('more than the memory budget (cache-mb) of 0.001 MB. Shown as a stack.');
    expect(lightbox.getImagingStats().volumes).to.equal(0);
  });

  // A CT's presets leave air transparent and make bone opaque: under CT-Bone everything above −16 HU is, so the marker
  // volume (water everywhere) is one opaque block filling the view, drawn in the preset's ambient tint alone (no
  // gradient, no shading). The CT-number volume puts the cube and ball in air, as a body lies in a CT.
  it('orientation="3d" renders the volume under a CT preset, turns and zooms, in a chunk of its own', async () => {
    // Frames fill the browser's resource timing buffer (250 entries): only this viewport's requests are looked at.
    performance.clearResourceTimings();
    const chunks = () => (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((entry) => /\/volume-rendering-[\w-]+\.js$/.test(entry.name));
    const element = await volumeViewport(fixtures.ctNumbers, { orientation: '3d', 'volume-preset': 'bone' });
    await loadedAll(element);
    expect(chunks()).to.have.length(1, 'the rendering chunk was fetched for it');
    await afterRender();
    await afterRender();
    const lit = litPixels(element);
    expect(lit, 'the bright cube and ball are drawn').to.be.greaterThan(100);
    expect(lit, 'and the air around them is not').to.be.lessThan((size * size) / 4);
    await saveScreenshot(element, 'rendering-bone');
    const before = element.shadowRoot!.querySelector<HTMLCanvasElement>('.volume canvas')!.toDataURL();
    element.execute({ kind: 'rotate', degrees: 90 });
    await afterRender();
    await afterRender();
    expect(element.shadowRoot!.querySelector<HTMLCanvasElement>('.volume canvas')!.toDataURL()).not.to.equal(before, 'turned, the rendering changes');
    await saveScreenshot(element, 'rendering-bone-turned');
    element.execute({ kind: 'zoom', factor: 2 });
    await afterRender();
    await afterRender();
    expect(litPixels(element), 'zoomed in, the objects cover more of the canvas').to.be.greaterThan(lit * 1.5);
    element.volumePreset = 'soft-tissue';
    await element.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 100));
    await afterRender();
    await saveScreenshot(element, 'rendering-soft-tissue');
    expect(lightbox.getImagingStats().volumes).to.equal(1);
    element.remove();
    await waitFor(() => heldCounts(lightbox.getImagingStats()).length === 0, 'nothing held').catch(() => undefined);
    expect(heldCounts(lightbox.getImagingStats())).to.deep.equal([]);
  });

  // A rendering's view is its camera and preset: a state taken from one rendering and set on another of the same series
  // draws the same pixels; a camera that cannot be is refused with an error and changes nothing.
  it('orientation="3d": getViewportState() gives the camera and preset, setViewportState() draws the same rendering', async () => {
    const source = new lightbox.DicomwebSource(testServer.dicomwebRoot);
    const turned = await volumeViewport(fixtures.ctNumbers, { orientation: '3d', 'volume-preset': 'soft-tissue' }, source);
    const other = await volumeViewport(fixtures.ctNumbers, { orientation: '3d' }, source);
    try {
      await Promise.all([loadedAll(turned), loadedAll(other)]);
      turned.execute({ kind: 'rotate', degrees: 90 });
      turned.execute({ kind: 'zoom', factor: 1.6 });
      await afterRender();
      const state = JSON.parse(JSON.stringify(turned.getViewportState())) as ViewportState;
      expect(state.orientation).to.equal('3d');
      expect(state.volumePreset).to.equal('soft-tissue');
      expect(state.camera?.parallelProjection).to.equal(true);
      expect(state.zoom, 'zoomed against the camera it opened with').to.be.closeTo(1.6, 1e-6);
      // A rendering's overlays: what it is and its preset, patient and study, markers from its camera; no image
      // number, slice location or thickness, window, zoom or scale bar, which mean nothing for a rendering.
      await turned.updateComplete;
      const part = (name: string) => turned.shadowRoot!.querySelector(`[part~="${name}"]`)?.textContent?.trim() ?? '';
      expect(part('overlay-image')).to.equal('3D Soft tissue');
      expect(part('overlay-view')).not.to.match(/W:|Zoom/);
      expect(turned.shadowRoot!.querySelector('[part~="scale-bar"]')).to.equal(null);
      expect(part('overlay-patient')).not.to.equal('');
      const markers = [...turned.shadowRoot!.querySelectorAll<HTMLElement>('[part~="orientation"]')].map((marker) => marker.textContent?.trim());
      expect(markers, 'four orientation markers from the camera').to.have.length(4);
      expect(markers.every((marker) => /^[LRAPHF]+$/.test(marker ?? ''))).to.equal(true);
      await afterRender();
      const wanted = canvasPixels(turned);
      const before = canvasPixels(other);
      expect(renderingsApart(before, wanted), 'the other rendering starts elsewhere').to.be.greaterThan(30);

      other.setViewportState(state);
      await other.updateComplete;
      await afterRender();
      await afterRender();
      expect(other.volumePreset, 'the element follows the preset set').to.equal('soft-tissue');
      expect(renderingsApart(canvasPixels(other), wanted), 'the same rendering on screen').to.be.below(6);
      const restored = other.getViewportState()!;
      const near = (a: readonly number[], b: readonly number[]) => a.every((value, axis) => Math.abs(value - b[axis]!) < 1e-6);
      expect(near(restored.camera!.position, state.camera!.position), 'the position set').to.equal(true);
      expect(near(restored.camera!.focalPoint, state.camera!.focalPoint), 'the focal point set').to.equal(true);
      expect(near(restored.camera!.viewUp, state.camera!.viewUp), 'the view up set').to.equal(true);
      expect(restored.camera!.parallelScale).to.be.closeTo(state.camera!.parallelScale!, 1e-6);

      const shown = canvasPixels(other);
      const camera = { ...state.camera!, position: state.camera!.focalPoint };
      expect(() => other.setViewportState({ camera }), 'a camera standing on its focal point').to.throw(RangeError, /position must differ/);
      expect(() => other.setViewportState({ volumePreset: 'marble' })).to.throw(RangeError, /"marble" is not one of/);
      await afterRender();
      expect(renderingsApart(canvasPixels(other), shown), 'nothing changed').to.be.below(6);
      expect(other.volumePreset).to.equal('soft-tissue');
    } finally {
      turned.remove();
      other.remove();
    }
  });
});

function canvasPixels(element: DicomViewport): ImageData {
  const canvas = element.shadowRoot!.querySelector<HTMLCanvasElement>('.volume canvas')!;
  return canvas.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, canvas.width, canvas.height);
}

/**
 * How far apart two same-sized renderings are: the largest difference of mean brightness over any of 8 × 8 blocks of
 * the canvas. A ray caster's sampling leaves single pixels a little apart between two renders of one camera; a
 * camera turned, moved or zoomed, or another preset, moves whole blocks.
 */
function renderingsApart(a: ImageData, b: ImageData): number {
  expect([a.width, a.height]).to.deep.equal([b.width, b.height], 'canvases of one size');
  const blocks = 8;
  const sums = new Float64Array(blocks * blocks);
  const counts = new Float64Array(blocks * blocks);
  for (let y = 0; y < a.height; y += 1) {
    for (let x = 0; x < a.width; x += 1) {
      const i = (y * a.width + x) * 4;
      const block = Math.floor((y * blocks) / a.height) * blocks + Math.floor((x * blocks) / a.width);
      sums[block] += (a.data[i]! + a.data[i + 1]! + a.data[i + 2]! - b.data[i]! - b.data[i + 1]! - b.data[i + 2]!) / 3;
      counts[block] += 1;
    }
  }
  return Math.max(...[...sums].map((sum, block) => Math.abs(sum / counts[block]!)));
}
