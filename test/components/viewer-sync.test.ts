// <dicom-viewer sync>: slice position by geometry (two axial series of different slice thickness in one Frame of
// Reference), window/level, zoom and pan, carried with the synchronized origin; reference lines against their
// computed endpoints.
import { expect } from '@esm-bundle/chai';
import { sendMouse } from '@web/test-runner-commands';
import type { DicomViewport } from '../../src/components/viewport/viewport.component.js';
import type { ViewportState } from '../../src/events/viewport-changed.js';
import { afterRender, waitFor } from './viewport-helpers.js';
import { centreOf, centreValue, viewerFixture, viewportsShown } from './viewer-helpers.js';
import { currentStudy, fieldOfView, sagittalTopZ, storeViewerFixtures } from './viewer-fixtures.js';

const [thin, thick, sagittal] = currentStudy.series;
const study = currentStudy.studyInstanceUid;
const bare = { 'no-toolbar': '', 'no-series-browser': '', 'no-measurements': '' };

function changesOf(viewport: DicomViewport): ViewportState[] {
  const changes: ViewportState[] = [];
  viewport.addEventListener('dicom-viewport-changed', (event) => changes.push(event.detail));
  return changes;
}

/** The index of the slice of `positions` nearest to `z` (the lower on a tie). */
function nearest(z: number, count: number, positionOf: (index: number) => number): number {
  let best = 0;
  for (let index = 1; index < count; index += 1) if (Math.abs(positionOf(index) - z) < Math.abs(positionOf(best) - z) - 1e-9) best = index;
  return best;
}

async function openedWith(sync: string, series: string[], size: [number, number] = [800, 400]) {
  const viewer = await viewerFixture({ ...bare, layout: `1x${series.length}`, sync }, ...size);
  await viewer.loadStudy(study, { series });
  return { viewer, viewports: await viewportsShown(viewer) };
}

