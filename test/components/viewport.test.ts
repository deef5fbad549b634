import { expect } from '@esm-bundle/chai';
import { sendMouse } from '@web/test-runner-commands';
import { ctHuAt, ctPhantom, mrPhantom, mrValueAt, sampleStudy } from '../../src/sample-data/phantom.js';
import { DicomwebSource } from '../../src/dicomweb/source.js';
import { StackFrameRetrieval } from '../../src/imaging/stack-frame-retrieval.js';
import { stackImagesOf, type StackImages } from '../../src/imaging/stack-frames.js';
import { lightbox } from './bundle.js';
import {
  afterRender,
  canvasCentre,
  expectedGrey,
  greyAt,
  heldCounts,
  messageText,
  nextEvent,
  sendWheel,
  testServer,
  viewportFixture,
  waitFor,
} from './viewport-helpers.js';

const [ctSeries, mrSeries] = sampleStudy.series;
const ct = { study: sampleStudy.studyInstanceUid, series: ctSeries.seriesInstanceUid };
const { regions } = ctPhantom;
// Rendering interpolates and Cornerstone's shader windows with (x - lower) / width rather than PS3.3's (w - 1):
// a grey level or two apart on an 8-bit display.
const tolerance = 2.5;

function ctGrey(element: HTMLElement, region: keyof typeof regions) {
  const [x, y] = regions[region].centre;
  return greyAt(element as never, x, y, ctPhantom.columns, ctPhantom.rows);
}

function expectedCtGrey(region: keyof typeof regions, slice: number, center: number, width: number) {
  const [x, y] = regions[region].centre;
  return expectedGrey(ctHuAt(x, y, slice), center, width);
}

