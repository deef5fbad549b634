import { expect } from '@esm-bundle/chai';
import { sendMouse } from '@web/test-runner-commands';
import { ctHuAt, ctPhantom, mrPhantom, mrValueAt, sampleStudy } from '../../src/sample-data/phantom.js';
import { lightbox } from './bundle.js';
import {
  afterRender,
  canvasCentre,
  expectedGrey,
  greyAt,
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

  it('shows which image could not be decoded, and keeps the others viewable', async () => {
    const { studyInstanceUid, seriesInstanceUid, corruptIndex, imageCount } = testServer.corruptSeries;
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
    stats = lightbox.getImagingStats();
    expect(stats).to.deep.equal({ renderingEngines: 0, viewports: 0, toolGroups: 0, cacheBytes: 0 });
  });
});
