// <dicom-viewport> across series: what it shows belongs to the series and image it names; each series opens as
// its own; loading always ends; stack order and numbering; keyboard reach; layout; header-derived overlays.
import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import { ctPhantom, mrPhantom, sampleStudy } from '../../src/sample-data/phantom.js';
import './bundle.js';
import {
  afterRender,
  cornerstoneMetaData,
  expectedGrey,
  greyAt,
  messageText,
  nextEvent,
  partText,
  testServer,
  viewportFixture,
  waitFor,
} from './viewport-helpers.js';
import type { DicomViewport } from '../../src/components/viewport/viewport.component.js';

const [ctSeries, mrSeries] = sampleStudy.series;
const root = testServer.dicomwebRoot;
const ct = { 'dicomweb-root': root, study: sampleStudy.studyInstanceUid, series: ctSeries.seriesInstanceUid };
const fixtures = testServer.viewportFixtures;
const sliceMarker = ctPhantom.regions.sliceMarker.centre;

function ctGrey(element: DicomViewport, region: keyof typeof ctPhantom.regions): number {
  const [x, y] = ctPhantom.regions[region].centre;
  return greyAt(element, x, y, ctPhantom.columns, ctPhantom.rows);
}

function canvasPart(element: DicomViewport): HTMLElement {
  return element.shadowRoot!.querySelector('[part~="canvas"]') as HTMLElement;
}

/** Whether any of the element's image is on screen: the canvas is visible and holds a lit pixel. */
function showsAnyImage(element: DicomViewport): boolean {
  const canvas = element.shadowRoot!.querySelector('canvas');
  if (!canvas || getComputedStyle(canvas).visibility === 'hidden' || getComputedStyle(canvas).display === 'none') return false;
  const { data } = canvas.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, canvas.width, canvas.height);
  for (let i = 0; i < data.length; i += 4) if (data[i]! > 8 || data[i + 1]! > 8 || data[i + 2]! > 8) return true;
  return false;
}

async function slowFrames(series: string, ms: number): Promise<void> {
  await fetch(`${new URL(root).origin}/__test/slow-frames?series=${encodeURIComponent(series)}&ms=${ms}`, { method: 'POST' });
}