describe('<dicom-viewport>', () => {
  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-viewport')) element.remove();
  });

  it('is defined by the bundle', () => {
    expect(customElements.get('dicom-viewport')).to.equal(lightbox.DicomViewport);
  });

  it('renders the CT from the reference server with the header window: air black, bone brighter than water', async () => {
    const element = await viewportFixture({ 'dicomweb-root': testServer.dicomwebRoot, ...ct });
    const rendered = await nextEvent(element, 'dicom-image-rendered');
    await afterRender();
    expect(rendered.detail.imageIndex).to.equal(0);
    expect(element.imageCount).to.equal(ctPhantom.slices);
    // The header's soft-tissue window (W 400, L 40) is what the element reports and what is on screen.
    expect(element.windowCenter).to.be.closeTo(ctPhantom.windowCenter, 0.5);
    expect(element.windowWidth).to.be.closeTo(ctPhantom.windowWidth, 1);
    expect(ctGrey(element, 'air')).to.be.below(1);
    expect(ctGrey(element, 'bone')).to.be.above(ctGrey(element, 'water') + 100);
    for (const region of ['air', 'fat', 'water', 'bone'] as const) {
      expect(ctGrey(element, region), region).to.be.closeTo(expectedCtGrey(region, 0, 40, 400), tolerance);
    }
  });

  it('applies window-center / window-width as the DICOM VOI LUT says', async () => {
    const element = await viewportFixture({ 'dicomweb-root': testServer.dicomwebRoot, ...ct, 'window-center': '0', 'window-width': '4000' });
    await nextEvent(element, 'dicom-image-rendered');
    await afterRender();
    for (const region of ['air', 'fat', 'water', 'bone'] as const) {
      expect(ctGrey(element, region), region).to.be.closeTo(expectedCtGrey(region, 0, 0, 4000), tolerance);
    }
    // A property set moves the values too, and is no user input: no dicom-viewport-changed.
    let userChanges = 0;
    element.addEventListener('dicom-viewport-changed', () => (userChanges += 1));
    element.windowCenter = 1000;
    element.windowWidth = 500;
    await element.updateComplete;
    await afterRender();
    expect(ctGrey(element, 'water')).to.be.below(1);
    expect(ctGrey(element, 'bone')).to.be.closeTo(expectedCtGrey('bone', 0, 1000, 500), tolerance);
    expect(userChanges).to.equal(0);
  });

  it('changes window/level on a real left-button drag, and reports it', async () => {
    const element = await viewportFixture({ 'dicomweb-root': testServer.dicomwebRoot, ...ct });
    await nextEvent(element, 'dicom-image-rendered');
    await afterRender();
    const before = { center: element.windowCenter!, width: element.windowWidth! };
    const [x, y] = canvasCentre(element);
    const changes: Array<{ windowCenter: number; windowWidth: number }> = [];
    element.addEventListener('dicom-viewport-changed', (event) => changes.push(event.detail));
    await sendMouse({ type: 'move', position: [x, y] });
    await sendMouse({ type: 'down', button: 'left' });
    await sendMouse({ type: 'move', position: [x + 60, y + 40] });
    await sendMouse({ type: 'move', position: [x + 120, y + 80] });
    await sendMouse({ type: 'up', button: 'left' });
    await afterRender();
    expect(changes.length).to.be.above(0);
    // Dragging right widens the window, dragging down raises the center.
    expect(element.windowWidth).to.be.above(before.width);
    expect(element.windowCenter).to.be.above(before.center);
    expect(changes.at(-1)).to.include({ windowWidth: element.windowWidth, windowCenter: element.windowCenter });
    for (const region of ['fat', 'water', 'bone'] as const) {
      expect(ctGrey(element, region), region).to.be.closeTo(
        expectedCtGrey(region, 0, element.windowCenter!, element.windowWidth!),
        tolerance,
      );
    }
  });

  it('scrolls the stack with the mouse wheel, one image a notch', async () => {
    const element = await viewportFixture({ 'dicomweb-root': testServer.dicomwebRoot, ...ct, 'window-center': '40', 'window-width': '400' });
    await nextEvent(element, 'dicom-image-rendered');
    const centre = canvasCentre(element);
    const wheel = async (deltaY: number) => {
      const rendered = nextEvent(element, 'dicom-image-rendered');
      await sendWheel(centre, deltaY);
      return (await rendered).detail.imageIndex;
    };
    // Wheel towards the user (positive deltaY) goes on through the stack, as in every PACS viewer.
    const indices = [];
    for (let notch = 0; notch < 5; notch += 1) indices.push(await wheel(100));
    expect(indices).to.deep.equal([1, 2, 3, 4, 5]);
    expect(await wheel(-100)).to.equal(4);
    await afterRender();
    expect(element.imageIndex).to.equal(4);
    // The slice marker's value is 10 HU a slice: what is on screen is that slice.
    expect(ctGrey(element, 'sliceMarker')).to.be.closeTo(expectedCtGrey('sliceMarker', 4, 40, 400), tolerance);
    expect(ctGrey(element, 'sliceMarker')).to.be.above(expectedCtGrey('sliceMarker', 0, 40, 400) + 10);
  });

  it('renders the MR with its own header window', async () => {
    const element = await viewportFixture({ 'dicomweb-root': testServer.dicomwebRoot, study: sampleStudy.studyInstanceUid, series: mrSeries.seriesInstanceUid });
    await nextEvent(element, 'dicom-image-rendered');
    await afterRender();
    expect(element.windowCenter).to.be.closeTo(mrPhantom.windowCenter, 0.5);
    expect(element.imageCount).to.equal(mrPhantom.slices);
    for (const region of mrPhantom.regionList) {
      const [x, y] = region.centre;
      const grey = greyAt(element, x, y, mrPhantom.columns, mrPhantom.rows);
      expect(grey, region.name).to.be.closeTo(expectedGrey(mrValueAt(x, y, 0), mrPhantom.windowCenter, mrPhantom.windowWidth), tolerance);
    }
  });

  it('shows progress and loads the whole series in the background', async () => {
    const element = await viewportFixture({ 'dicomweb-root': testServer.dicomwebRoot, ...ct });
    const progress: number[] = [];
    element.addEventListener('dicom-load-progress', (event) => progress.push(event.detail.loaded));
    await waitFor(() => progress.at(-1) === ctPhantom.slices, 'every image loaded', 60_000);
    expect(progress.length).to.equal(ctPhantom.slices);
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[part~="progress"]')).to.equal(null);
  });

  it('shows the image asked for before decoding any other, fetching the rest outward from it, each frame once', async () => {
    performance.setResourceTimingBufferSize(2000);
    performance.clearResourceTimings();
    const source = new DicomwebSource(testServer.dicomwebRoot);
    const stack = stackImagesOf(source, ct.study, ct.series, await source.retrieveSeriesMetadata(ct.study, ct.series));
    const shown = 60;
    const since = performance.now();
    const element = await viewportFixture({ 'dicomweb-root': testServer.dicomwebRoot, ...ct, 'image-index': String(shown) });
    let loaded = 0;
    element.addEventListener('dicom-load-progress', (event) => (loaded = event.detail.loaded));
    const rendered = await nextEvent(element, 'dicom-image-rendered');
    expect(rendered.detail.imageIndex).to.equal(shown);
    // Its own decode at most: every other frame waits for the first image to be drawn.
    expect(loaded).to.be.at.most(1);
    await waitFor(() => loaded === ctPhantom.slices, 'every image loaded', 60_000);
    const requested = frameRequestOrder(stack, since, shown);
    // Each frame was asked for once: the loader took the frames the element fetched ahead of the engine.
    expect([...requested].sort((a, b) => a - b)).to.deep.equal(stack.imageIds.map((_, index) => index));
    // The first requests, made together before any frame came back, are the frames nearest the one on screen.
    const firstWave = requested.slice(0, 32).map((index) => Math.abs(index - shown));
    expect(Math.max(...firstWave)).to.be.at.most(16);
  });

  it('shows an in-element error for a series the server does not have, and fires dicom-error', async () => {
    const failed = nextEvent(document, 'dicom-error');
    const element = await viewportFixture({ 'dicomweb-root': testServer.dicomwebRoot, study: ct.study, series: '1.2.3.4.5.404' });
    const { detail } = await failed;
    await element.updateComplete;
    expect(detail.kind).to.equal('not-found');
    expect(detail.status).to.equal(404);
    expect(messageText(element)).to.match(/not found/i);
    expect(element.shadowRoot!.querySelector('[part~="message"]')!.getAttribute('role')).to.equal('alert');
  });

  it('shows the study\'s first series with images when given a study alone', async () => {
    const element = await viewportFixture({ 'dicomweb-root': testServer.dicomwebRoot, study: ct.study });
    const rendered = await nextEvent(element, 'dicom-image-rendered');
    expect(rendered.detail.imageIndex).to.equal(0);
    // Series 1 of the sample study is the CT.
    expect(element.shownSeries).to.equal(ct.series);
    expect(element.series).to.equal('');
    expect(element.imageCount).to.equal(ctPhantom.slices);
    await afterRender();
    expect(ctGrey(element, 'bone')).to.be.above(ctGrey(element, 'water') + 100);
  });

  it('says what it lacks when it has no server or no study, instead of staying black', async () => {
    const element = await viewportFixture({});
    await element.updateComplete;
    await waitFor(() => messageText(element) !== '', 'a message');
    expect(messageText(element)).to.equal('No DICOMweb server: set dicomweb-root or source');
    element.dicomwebRoot = testServer.dicomwebRoot;
    await waitFor(() => messageText(element) === 'No study selected', 'the no-study message');
    element.study = ct.study;
    element.series = ct.series;
    await nextEvent(element, 'dicom-image-rendered');
    await element.updateComplete;
    expect(messageText(element)).to.equal('');
  });

  it('shows which image could not be decoded, and keeps the others viewable', async () => {
    const { studyInstanceUid, seriesInstanceUid, corruptIndex, imageCount } = testServer.corruptSeries;
    // A failure shown in the element is not also an unhandled rejection for the page's error monitoring.
    const rejections: PromiseRejectionEvent[] = [];
    const onUnhandled = (event: PromiseRejectionEvent) => rejections.push(event);
    window.addEventListener('unhandledrejection', onUnhandled);
    const element = await viewportFixture({ 'dicomweb-root': testServer.dicomwebRoot, study: studyInstanceUid, series: seriesInstanceUid });
    const failed = nextEvent(element, 'dicom-error');
    await nextEvent(element, 'dicom-image-rendered');
    expect(element.imageCount).to.equal(imageCount);
    element.scrollToImage(corruptIndex);
    const { detail } = await failed;
    expect(detail.kind).to.equal('decode');
    expect(detail.imageIndex).to.equal(corruptIndex);
    await waitFor(() => /could not be decoded/.test(messageText(element)), 'the decode error message');
    expect(messageText(element)).to.contain(`Image ${corruptIndex + 1} of ${imageCount}`);
    // A good image after the broken one still renders, and its message is gone.
    const goodIndex = corruptIndex === 0 ? 1 : 0;
    const rendered = nextEvent(element, 'dicom-image-rendered');
    element.scrollToImage(goodIndex);
    expect((await rendered).detail.imageIndex).to.equal(goodIndex);
    await element.updateComplete;
    expect(messageText(element)).to.equal('');
    await afterRender();
    expect(ctGrey(element, 'bone')).to.be.above(ctGrey(element, 'water') + 100);
    window.removeEventListener('unhandledrejection', onUnhandled);
    // The failed load's promise is observed where Cornerstone drops it: the page sees no rejection at all.
    expect(rejections.map((event) => String(event.reason))).to.deep.equal([]);
  });

  describe('fetching a stack\'s frames ahead of the rendering engine', () => {
    let source: DicomwebSource;
    let stack: StackImages;
    let since: number;
    const frameBytes = ctPhantom.rows * ctPhantom.columns * 2;

    beforeEach(async () => {
      performance.setResourceTimingBufferSize(2000);
      source = new DicomwebSource(testServer.dicomwebRoot);
      stack = stackImagesOf(source, ct.study, ct.series, await source.retrieveSeriesMetadata(ct.study, ct.series));
      performance.clearResourceTimings();
      since = performance.now();
    });

    it('goes outward from the focus, and holds no more than it may until the frames are taken', async () => {
      const arrived: number[] = [];
      const retrieval = new StackFrameRetrieval(stack.imageIds, stack.locations, { concurrency: 1, maxHeldBytes: 7 * frameBytes });
      retrieval.onArrival((imageId) => arrived.push(stack.imageIds.indexOf(imageId)));
      try {
        retrieval.focus(50);
        await waitFor(() => arrived.length === 7, 'seven frames');
        // Nothing takes them: no more are asked for.
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(arrived).to.deep.equal([50, 51, 49, 52, 48, 53, 47]);
        expect(frameRequestOrder(stack, since, 50)).to.deep.equal(arrived);
        // Taking frames makes room; a new focus (the reader scrolled) decides which come next.
        retrieval.focus(10);
        for (const index of [50, 51, 49]) {
          const frame = await retrieval.take(stack.imageIds[index]!)!;
          expect(frame.bytes.byteLength).to.equal(frameBytes);
        }
        await waitFor(() => arrived.length === 10, 'three more frames');
        expect(arrived.slice(7)).to.deep.equal([10, 11, 9]);
      } finally {
        retrieval.cancel();
      }
    });

    it('fetches a frame it is asked for at once, keeps to its number of requests in flight, and stops when cancelled', async () => {
      const retrieval = new StackFrameRetrieval(stack.imageIds, stack.locations, { concurrency: 4 });
      let arrivals = 0;
      let mostInFlight = 0;
      retrieval.onArrival(() => {
        arrivals += 1;
        // Once the arrival has been answered with the next request.
        queueMicrotask(() => (mostInFlight = Math.max(mostInFlight, retrieval.requestsInFlight)));
      });
      retrieval.focus(0);
      expect(retrieval.requestsInFlight).to.equal(4);
      // Far from the focus, so not among the frames under way: asked for now, ahead of the rest.
      const far = retrieval.take(stack.imageIds[100]!)!;
      expect(retrieval.requestsInFlight).to.equal(5);
      expect((await far).bytes.byteLength).to.equal(frameBytes);
      expect(retrieval.take(stack.imageIds[100]!), 'a frame is handed over once').to.equal(undefined);
      await waitFor(() => arrivals >= 12, 'a dozen frames');
      expect(mostInFlight, 'the four, and the one asked for while it was on its way').to.be.at.most(5);
      retrieval.cancel();
      const arrivalsAtCancel = arrivals;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(arrivals, 'nothing arrives once cancelled').to.equal(arrivalsAtCancel);
      expect(retrieval.take(stack.imageIds[150]!)).to.equal(undefined);
      // The requests were made in that order: the four nearest the focus, then the one asked for.
      expect(frameRequestOrder(stack, since, 0).slice(0, 5).sort((a, b) => a - b)).to.deep.equal([0, 1, 2, 3, 100]);
    });
  });

  it('shares one rendering engine and frees everything when removed', async () => {
    const first = await viewportFixture({ 'dicomweb-root': testServer.dicomwebRoot, ...ct }, 256);
    const second = await viewportFixture({ 'dicomweb-root': testServer.dicomwebRoot, study: ct.study, series: mrSeries.seriesInstanceUid }, 256);
    await Promise.all([nextEvent(first, 'dicom-image-rendered'), nextEvent(second, 'dicom-image-rendered')]);
    let stats = lightbox.getImagingStats();
    expect(stats.renderingEngines).to.equal(1);
    expect(stats.viewports).to.equal(2);
    expect(stats.toolGroups).to.equal(2);
    for (let round = 0; round < 10; round += 1) {
      const element = await viewportFixture({ 'dicomweb-root': testServer.dicomwebRoot, ...ct }, 128);
      await nextEvent(element, 'dicom-image-rendered');
      element.remove();
    }
    first.remove();
    second.remove();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heldCounts(lightbox.getImagingStats())).to.deep.equal([]);
  });
});

