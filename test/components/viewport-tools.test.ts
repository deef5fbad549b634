// <dicom-viewport>: keyboard and mouse tools, presets, state, cine, overlays, errors, cache budget and teardown.
import { expect } from '@esm-bundle/chai';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import { ctHuAt, ctPhantom, mrPhantom, sampleStudy, secondStudy } from '../../src/sample-data/phantom.js';
import { lightbox } from './bundle.js';
import { afterRender, canvasCentre, expectedGrey, greyAt, heldCounts, messageText, nextEvent, testServer, viewportFixture, waitFor } from './viewport-helpers.js';

const [ctSeries, mrSeries] = sampleStudy.series;
const ct = { 'dicomweb-root': testServer.dicomwebRoot, study: sampleStudy.studyInstanceUid, series: ctSeries.seriesInstanceUid };
const mr = { ...ct, series: mrSeries.seriesInstanceUid };

function focusCanvas(element: HTMLElement): void {
  (element.shadowRoot!.querySelector('[part~="canvas"]') as HTMLElement).focus();
}

function partText(element: HTMLElement, part: string): string {
  return [...element.shadowRoot!.querySelectorAll(`[part~="${part}"]`)].map((node) => node.textContent!.replace(/\s+/g, ' ').trim()).join(' | ');
}

function waterGrey(element: HTMLElement): number {
  const [x, y] = ctPhantom.regions.water.centre;
  return greyAt(element as never, x, y, ctPhantom.columns, ctPhantom.rows);
}

