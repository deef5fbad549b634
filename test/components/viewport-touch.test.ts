// <dicom-viewport> under real touch input (one, two and three fingers, by the DevTools protocol) and at a device
// pixel ratio of 2, where the canvas's backing store has twice the CSS size.
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { ctHuAt, ctPhantom, sampleStudy } from '../../src/sample-data/phantom.js';
import './bundle.js';
import { afterRender, canvasCentre, expectedGrey, greyAt, nextEvent, testServer, viewportFixture } from './viewport-helpers.js';

const [ctSeries] = sampleStudy.series;
const ct = { 'dicomweb-root': testServer.dicomwebRoot, study: sampleStudy.studyInstanceUid, series: ctSeries.seriesInstanceUid };

type Points = Array<[number, number]>;

async function touch(type: 'touchStart' | 'touchMove' | 'touchEnd', points: Points): Promise<void> {
  await executeServerCommand('send-touch', { type, points });
}

/** Fingers down at `from`, moved in `steps` even steps to `to` (one point a finger), then lifted. */
async function drag(from: Points, to: Points, steps = 6): Promise<void> {
  await touch('touchStart', from);
  for (let step = 1; step <= steps; step++) {
    await touch(
      'touchMove',
      from.map(([x, y], finger) => [Math.round(x + ((to[finger]![0] - x) * step) / steps), Math.round(y + ((to[finger]![1] - y) * step) / steps)]),
    );
  }
  await touch('touchEnd', []);
}

describe('<dicom-viewport> touch and device pixel ratio', () => {
  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-viewport')) element.remove();
  });

  it('one finger drives the tool: window/level by default, zoom when chosen', async () => {
    const element = await viewportFixture(ct, 256);
    await nextEvent(element, 'dicom-image-rendered');
    const [x, y] = canvasCentre(element);
    const changed = nextEvent(element, 'dicom-viewport-changed');
    await drag([[x, y]], [[x + 60, y + 80]]);
    expect((await changed).detail.windowWidth).to.not.equal(ctPhantom.windowWidth);
    await element.updateComplete;
    expect(element.windowWidth).to.not.equal(ctPhantom.windowWidth);
    expect(element.windowWidth).to.equal(element.getViewportState()!.windowWidth);
    expect(element.getViewportState()!.zoom).to.equal(1);
    element.setTool('zoom');
    await element.updateComplete;
    const width = element.windowWidth;
    await drag([[x, y]], [[x, y + 80]]);
    await afterRender();
    expect(element.getViewportState()!.zoom).to.not.equal(1);
    expect(element.windowWidth).to.equal(width);
  });

  it('two fingers pinch to zoom and move together to pan', async () => {
    const element = await viewportFixture(ct, 256);
    await nextEvent(element, 'dicom-image-rendered');
    const [x, y] = canvasCentre(element);
    const width = element.windowWidth;
    await drag(
      [[x - 30, y], [x + 30, y]],
      [[x - 90, y], [x + 90, y]],
    );
    await afterRender();
    const pinched = element.getViewportState()!;
    expect(pinched.zoom).to.be.above(1.5);
    expect(element.windowWidth, 'two fingers never window').to.equal(width);
    await drag(
      [[x - 30, y], [x + 30, y]],
      [[x - 30, y + 60], [x + 30, y + 60]],
    );
    await afterRender();
    const panned = element.getViewportState()!;
    // Moved along the fingers' vertical drag (pan is in Cornerstone's own units: only the axis is asserted).
    expect(Math.abs(panned.pan[1] - pinched.pan[1])).to.be.above(1);
    expect(Math.abs(panned.pan[0] - pinched.pan[0])).to.be.below(Math.abs(panned.pan[1] - pinched.pan[1]) / 4);
    expect(element.imageIndex, 'two fingers never scroll').to.equal(0);
  });

  it('three fingers scroll the stack', async () => {
    const element = await viewportFixture(ct, 256);
    await nextEvent(element, 'dicom-image-rendered');
    const [x, y] = canvasCentre(element);
    const width = element.windowWidth;
    const rendered = nextEvent(element, 'dicom-image-rendered');
    await drag(
      [[x - 40, y - 60], [x, y - 60], [x + 40, y - 60]],
      [[x - 40, y + 60], [x, y + 60], [x + 40, y + 60]],
    );
    expect((await rendered).detail.imageIndex).to.be.above(0);
    await afterRender();
    expect(element.imageIndex).to.be.above(0);
    expect(element.getViewportState()!.zoom).to.equal(1);
    expect(element.windowWidth).to.equal(width);
  });

  describe('at devicePixelRatio 2', () => {
    before(async () => {
      await executeServerCommand('set-device-pixel-ratio', { ratio: 2 });
    });
    after(async () => {
      await executeServerCommand('set-device-pixel-ratio', { ratio: 1 });
    });

    it('draws into a backing store of twice the CSS size, with the window\'s grey levels, and 1:1 is one device pixel', async () => {
      expect(devicePixelRatio).to.equal(2);
      const element = await viewportFixture(ct, 256);
      await nextEvent(element, 'dicom-image-rendered');
      await afterRender();
      const canvas = element.shadowRoot!.querySelector('canvas')!;
      expect([canvas.width, canvas.height]).to.deep.equal([512, 512]);
      expect(canvas.getBoundingClientRect().width).to.equal(256);
      for (const region of ['air', 'fat', 'water', 'bone', 'sliceMarker'] as const) {
        const [x, y] = ctPhantom.regions[region].centre;
        expect(greyAt(element, x, y, ctPhantom.columns, ctPhantom.rows), region).to.be.closeTo(expectedGrey(ctHuAt(x, y, 0), 40, 400), 2.5);
      }
      // 512 image pixels on 512 device pixels: fitted is already 1:1.
      element.actualSize();
      await afterRender();
      expect(element.getViewportState()!.zoom).to.be.closeTo(1, 0.02);
      await element.updateComplete;
      expect(element.shadowRoot!.querySelector('[part~="overlay-view"]')!.textContent).to.contain('Zoom: 100%');
    });
  });
});