/**
 * Frame requests of the stack's series in the page's resource timing made since `since` (a request a previous
 * test's element aborted is listed when it ends, which may be later), in the order they were made.
 */
function frameEntries(stack: StackImages, since: number): PerformanceResourceTiming[] {
  return (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
    .filter((entry) => entry.startTime >= since && /\/frames\/\d/.test(entry.name) && entry.name.includes(stack.locations[0]!.seriesInstanceUid))
    .sort((a, b) => a.startTime - b.startTime);
}

/**
 * The stack indices of the frames requested since `since`, in the order they were requested. Requests started in
 * one task share a start time (Chromium coarsens it to 0.1 ms) and the timeline lists them as they finished, so
 * within one start time the order is unknown: there they are listed nearest `shown` first, the order one call
 * of the retrieval's fill loop issues them in.
 */
function frameRequestOrder(stack: StackImages, since: number, shown: number): number[] {
  const indexBySop = new Map(stack.locations.map((location, index) => [location.sopInstanceUid, index]));
  return frameEntries(stack, since)
    .map((entry) => ({ startTime: entry.startTime, index: indexBySop.get(decodeURIComponent(/\/instances\/([^/]+)\/frames\//.exec(entry.name)![1]!))! }))
    .sort((a, b) => a.startTime - b.startTime || Math.abs(a.index - shown) - Math.abs(b.index - shown))
    .map(({ index }) => index);
}