describe('<dicom-viewport> tools, overlays, errors', () => {
  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-viewport')) element.remove();
  });

  it('scrolls with arrow, Page, Home and End keys, and reports it as user input', async () => {
    const element = await viewportFixture(ct, 256);
    await nextEvent(element, 'dicom-image-rendered');
    focusCanvas(element);
    const changes: number[] = [];
    element.addEventListener('dicom-viewport-changed', (event) => changes.push(event.detail.imageIndex));
    const press = async (key: string) => {
      const rendered = nextEvent(element, 'dicom-image-rendered');
      await sendKeys({ press: key });
      return (await rendered).detail.imageIndex;
    };
    expect(await press('ArrowDown')).to.equal(1);
    expect(await press('PageDown')).to.equal(11);
    expect(await press('ArrowUp')).to.equal(10);
    expect(await press('End')).to.equal(ctPhantom.slices - 1);
    expect(await press('Home')).to.equal(0);
    expect(changes).to.deep.equal([1, 11, 10, ctPhantom.slices - 1, 0]);
    expect(element.imageIndex).to.equal(0);
  });

  it('starts at image-index and scrolls when it is set', async () => {
    const element = await viewportFixture({ ...ct, 'image-index': '7' }, 256);
    expect((await nextEvent(element, 'dicom-image-rendered')).detail.imageIndex).to.equal(7);
    const rendered = nextEvent(element, 'dicom-image-rendered');
    element.setAttribute('image-index', '12');
    expect((await rendered).detail.imageIndex).to.equal(12);
    await afterRender();
    const [x, y] = ctPhantom.regions.sliceMarker.centre;
    expect(greyAt(element, x, y, ctPhantom.columns, ctPhantom.rows)).to.be.closeTo(expectedGrey(ctHuAt(x, y, 12), 40, 400), 2.5);
  });

  it('applies the CT presets by attribute and by number keys', async () => {
    const element = await viewportFixture({ ...ct, preset: 'lung' }, 256);
    await nextEvent(element, 'dicom-image-rendered');
    await element.updateComplete;
    expect(element.presets.slice(0, 7).map((preset) => preset.id)).to.deep.equal(['soft-tissue', 'lung', 'bone', 'brain', 'abdomen', 'liver', 'mediastinum']);
    expect([element.windowCenter, element.windowWidth]).to.deep.equal([-600, 1500]);
    await afterRender();
    expect(waterGrey(element)).to.be.closeTo(expectedGrey(0, -600, 1500), 2.5);
    focusCanvas(element);
    const changed = nextEvent(element, 'dicom-viewport-changed');
    await sendKeys({ press: '3' }); // bone
    expect((await changed).detail).to.include({ windowCenter: 400, windowWidth: 1800 });
    expect(element.preset).to.equal('bone');
    await afterRender();
    expect(waterGrey(element)).to.be.closeTo(expectedGrey(0, 400, 1800), 2.5);
  });

  it('zooms, rotates, flips, inverts and resets from the keyboard; the state round-trips', async () => {
    const element = await viewportFixture(ct, 256);
    await nextEvent(element, 'dicom-image-rendered');
    focusCanvas(element);
    for (const key of ['+', 'r']) await sendKeys({ press: key });
    expect(element.getViewportState()!.rotation).to.equal(90);
    for (const key of ['h', 'i']) await sendKeys({ press: key });
    await afterRender();
    const state = element.getViewportState()!;
    expect(state.zoom).to.be.closeTo(1.25, 0.01);
    expect(state.flipHorizontal).to.equal(true);
    expect(state.invert).to.equal(true);
    expect(element.invert).to.equal(true);
    // Inverted: water (mid grey under W400/L40) shows as 255 minus its grey; the image centre is water and stays put.
    expect(greyAt(element, 256, 256, ctPhantom.columns, ctPhantom.rows)).to.be.closeTo(255 - expectedGrey(0, 40, 400), 3);
    await sendKeys({ press: 'Escape' });
    await afterRender();
    expect(element.getViewportState()).to.include({ zoom: 1, rotation: 0, flipHorizontal: false, invert: false });
    element.setViewportState(state);
    await element.updateComplete;
    await afterRender();
    expect(element.getViewportState()).to.deep.include({ zoom: state.zoom, rotation: state.rotation, flipHorizontal: true, invert: true });
  });

  it('zooms to one image pixel a device pixel and back to fit', async () => {
    const element = await viewportFixture(ct, 256);
    await nextEvent(element, 'dicom-image-rendered');
    element.actualSize();
    await afterRender();
    // 512 image pixels in a 256-pixel canvas fit at 0.5 screen pixels each: 1:1 is twice the fitted zoom.
    const canvas = element.shadowRoot!.querySelector('canvas')!;
    expect(element.getViewportState()!.zoom).to.be.closeTo(ctPhantom.columns / Math.min(canvas.width, canvas.height), 0.02);
    expect(partText(element, 'overlay-view')).to.contain('Zoom: 100%');
    element.fitToWindow();
    await afterRender();
    expect(element.getViewportState()!.zoom).to.equal(1);
  });

  it('takes an empty or sub-1 window attribute as unset: the header window shows', async () => {
    for (const [center, width] of [['', ''], ['0', '0']] as const) {
      const element = await viewportFixture({ ...ct, 'window-center': center, 'window-width': width }, 128);
      await nextEvent(element, 'dicom-image-rendered');
      await element.updateComplete;
      expect([element.windowCenter, element.windowWidth], `window-center="${center}" window-width="${width}"`).to.deep.equal([40, 400]);
      expect(partText(element, 'overlay-view')).to.contain('W: 400 L: 40');
      element.remove();
    }
  });

  it('gives the left button to the tool attribute: zoom on a left drag', async () => {
    const element = await viewportFixture({ ...ct, tool: 'zoom' }, 256);
    await nextEvent(element, 'dicom-image-rendered');
    const before = { center: element.windowCenter };
    const [x, y] = canvasCentre(element);
    const changed = nextEvent(element, 'dicom-viewport-changed');
    await sendMouse({ type: 'move', position: [x, y] });
    await sendMouse({ type: 'down', button: 'left' });
    await sendMouse({ type: 'move', position: [x, y + 40] });
    await sendMouse({ type: 'move', position: [x, y + 80] });
    await sendMouse({ type: 'up', button: 'left' });
    expect((await changed).detail.zoom).to.not.equal(1);
    expect(element.windowCenter).to.equal(before.center);
    element.setTool('window-level');
    await element.updateComplete;
    await sendMouse({ type: 'down', button: 'left' });
    await sendMouse({ type: 'move', position: [x + 60, y + 120] });
    await sendMouse({ type: 'up', button: 'left' });
    expect(element.windowCenter).to.not.equal(before.center);
  });

  it('plays and pauses cine', async () => {
    const element = await viewportFixture({ ...ct, fps: '30' }, 128);
    await nextEvent(element, 'dicom-image-rendered');
    const seen = new Set<number>();
    element.addEventListener('dicom-image-rendered', (event) => seen.add(event.detail.imageIndex));
    element.play();
    expect(element.playing).to.equal(true);
    await waitFor(() => seen.size >= 5, 'five frames of cine');
    element.pause();
    expect(element.playing).to.equal(false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stoppedAt = element.imageIndex;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(element.imageIndex).to.equal(stoppedAt);
  });

  it('shows the header overlays, orientation markers and a scale bar, live; no-overlay hides them', async () => {
    const element = await viewportFixture(ct, 512);
    await nextEvent(element, 'dicom-image-rendered');
    await element.updateComplete;
    expect(partText(element, 'overlay-patient')).to.equal('Lightbox, Phantom LB-0001 Jan 1, 1980 O');
    expect(partText(element, 'overlay-study')).to.equal('Jan 15, 2026 Lightbox phantom CT and MR Se: 1 CT phantom axial');
    expect(partText(element, 'overlay-image')).to.equal(`Im: 1 / ${ctPhantom.slices} Loc: -150 mm Thk: 2.5 mm`);
    // Axial, head-first supine: the patient's right on the screen's left, anterior at the top.
    const markers = () => Object.fromEntries([...element.shadowRoot!.querySelectorAll('[part~="orientation"]')].map((node) => [(node as HTMLElement).dataset.edge, node.textContent]));
    expect(markers()).to.deep.equal({ top: 'A', bottom: 'P', left: 'R', right: 'L' });
    // The 358 mm wide image spans 512 px: a quarter of the width holds 50 mm at most, so the bar says 5 cm.
    expect(partText(element, 'scale-bar')).to.equal('5 cm');
    // The bottom marker and the scale bar's label share the bottom centre: neither hides the other.
    const bottomMarker = element.shadowRoot!.querySelector('[data-edge="bottom"]')!.getBoundingClientRect();
    const scaleLabel = element.shadowRoot!.querySelector('.scale-bar__label')!.getBoundingClientRect();
    expect(bottomMarker.bottom <= scaleLabel.top || bottomMarker.top >= scaleLabel.bottom, 'the bottom marker clears the scale-bar label').to.equal(true);
    expect(element.shadowRoot!.querySelector('[part~="lossy"]')).to.equal(null);
    element.rotate(90);
    await element.updateComplete;
    expect(markers()).to.deep.equal({ top: 'R', bottom: 'L', left: 'P', right: 'A' });
    const rendered = nextEvent(element, 'dicom-image-rendered');
    element.scrollToImage(4);
    await rendered;
    await element.updateComplete;
    expect(partText(element, 'overlay-image')).to.equal(`Im: 5 / ${ctPhantom.slices} Loc: -140 mm Thk: 2.5 mm`);
    element.hideOverlays = 'patient orientation';
    await element.updateComplete;
    expect(partText(element, 'overlay-patient')).to.equal('');
    expect(markers()).to.deep.equal({});
    expect(partText(element, 'overlay-study')).to.not.equal('');
    element.noOverlay = true;
    await element.updateComplete;
    expect(element.shadowRoot!.querySelectorAll('[part~="overlay"]').length).to.equal(0);
  });

  it('marks a lossy compressed image LOSSY', async () => {
    const fixture = testServer.variantFixtures.find((candidate) => candidate.name === 'mono2-u16/jpeg2000-lossy')!;
    const element = await viewportFixture({ 'dicomweb-root': testServer.dicomwebRoot, study: fixture.studyInstanceUid, series: fixture.seriesInstanceUid }, 256);
    await nextEvent(element, 'dicom-image-rendered');
    await element.updateComplete;
    expect(partText(element, 'lossy')).to.equal('LOSSY');
  });

  it('says which image failed and why for 401, 403, 5xx, a dropped connection, an unsupported syntax and a truncated frame; the rest stay viewable', async () => {
    const { studyInstanceUid, seriesInstanceUid, imageCount, faults } = testServer.faultySeries;
    const element = await viewportFixture({ 'dicomweb-root': testServer.dicomwebRoot, study: studyInstanceUid, series: seriesInstanceUid }, 256);
    const errors: Array<{ kind: string; imageIndex?: number; status?: number; sopInstanceUid?: string }> = [];
    element.addEventListener('dicom-error', (event) => errors.push(event.detail));
    await nextEvent(element, 'dicom-image-rendered');
    expect(element.imageCount).to.equal(imageCount);
    for (const fault of faults) {
      element.scrollToImage(fault.imageIndex);
      await waitFor(() => errors.some((error) => error.imageIndex === fault.imageIndex), `the error of image ${fault.imageIndex}`);
      const error = errors.find((candidate) => candidate.imageIndex === fault.imageIndex)!;
      expect(error.kind, `image ${fault.imageIndex}`).to.equal(fault.kind);
      if (fault.status) expect(error.status).to.equal(fault.status);
      expect(error.sopInstanceUid).to.be.a('string');
      await element.updateComplete;
      expect(messageText(element)).to.contain(`Image ${fault.imageIndex + 1} of ${imageCount}:`);
      if (fault.kind === 'unsupported') expect(messageText(element)).to.contain('1.2.840.10008.1.2.4.92');
    }
    const truncated = faults.find((fault) => fault.kind === 'decode')!;
    // The last fault's message is the one on screen: the decoded size against the header's.
    expect(messageText(element)).to.contain(`Image ${truncated.imageIndex + 1} of ${imageCount}: The image could not be decoded: the decoded frame has 131072 samples where a 512×512 image of 1 sample a pixel needs 262144`);
    const rendered = nextEvent(element, 'dicom-image-rendered');
    element.scrollToImage(0);
    expect((await rendered).detail.imageIndex).to.equal(0);
    await element.updateComplete;
    expect(messageText(element)).to.equal('');
  });

  it('given a study alone, passes over a first series with nothing to show (series 0 here) to the next one', async () => {
    const { studyInstanceUid, imageSeriesInstanceUid } = testServer.studyWithoutImagesFirst;
    const errors: unknown[] = [];
    const element = await viewportFixture({ 'dicomweb-root': testServer.dicomwebRoot, study: studyInstanceUid }, 256);
    element.addEventListener('dicom-error', (event) => errors.push(event.detail));
    await nextEvent(element, 'dicom-image-rendered');
    expect(element.shownSeries).to.equal(imageSeriesInstanceUid);
    expect(element.imageCount).to.equal(secondStudy.series[0].instanceCount);
    expect(errors).to.deep.equal([]);
    await element.updateComplete;
    expect(messageText(element)).to.equal('');
  });

  it('honours cache-mb: the cache holds no more than the budget while the series loads', async () => {
    const element = await viewportFixture({ ...ct, 'cache-mb': '8' }, 128);
    let largest = 0;
    element.addEventListener('dicom-load-progress', () => (largest = Math.max(largest, lightbox.getImagingStats().cacheBytes)));
    await waitFor(() => element.shadowRoot!.querySelector('[part~="progress"]') === null && element.imageCount > 0, 'the series loaded', 60_000);
    expect(largest).to.be.above(0);
    expect(largest).to.be.at.most(8 * 1024 * 1024);
    // Every slice was loaded at some point, and the shown image is still on screen.
    expect(waterGrey(element)).to.be.closeTo(expectedGrey(0, 40, 400), 2.5);
  });

  // The element keeps dozens of frame requests of the stack in flight (stack-frame-retrieval.ts); a switch aborts
  // them. The test server answers the CT's frames slowly meanwhile, so that they are in flight whatever the
  // machine's speed.
  it('drops the old series\' queued and in-flight requests when switched to another', async () => {
    const serverOrigin = new URL(testServer.dicomwebRoot).origin;
    const slowFrames = (ms: number) => fetch(`${serverOrigin}/__test/slow-frames?series=${ctSeries.seriesInstanceUid}&ms=${ms}`, { method: 'POST' });
    await slowFrames(300);
    try {
      const element = await viewportFixture(ct, 128);
      await nextEvent(element, 'dicom-image-rendered');
      const switchedAt = performance.now();
      const rendered = nextEvent(element, 'dicom-image-rendered');
      element.series = mrSeries.seriesInstanceUid;
      await rendered;
      await new Promise((resolve) => setTimeout(resolve, 1500));
      // Chromium lists aborted requests too, answered with status 0: count the CT frames the server sent after the
      // switch. Had the old series' requests gone on, the 6 connections would deliver one every 50 ms (about 30
      // in this wait); what may still arrive is at most what the connections were already carrying.
      const answeredAfterSwitch = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter(
        (entry) =>
          entry.name.includes(ctSeries.seriesInstanceUid) && entry.name.includes('/frames/') && entry.responseStatus !== 0 && entry.responseEnd > switchedAt,
      );
      expect(answeredAfterSwitch.length).to.be.at.most(6);
      expect(element.imageCount).to.equal(mrPhantom.slices);
    } finally {
      await slowFrames(0);
    }
  });

  it('works inside another shadow root, in a scrolled page and in a resized container', async () => {
    const host = document.createElement('div');
    host.style.marginTop = '1500px';
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    const element = document.createElement('dicom-viewport');
    Object.assign(element, { dicomwebRoot: testServer.dicomwebRoot, study: ct.study, series: ct.series });
    element.style.cssText = 'width: 300px; height: 300px';
    root.append(element);
    await nextEvent(element, 'dicom-image-rendered');
    window.scrollTo(0, 1400);
    await afterRender();
    const rendered = nextEvent(element, 'dicom-image-rendered');
    const [x, y] = canvasCentre(element);
    await sendMouse({ type: 'move', position: [x, y] });
    await sendMouse({ type: 'down', button: 'left' });
    await sendMouse({ type: 'move', position: [x + 40, y + 40] });
    await sendMouse({ type: 'up', button: 'left' });
    expect(element.windowWidth).to.not.equal(400);
    element.style.width = '500px';
    element.style.height = '200px';
    await waitFor(() => element.shadowRoot!.querySelector('canvas')!.width === Math.round(500 * devicePixelRatio), 'the canvas resized');
    element.scrollToImage(3);
    await rendered;
    await afterRender();
    const [wx, wy] = ctPhantom.regions.water.centre;
    expect(greyAt(element, wx, wy, ctPhantom.columns, ctPhantom.rows)).to.be.closeTo(expectedGrey(0, element.windowCenter!, element.windowWidth!), 2.5);
    host.remove();
    window.scrollTo(0, 0);
  });

  it('frees everything after 50 add/remove rounds', async () => {
    for (let round = 0; round < 50; round += 1) {
      const element = await viewportFixture(round % 2 ? mr : ct, 64);
      await nextEvent(element, 'dicom-image-rendered');
      element.remove();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heldCounts(lightbox.getImagingStats())).to.deep.equal([]);
  });
});