describe('<dicom-viewport> across series', () => {
  afterEach(async () => {
    for (const element of document.querySelectorAll('dicom-viewport')) element.remove();
    await slowFrames('', 0);
  });

  describe('shows only the series and image it names', () => {
    it('clears the previous series\' image when the next one fails, and reads out nothing', async () => {
      const element = await viewportFixture(ct, 256);
      await nextEvent(element, 'dicom-image-rendered');
      await afterRender();
      expect(ctGrey(element, 'bone')).to.be.above(100);
      const failed = nextEvent(element, 'dicom-error');
      element.series = '1.2.3.4.5.404';
      expect((await failed).detail.status).to.equal(404);
      await element.updateComplete;
      await afterRender();
      expect(messageText(element)).to.match(/not found/i);
      expect(showsAnyImage(element), 'the old image behind the error').to.equal(false);
      expect(element.getImageData()).to.equal(undefined);
      expect(element.getPixelValue(346, 256)).to.equal(undefined);
    });

    it('shows and reads out nothing of the previous series while the next one loads', async () => {
      const element = await viewportFixture(ct, 256);
      await nextEvent(element, 'dicom-image-rendered');
      expect(element.getPixelValue(346, 256)).to.equal(1000);
      await slowFrames(mrSeries.seriesInstanceUid, 3000);
      const rendered = nextEvent(element, 'dicom-image-rendered');
      element.series = mrSeries.seriesInstanceUid;
      await element.updateComplete;
      await waitFor(() => element.imageCount === mrPhantom.slices, 'the MR\'s metadata');
      await afterRender();
      expect(showsAnyImage(element), 'the CT while the MR loads').to.equal(false);
      expect(element.getImageData()).to.equal(undefined);
      expect(element.getPixelValue(346, 256)).to.equal(undefined);
      await rendered;
      await afterRender();
      expect(showsAnyImage(element)).to.equal(true);
      expect(element.getImageData()?.rows).to.equal(mrPhantom.rows);
    });

    it('scrolls through decoded images without hiding the canvas, the number changing with the image', async () => {
      const element = await viewportFixture(ct, 256);
      const loaded = new Promise<void>((resolve) =>
        element.addEventListener('dicom-load-progress', ({ detail }) => detail.loaded + detail.failed >= detail.total && resolve()),
      );
      await nextEvent(element, 'dicom-image-rendered');
      await loaded;
      await afterRender();
      let hidden = 0;
      const observer = new MutationObserver(() => (hidden += canvasPart(element).classList.contains('canvas--blank') ? 1 : 0));
      observer.observe(canvasPart(element), { attributes: true, attributeFilter: ['class'] });
      // Each image as it comes on screen carries its own number (Instance Number = position + 1 in the phantom).
      const mismatches: string[] = [];
      element.addEventListener('dicom-image-rendered', ({ detail }) =>
        // The overlays follow in the same update, before the frame is painted.
        void element.updateComplete.then(() => {
          const text = partText(element, 'overlay-image');
          if (!text.includes(`Im: ${detail.imageIndex + 1} /`)) mismatches.push(`${detail.imageIndex}: ${text}`);
        }),
      );
      for (let step = 1; step <= 20; step++) {
        element.scrollToImage(step);
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
      await waitFor(() => element.imageIndex === 20 && partText(element, 'overlay-image').includes('Im: 21 /'), 'the last image');
      observer.disconnect();
      expect(hidden, 'times the canvas was hidden while scrolling decoded images').to.equal(0);
      expect(mismatches).to.deep.equal([]);
      expect(element.getPixelValue(...sliceMarker)).to.not.equal(undefined);
    });

    it('reads out nothing, and hides the previous image, when the image asked for fails', async () => {
      const { studyInstanceUid, seriesInstanceUid, corruptIndex } = testServer.corruptSeries;
      const element = await viewportFixture({ 'dicomweb-root': root, study: studyInstanceUid, series: seriesInstanceUid }, 256);
      await nextEvent(element, 'dicom-image-rendered');
      expect(element.getImageData()).to.not.equal(undefined);
      const failed = nextEvent(element, 'dicom-error');
      element.scrollToImage(corruptIndex);
      await failed;
      await element.updateComplete;
      await afterRender();
      expect(showsAnyImage(element)).to.equal(false);
      expect(element.getImageData()).to.equal(undefined);
      expect(element.getPixelValue(10, 10)).to.equal(undefined);
    });
  });

  describe('opens each series as its own', () => {
    it('opens another series at its first image, fitted, with its own header window', async () => {
      const element = await viewportFixture(ct, 256);
      await nextEvent(element, 'dicom-image-rendered');
      element.scrollToImage(30);
      await waitFor(() => element.getViewportState()?.imageIndex === 30, 'image 30');
      element.setViewportState({ zoom: 2.5, pan: [20, 10], rotation: 90, windowCenter: 500, windowWidth: 100 });
      await element.updateComplete;
      const rendered = nextEvent(element, 'dicom-image-rendered');
      element.series = mrSeries.seriesInstanceUid;
      expect((await rendered).detail.imageIndex).to.equal(0);
      await afterRender();
      expect(element.imageIndex).to.equal(0);
      const state = element.getViewportState()!;
      expect(state).to.include({ imageIndex: 0, zoom: 1, rotation: 0, flipHorizontal: false, flipVertical: false });
      expect(state.pan).to.deep.equal([0, 0]);
      expect(element.windowCenter).to.be.closeTo(mrPhantom.windowCenter, 0.5);
      expect(element.windowWidth).to.be.closeTo(mrPhantom.windowWidth, 1);
      const [x, y] = mrPhantom.regionList[1]!.centre;
      expect(greyAt(element, x, y, mrPhantom.columns, mrPhantom.rows)).to.be.above(8);
    });

    it('opens at the image asked for with the series, and carries a state set on purpose while it loads', async () => {
      const element = await viewportFixture(ct, 256);
      await nextEvent(element, 'dicom-image-rendered');
      element.scrollToImage(40);
      await waitFor(() => element.getViewportState()?.imageIndex === 40, 'image 40');
      let rendered = nextEvent(element, 'dicom-image-rendered');
      element.series = mrSeries.seriesInstanceUid;
      element.imageIndex = 5;
      expect((await rendered).detail.imageIndex).to.equal(5);
      rendered = nextEvent(element, 'dicom-image-rendered');
      element.series = ctSeries.seriesInstanceUid;
      element.setViewportState({ imageIndex: 12, zoom: 2, rotation: 180 });
      expect((await rendered).detail.imageIndex).to.equal(12);
      await afterRender();
      expect(element.getViewportState()).to.include({ imageIndex: 12, zoom: 2, rotation: 180 });
    });
  });

  describe('always ends loading', () => {
    it('shows a secondary capture without Modality or Image Orientation', async () => {
      const { studyInstanceUid, seriesInstanceUid } = fixtures.withoutModality;
      const element = await viewportFixture({ 'dicomweb-root': root, study: studyInstanceUid, series: seriesInstanceUid }, 256);
      const errors: string[] = [];
      element.addEventListener('dicom-error', (event) => errors.push(event.detail.message));
      await nextEvent(element, 'dicom-image-rendered', 40_000);
      await afterRender();
      expect(errors).to.deep.equal([]);
      expect(messageText(element)).to.equal('');
      expect(element.getPixelValue(346, 256)).to.equal(1000);
      expect(ctGrey(element, 'bone')).to.be.above(ctGrey(element, 'water') + 100);
    });

    it('ends in an image or a dicom-error when Cornerstone\'s metadata throws while showing, never in silence', async () => {
      const metaData = await cornerstoneMetaData();
      // A series no later test opens: Cornerstone may ask for its metadata again while the element is removed.
      const seriesInstanceUid = mrSeries.seriesInstanceUid;
      const message = 'injected metadata failure';
      const injected = (type: string, imageId: string) => {
        // Only where Cornerstone's stack viewport puts a loaded image on screen (its method names survive the
        // bundling): the image loads, and showing it fails inside Cornerstone's promise chain, which then neither
        // draws nor reports anything, as with a provider that throws on an image without Modality.
        if (typeof imageId === 'string' && imageId.includes(seriesInstanceUid) && /_updateActorToDisplayImageId|_addImageActor/.test(new Error().stack ?? '')) {
          throw new TypeError(`${message} (${type})`);
        }
        return undefined;
      };
      // Cornerstone calls the provider from its event listeners too, where a throw is the page's uncaught error:
      // that one is expected here, and must not fail the test through mocha's window.onerror.
      const mochaOnError = window.onerror;
      window.onerror = (event, ...rest) => (String(event).includes(message) ? true : mochaOnError?.call(window, event, ...rest));
      metaData.addProvider(injected, 100_000);
      try {
        const element = await viewportFixture({ 'dicomweb-root': root, study: sampleStudy.studyInstanceUid, series: seriesInstanceUid }, 256);
        // An image or an error, whichever comes: both end the loading; silence is the failure.
        const outcome = await Promise.race([
          nextEvent(element, 'dicom-image-rendered', 55_000).then(() => 'image' as const),
          nextEvent(element, 'dicom-error', 55_000).then((event) => event.detail),
        ]);
        await element.updateComplete;
        await afterRender();
        if (outcome === 'image') {
          expect(showsAnyImage(element)).to.equal(true);
          expect(element.getImageData()?.rows).to.equal(mrPhantom.rows);
        } else {
          expect(outcome.imageIndex, 'the series failed, not one image').to.equal(undefined);
          expect(messageText(element)).to.match(/could not be shown/);
          expect(element.shadowRoot!.querySelector('[part~="message"]')?.getAttribute('role')).to.equal('alert');
        }
        expect(messageText(element)).to.not.match(/Loading/);
        element.remove();
      } finally {
        metaData.removeProvider(injected);
        window.onerror = mochaOnError;
      }
    });
  });

  describe('stack order and numbering', () => {
    it('keeps the scanner\'s order head→feet and shows the instance number', async () => {
      const { studyInstanceUid, seriesInstanceUid, sliceOfInstance, firstInstanceNumber } = fixtures.numberedHeadFirst;
      const element = await viewportFixture({ 'dicomweb-root': root, study: studyInstanceUid, series: seriesInstanceUid }, 256);
      await nextEvent(element, 'dicom-image-rendered');
      await element.updateComplete;
      const [x, y] = sliceMarker;
      expect(element.getPixelValue(x, y)).to.equal(10 * sliceOfInstance[0]!);
      expect(partText(element, 'overlay-image')).to.contain(`Im: ${firstInstanceNumber} / 5`);
      const rendered = nextEvent(element, 'dicom-image-rendered');
      element.scrollToImage(3);
      await rendered;
      await element.updateComplete;
      expect(element.getPixelValue(x, y)).to.equal(10 * sliceOfInstance[3]!);
      expect(partText(element, 'overlay-image')).to.contain(`Im: ${firstInstanceNumber + 3} / 5`);
    });

    it('keeps the scanner\'s order feet→head', async () => {
      const { studyInstanceUid, seriesInstanceUid, sliceOfInstance } = fixtures.numberedFeetFirst;
      const element = await viewportFixture({ 'dicomweb-root': root, study: studyInstanceUid, series: seriesInstanceUid }, 256);
      await nextEvent(element, 'dicom-image-rendered');
      await element.updateComplete;
      const [x, y] = sliceMarker;
      expect(element.getPixelValue(x, y)).to.equal(10 * sliceOfInstance[0]!);
      expect(partText(element, 'overlay-image')).to.contain('Im: 1 / 5');
    });

    it('shows the frame number of a multi-frame instance', async () => {
      const fixture = testServer.variantFixtures.find((candidate) => candidate.name === 'multiframe-u16/explicit-le')!;
      const element = await viewportFixture({ 'dicomweb-root': root, study: fixture.studyInstanceUid, series: fixture.seriesInstanceUid }, 256);
      await nextEvent(element, 'dicom-image-rendered');
      const rendered = nextEvent(element, 'dicom-image-rendered');
      element.scrollToImage(2);
      await rendered;
      await element.updateComplete;
      expect(partText(element, 'overlay-image')).to.match(new RegExp(`Fr: 3 / ${element.imageCount}`));
    });
  });

  describe('keyboard', () => {
    it('is reached by Tab, named by what it shows, and takes the keys without a click', async () => {
      const before = document.createElement('button');
      before.textContent = 'before';
      document.body.append(before);
      try {
        const element = await viewportFixture(ct, 256);
        await nextEvent(element, 'dicom-image-rendered');
        await element.updateComplete;
        before.focus();
        await sendKeys({ press: 'Tab' });
        expect(element.shadowRoot!.activeElement).to.equal(canvasPart(element));
        const label = canvasPart(element).getAttribute('aria-label') ?? '';
        expect(label).to.contain('Lightbox, Phantom');
        expect(label).to.contain(ctSeries.seriesDescription);
        expect(label).to.contain(`Image 1 of ${ctPhantom.slices}`);
        const rendered = nextEvent(element, 'dicom-image-rendered');
        await sendKeys({ press: 'ArrowDown' });
        expect((await rendered).detail.imageIndex).to.equal(1);
      } finally {
        before.remove();
      }
    });
  });

  describe('layout', () => {
    it('refits when the limiting side changes, unless the user zoomed', async () => {
      const element = await viewportFixture(ct, 256);
      element.style.width = '512px';
      element.style.height = '256px';
      await nextEvent(element, 'dicom-image-rendered');
      await afterRender();
      element.style.width = '256px';
      element.style.height = '512px';
      await waitFor(() => element.shadowRoot!.querySelector('canvas')!.height > element.shadowRoot!.querySelector('canvas')!.width, 'the canvas resized');
      await new Promise((resolve) => setTimeout(resolve, 100));
      await afterRender();
      const state = element.getViewportState()!;
      // Fitted and centred again: each region where the fitted image puts it, with its value.
      for (const region of ['fat', 'bone', 'air'] as const) {
        expect(ctGrey(element, region), region).to.be.closeTo(expectedGrey(ctPhantom.regions[region].value, state.windowCenter, state.windowWidth), 2.5);
      }
    });

    it('keeps zoom, pan, rotation and image when removed and appended again', async () => {
      const element = await viewportFixture(ct, 256);
      await nextEvent(element, 'dicom-image-rendered');
      element.setViewportState({ imageIndex: 9, zoom: 1.5, pan: [12, -8], rotation: 90, flipHorizontal: true });
      await waitFor(() => element.getViewportState()?.imageIndex === 9, 'image 9');
      const saved = element.getViewportState()!;
      element.remove();
      const rendered = nextEvent(element, 'dicom-image-rendered');
      document.body.append(element);
      await rendered;
      await afterRender();
      const restored = element.getViewportState()!;
      expect(restored).to.include({ imageIndex: 9, rotation: 90, flipHorizontal: true });
      expect(restored.zoom).to.be.closeTo(saved.zoom, 1e-6);
      expect(restored.pan[0]).to.be.closeTo(saved.pan[0], 1e-6);
      expect(restored.pan[1]).to.be.closeTo(saved.pan[1], 1e-6);
    });

    for (const width of [300, 220]) {
      it(`keeps the overlay lines apart at ${width} px`, async () => {
        const element = await viewportFixture(ct, width);
        await nextEvent(element, 'dicom-image-rendered');
        await element.updateComplete;
        await afterRender();
        // Each line of text, and the scale bar itself (its label is a line of its own).
        const lines = [...element.shadowRoot!.querySelectorAll('[part~="overlay"]')].flatMap((node) => {
          const children = [...node.children].filter((child) => child.textContent!.trim() !== '');
          if (node.matches('[part~="scale-bar"]')) return [node, ...children];
          return children.length > 0 ? children : [node];
        });
        const boxes = lines
          .map((line) => ({ text: line.textContent!.trim(), rect: line.getBoundingClientRect() }))
          .filter(({ rect }) => rect.width > 0 && rect.height > 0);
        expect(boxes.length).to.be.above(3);
        const host = element.getBoundingClientRect();
        for (const [i, a] of boxes.entries()) {
          expect(a.rect.left, `${a.text} inside`).to.be.at.least(host.left - 0.5);
          expect(a.rect.right, `${a.text} inside`).to.be.at.most(host.right + 0.5);
          for (const b of boxes.slice(i + 1)) {
            const overlap = a.rect.left < b.rect.right - 0.5 && b.rect.left < a.rect.right - 0.5 && a.rect.top < b.rect.bottom - 0.5 && b.rect.top < a.rect.bottom - 0.5;
            expect(overlap, `"${a.text}" and "${b.text}" overlap`).to.equal(false);
          }
        }
        // The image number and the window stay, whatever else gives way.
        expect(partText(element, 'overlay-image')).to.match(/Im: 1 \//);
        expect(partText(element, 'overlay-view')).to.match(/W: 400 L: 40/);
      });
    }
  });

  describe('header-derived overlays', () => {
    it('marks LOSSY from the transfer syntax when the header does not say so', async () => {
      const { studyInstanceUid, seriesInstanceUid } = fixtures.lossyUnmarked;
      const element = await viewportFixture({ 'dicomweb-root': root, study: studyInstanceUid, series: seriesInstanceUid }, 256);
      await nextEvent(element, 'dicom-image-rendered');
      await element.updateComplete;
      expect(partText(element, 'lossy')).to.equal('LOSSY');
    });

    it('puts orientation markers from Patient Orientation on a radiograph, and turns them with the image', async () => {
      const { studyInstanceUid, seriesInstanceUid } = fixtures.projection;
      const element = await viewportFixture({ 'dicomweb-root': root, study: studyInstanceUid, series: seriesInstanceUid }, 256);
      await nextEvent(element, 'dicom-image-rendered');
      await element.updateComplete;
      const markers = () =>
        Object.fromEntries([...element.shadowRoot!.querySelectorAll('[part~="orientation"]')].map((node) => [node.getAttribute('data-edge'), node.textContent!.trim()]));
      expect(markers()).to.deep.equal({ top: 'H', bottom: 'F', left: 'R', right: 'L' });
      element.rotate(90);
      await element.updateComplete;
      expect(markers()).to.deep.equal({ top: 'R', bottom: 'L', left: 'F', right: 'H' });
    });
  });
});