describe('<dicom-viewer> synchronization', () => {
  before(() => storeViewerFixtures());

  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-viewer')) element.remove();
  });

  it('scrolls the other series to the geometrically nearest slice, not the same index, firing nothing from it', async () => {
    const { viewports } = await openedWith('position', [thin!.seriesInstanceUid, thick!.seriesInstanceUid]);
    const [thinViewport, thickViewport] = viewports as [DicomViewport, DicomViewport];
    const followerChanges = changesOf(thickViewport);
    const leaderChanges = changesOf(thinViewport);
    // A new slice moves no camera: the follower's view is not presented anew (which would recompute its overlays and
    // the reference lines on every step).
    let followerPresented = 0;
    thickViewport.addEventListener('dicom-view-presented', () => (followerPresented += 1));
    // 100 slices of 2 mm, one at a time as the reader scrolls.
    for (let step = 1; step <= 100; step += 1) {
      // One slice further each time, as the reader's wheel notches go (each a change of the reader's).
      thinViewport.execute({ kind: 'scroll-to', to: step });
      await waitFor(() => thinViewport.imageIndex === step, `the thin series at slice ${step}`);
    }
    const z = thin!.positionOf(100);
    const expected = nearest(z, thick!.count, thick!.positionOf);
    expect(expected, 'the fixture tells geometry from index').to.not.equal(100);
    await waitFor(() => thickViewport.imageIndex === expected && centreValue(thickViewport) !== undefined && centreValue(thinViewport) !== undefined, `the thick series at slice ${expected}`, 50_000);
    await afterRender();
    // What is on screen says it: each axial pixel holds its slice's z.
    expect(centreValue(thinViewport)).to.equal(z);
    expect(centreValue(thickViewport)).to.equal(thick!.positionOf(expected));
    expect(Math.abs(thick!.positionOf(expected) - z)).to.be.at.most(2.5);
    expect(leaderChanges.length).to.be.at.least(100);
    expect(followerChanges, 'the follower reports nothing').to.deep.equal([]);
    expect(followerPresented, 'camera changes of the follower').to.equal(0);
    // And back the other way: the thick series leads.
    thickViewport.execute({ kind: 'scroll', by: -7 });
    const back = thick!.positionOf(expected - 7);
    await waitFor(() => thinViewport.imageIndex === nearest(back, thin!.count, thin!.positionOf), 'the thin series to follow');
  });

  it('carries window/level and zoom/pan to the viewports of the same modality, as synchronized changes', async () => {
    const { viewer, viewports } = await openedWith('voi camera', [thin!.seriesInstanceUid, thick!.seriesInstanceUid, sagittal!.seriesInstanceUid], [900, 300]);
    const [leader, follower, mr] = viewports as [DicomViewport, DicomViewport, DicomViewport];
    const followerChanges = changesOf(follower);
    const mrWindow = mr.getViewportState()!;
    // Real input: a window/level drag on the leader.
    const [x, y] = centreOf(leader);
    await sendMouse({ type: 'move', position: [x, y] });
    await sendMouse({ type: 'down', button: 'left' });
    await sendMouse({ type: 'move', position: [x + 40, y + 25] });
    await sendMouse({ type: 'up', button: 'left' });
    await afterRender();
    const windowed = leader.getViewportState()!;
    expect(windowed.windowWidth).to.not.equal(400);
    await waitFor(() => follower.windowWidth === windowed.windowWidth && follower.windowCenter === windowed.windowCenter, 'the follower\'s window');
    // The MR keeps its own window.
    expect(mr.getViewportState()!.windowWidth).to.equal(mrWindow.windowWidth);
    // Zoom and pan through the command vocabulary as the reader's.
    leader.execute({ kind: 'zoom', factor: 2 });
    leader.execute({ kind: 'pan', by: [0.1, 0] });
    await afterRender();
    const moved = leader.getViewportState()!;
    for (const other of [follower, mr]) {
      await waitFor(() => Math.abs(other.getViewportState()!.zoom - moved.zoom) < 1e-3, 'zoom to follow');
      expect(other.getViewportState()!.pan[0]).to.be.closeTo(moved.pan[0], 1e-3);
    }
    expect(followerChanges).to.deep.equal([]);
    // Turned off: nothing follows.
    viewer.sync = '';
    await viewer.updateComplete;
    leader.execute({ kind: 'zoom', factor: 0.5 });
    await afterRender();
    await afterRender();
    expect(follower.getViewportState()!.zoom).to.be.closeTo(moved.zoom, 1e-3);
  });

  it('draws a reference line where the active viewport\'s slice cuts another, at its computed place', async () => {
    const width = 800;
    const height = 400;
    const { viewer, viewports } = await openedWith('', [thin!.seriesInstanceUid, sagittal!.seriesInstanceUid], [width, height]);
    const [axial, sagittalViewport] = viewports as [DicomViewport, DicomViewport];
    axial.scrollToImage(60);
    await waitFor(() => axial.imageIndex === 60, 'slice 60');
    const lineOf = () => viewer.shadowRoot!.querySelectorAll('[part~="cell"]')[1]!.querySelector('line');
    await waitFor(() => lineOf() !== null, 'a reference line');
    // Expected: the sagittal image (256 mm square) fitted in its viewport; the axial plane z cuts it across the whole
    // width, at (top z - z) / 256 of its height.
    const check = async (z: number) => {
      const rect = sagittalViewport.getBoundingClientRect();
      const scale = Math.min(rect.width, rect.height) / fieldOfView;
      const offsetX = (rect.width - fieldOfView * scale) / 2;
      const offsetY = (rect.height - fieldOfView * scale) / 2;
      const expectedY = offsetY + (sagittalTopZ - z) * scale;
      await waitFor(() => Math.abs(Number(lineOf()!.getAttribute('y1')) - expectedY) < 1.5, `the line at y ${expectedY.toFixed(1)} (is ${lineOf()?.getAttribute('y1')})`);
      const line = lineOf()!;
      const [x1, y1, x2, y2] = ['x1', 'y1', 'x2', 'y2'].map((name) => Number(line.getAttribute(name)));
      expect(Math.min(x1!, x2!)).to.be.closeTo(offsetX, 1.5);
      expect(Math.max(x1!, x2!)).to.be.closeTo(offsetX + fieldOfView * scale, 1.5);
      expect(y1).to.be.closeTo(expectedY, 1.5);
      expect(y2).to.be.closeTo(expectedY, 1.5);
    };
    await check(thin!.positionOf(60));
    // The line follows the slice.
    axial.execute({ kind: 'scroll', by: 20 });
    await waitFor(() => axial.imageIndex === 80, 'slice 80');
    await check(thin!.positionOf(80));
    // Drawn in the viewer's reference-line colour over the image.
    expect(getComputedStyle(lineOf()!).stroke).to.equal('rgb(255, 232, 0)');
    // The sagittal made active: the axial viewport gets the line, the sagittal none.
    viewer.activate(1);
    await waitFor(() => viewer.shadowRoot!.querySelectorAll('[part~="cell"]')[0]!.querySelector('line') !== null && lineOf() === null, 'the line on the axial viewport');
    // Hidden by attribute.
    viewer.setAttribute('no-reference-lines', '');
    await viewer.updateComplete;
    expect(viewer.shadowRoot!.querySelectorAll('line')).to.have.length(0);
  });

  it('moves a reference line with its viewport\'s camera, whoever changes it: the page or a synchronizer', async () => {
    const { viewer, viewports } = await openedWith('', [thin!.seriesInstanceUid, sagittal!.seriesInstanceUid], [800, 400]);
    const [axial, sagittalViewport] = viewports as [DicomViewport, DicomViewport];
    axial.scrollToImage(60);
    await waitFor(() => axial.imageIndex === 60, 'slice 60');
    const lineOf = () => viewer.shadowRoot!.querySelectorAll('[part~="cell"]')[1]!.querySelector('line');
    const z = thin!.positionOf(60);
    // Where the axial plane cuts the sagittal image on screen, the image zoomed about the canvas centre (pan 0).
    const expectedY = (zoom: number) => {
      const rect = sagittalViewport.getBoundingClientRect();
      const scale = Math.min(rect.width, rect.height) / fieldOfView;
      const fittedY = (rect.height - fieldOfView * scale) / 2 + (sagittalTopZ - z) * scale;
      return rect.height / 2 + (fittedY - rect.height / 2) * zoom;
    };
    const lineAt = (zoom: number) => waitFor(
      () => lineOf() !== null && Math.abs(Number(lineOf()!.getAttribute('y1')) - expectedY(zoom)) < 1.5 && Math.abs(Number(lineOf()!.getAttribute('y2')) - expectedY(zoom)) < 1.5,
      `the line at y ${expectedY(zoom).toFixed(1)} for zoom ${zoom} (is ${lineOf()?.getAttribute('y1')})`,
    );
    await lineAt(1);
    // The page zooms the sagittal viewport: no event of the reader's, the line still follows the image.
    sagittalViewport.setViewportState({ zoom: 1.5, pan: [0, 0] });
    await lineAt(1.5);
    // A synchronizer zooms it: the axial (active) viewport zoomed by the reader, the camera carried over.
    viewer.sync = 'camera';
    await viewer.updateComplete;
    axial.execute({ kind: 'zoom', factor: 1.2 / 1.5 });
    await waitFor(() => Math.abs(sagittalViewport.getViewportState()!.zoom - axial.getViewportState()!.zoom) < 1e-3, 'the zoom to follow');
    await lineAt(sagittalViewport.getViewportState()!.zoom);
  });
});
