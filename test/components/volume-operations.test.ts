// The viewport-agnostic operations (src/imaging/viewports/viewport-ops.ts) on a real Cornerstone orthographic
// volume viewport made from the sample CT (src/imaging/viewports/volume-viewport.ts), through the bundle's engine
// chunk: window, invert, zoom, pan, rotation, flips, the slice and the state round trip, read back from the canvas.
import { expect } from '@esm-bundle/chai';
import { ctPhantom, sampleStudy } from '../../src/sample-data/phantom.js';
import { ImagingContext } from '../../src/imaging/imaging-context.js';
import { stackImagesOf } from '../../src/imaging/stack-frames.js';
import type { ViewportState } from '../../src/events/viewport-changed.js';
import { lightbox } from './bundle.js';
import { afterRender, engineChunk, expectedGrey, heldCounts, testServer, waitFor } from './viewport-helpers.js';

type EngineChunk = typeof import('../../src/components/viewport/viewport-engine.js');
const [ctSeries] = sampleStudy.series;

/** The mean grey of the 5 × 5 canvas pixels around the canvas's centre. */
function centreGrey(element: HTMLElement): number {
  const canvas = element.querySelector('canvas')!;
  const { data } = canvas.getContext('2d', { willReadFrequently: true })!.getImageData(canvas.width / 2 - 2, canvas.height / 2 - 2, 5, 5);
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) sum += data[i]!;
  return sum / (data.length / 4);
}

describe('viewport operations on an orthographic volume viewport', () => {
  it('window, invert, camera and position work, and the state round-trips, on a sagittal MPR of the CT', async () => {
    const engine = await engineChunk<EngineChunk>('loadVolumeViewport');
    const { viewportOps: ops } = engine;
    const { showVolume } = await engine.loadVolumeViewport();
    const context = new ImagingContext('volume-operations');
    const source = new lightbox.DicomwebSource(testServer.dicomwebRoot);
    const metadata = await source.retrieveSeriesMetadata(sampleStudy.studyInstanceUid, ctSeries.seriesInstanceUid);
    const stack = context.images.keyedStack(stackImagesOf(source, sampleStudy.studyInstanceUid, ctSeries.seriesInstanceUid, metadata));
    const element = document.createElement('div');
    element.style.width = '256px';
    element.style.height = '256px';
    document.body.append(element);
    const view = await showVolume(context, element, stack, 'sagittal');
    try {
      expect(await view.loaded).to.deep.equal({ loaded: ctPhantom.slices, total: ctPhantom.slices });
      const { viewport } = view;
      expect(ops.isVolumeViewport(viewport)).to.equal(true);

      // A sagittal plane through the patient's midline: the viewport looks along x, and its centre is water (0 HU).
      const state = ops.viewStateOf(viewport, 0, false)!;
      expect(state.viewPlaneNormal!.map(Math.abs)).to.deep.equal([1, 0, 0]);
      expect(state.focalPoint![0]).to.be.closeTo(0, ctPhantom.pixelSpacing[0]);

      // Window: the centre's grey follows the PS3.3 formula for water under the window set.
      ops.setVoi(viewport, { windowCenter: 200, windowWidth: 400 });
      viewport.render();
      await afterRender();
      expect(ops.voiOf(viewport)).to.deep.equal({ windowCenter: 200, windowWidth: 400 });
      const dark = centreGrey(element);
      expect(dark).to.be.closeTo(expectedGrey(0, 200, 400), 4);
      ops.setInvert(viewport, true);
      viewport.render();
      await afterRender();
      expect(ops.invertOf(viewport)).to.equal(true);
      expect(centreGrey(element)).to.be.closeTo(255 - dark, 4);

      // Camera: flips, zoom, pan and rotation as the stack viewport has them.
      ops.flip(viewport, 'vertical');
      expect(ops.presentationOf(viewport)).to.include({ flipVertical: true, flipHorizontal: false });
      ops.flip(viewport, 'vertical');
      expect(ops.presentationOf(viewport)).to.include({ flipVertical: false });
      ops.flip(viewport, 'horizontal');
      expect(ops.presentationOf(viewport)).to.include({ flipHorizontal: true });
      ops.zoomBy(viewport, 2);
      ops.panBy(viewport, [20, 0]);
      ops.rotateBy(viewport, 90);
      const presentation = ops.presentationOf(viewport);
      expect(presentation.zoom).to.be.closeTo(2, 1e-6);
      expect(presentation.pan[0]).to.be.closeTo(20, 0.5);
      expect(presentation).to.include({ flipVertical: false, flipHorizontal: true });
      expect([90, 270]).to.include(presentation.rotation, 'a flipped view counts rotation the other way round');
      expect(ops.isFitted(viewport)).to.equal(false);

      // Position: another slice by index moves the focal point along the normal, by the slice spacing (0.7 mm).
      const moved = ops.viewStateOf(viewport, 0, true)!;
      ops.setVolumePosition(viewport, { imageIndex: moved.imageIndex + 20 });
      const further = ops.viewStateOf(viewport, 0, true)!;
      expect(further.imageIndex).to.equal(moved.imageIndex + 20);
      expect(Math.abs(further.focalPoint![0] - moved.focalPoint![0])).to.be.closeTo(20 * ctPhantom.pixelSpacing[0], 0.01);

      // The whole state back: position, window, invert and camera.
      ops.applyVolumeState(viewport, { ...state, invert: false });
      const restored = ops.viewStateOf(viewport, 0, false)!;
      const rounded = (value: ViewportState) => JSON.parse(JSON.stringify(value, (_, v) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : v)));
      expect(rounded(restored)).to.deep.equal(rounded(state));
      await afterRender();
      expect(ops.invertOf(viewport)).to.equal(false);

      // Another orientation through the view reference: axial, looking along z.
      ops.setVolumePosition(viewport, { viewPlaneNormal: [0, 0, -1], viewUp: [0, -1, 0], focalPoint: state.focalPoint });
      expect(ops.viewStateOf(viewport, 0, false)!.viewPlaneNormal!.map(Math.abs)).to.deep.equal([0, 0, 1]);
    } finally {
      view.destroy();
      element.remove();
    }
    await waitFor(() => heldCounts(context.stats()).length === 0, 'the volume\'s context empty').catch(() => undefined);
    expect(heldCounts(context.stats())).to.deep.equal([]);
  });
});
