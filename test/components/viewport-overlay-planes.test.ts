// <dicom-viewport> draws an image's overlay planes (60xx) from their bulk data, over the image pixels they name,
// following flips and rotation; hide-overlays, no-overlay and the `o` key hide them.
import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import type { DicomViewport } from '../../src/components/viewport/viewport.component.js';
import './bundle.js';
import { afterRender, nextEvent, testServer, viewportFixture, waitFor } from './viewport-helpers.js';

const { withOverlayPlane, withoutModality } = testServer.viewportFixtures;
const { overlay } = withOverlayPlane;
/** The fixture CT's size; the element is as large, so the fitted image spans it one CSS pixel an image pixel. */
const imageSize = 512;
const green = [0, 255, 0, 255];
const transparent = [0, 0, 0, 0];

/** The image pixel (x, y) of a pixel of the plane (row, column 0-based). */
const imagePixelOf = (row: number, column: number): [number, number] => [overlay.origin[1] - 1 + column, overlay.origin[0] - 1 + row];
/**
 * A pixel of the filled block in the plane's top-left corner (where the flipped or rotated plane leaves nothing),
 * one inside the outline, one on its right edge, one past it.
 */
const inBlock = imagePixelOf(Math.floor(overlay.blockRows / 2), overlay.blockColumns - 4);
const inside = imagePixelOf(Math.floor(overlay.rows / 2), Math.floor(overlay.columns / 2));
const onRightEdge = imagePixelOf(Math.floor(overlay.rows / 2), overlay.columns - 1);
const pastRightEdge = imagePixelOf(Math.floor(overlay.rows / 2), overlay.columns + 4);

function overlayLayer(element: DicomViewport): HTMLCanvasElement | null {
  return element.shadowRoot!.querySelector<HTMLCanvasElement>('[part~="overlay-plane"]');
}

/**
 * What the overlay layer shows at a point of the element (CSS pixels from its top-left corner): the layer's pixel
 * its CSS transform puts there, RGBA; transparent where the layer is not.
 */
function overlayAt(element: DicomViewport, [x, y]: [number, number]): number[] {
  const layer = overlayLayer(element);
  if (!layer) return transparent;
  const local = new DOMMatrix(getComputedStyle(layer).transform).inverse().transformPoint(new DOMPoint(x, y));
  const [column, row] = [Math.floor(local.x), Math.floor(local.y)];
  if (column < 0 || row < 0 || column >= layer.width || row >= layer.height) return transparent;
  return [...layer.getContext('2d')!.getImageData(column, row, 1, 1).data];
}

/** The centre of an image pixel on screen, fitted and unrotated. */
const screenOf = ([x, y]: [number, number]): [number, number] => [x + 0.5, y + 0.5];

async function showOverlaySeries(attributes: Record<string, string> = {}): Promise<DicomViewport> {
  const element = await viewportFixture({
    'dicomweb-root': testServer.dicomwebRoot,
    study: withOverlayPlane.studyInstanceUid,
    series: withOverlayPlane.seriesInstanceUid,
    ...attributes,
  }, imageSize);
  element.style.setProperty('--dicom-viewport-overlay-plane-color', 'rgb(0, 255, 0)');
  await nextEvent(element, 'dicom-image-rendered', 40_000);
  await afterRender();
  return element;
}

describe('<dicom-viewport> overlay planes', () => {
  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-viewport')) element.remove();
  });

  it('draws the plane over the image pixels it names, in the overlay colour', async () => {
    const element = await showOverlaySeries();
    await waitFor(() => overlayLayer(element) !== null, 'the overlay plane layer');
    await element.updateComplete;
    expect(overlayAt(element, screenOf(inBlock))).to.deep.equal(green);
    expect(overlayAt(element, screenOf(onRightEdge))).to.deep.equal(green);
    expect(overlayAt(element, screenOf(inside))).to.deep.equal(transparent);
    expect(overlayAt(element, screenOf(pastRightEdge))).to.deep.equal(transparent);
    // The layer lies over the image, as large as it on screen.
    const layerRect = overlayLayer(element)!.getBoundingClientRect();
    const hostRect = element.getBoundingClientRect();
    expect([layerRect.left - hostRect.left, layerRect.top - hostRect.top, layerRect.width, layerRect.height].map(Math.round)).to.deep.equal([0, 0, imageSize, imageSize]);
  });

  it('follows a horizontal flip and a rotation', async () => {
    const element = await showOverlaySeries();
    await waitFor(() => overlayLayer(element) !== null, 'the overlay plane layer');
    element.flipHorizontal();
    await afterRender();
    await element.updateComplete;
    const [x, y] = inBlock;
    expect(overlayAt(element, [imageSize - x - 0.5, y + 0.5])).to.deep.equal(green);
    expect(overlayAt(element, screenOf(inBlock))).to.deep.equal(transparent);
    element.resetView();
    element.rotate(90);
    await afterRender();
    await element.updateComplete;
    expect(element.getViewportState()).to.include({ rotation: 90, flipHorizontal: false, flipVertical: false });
    // A quarter turn clockwise: image pixel (x, y) goes to (size − 1 − y, x).
    expect(overlayAt(element, [imageSize - y - 0.5, x + 0.5])).to.deep.equal(green);
    expect(overlayAt(element, screenOf(inBlock))).to.deep.equal(transparent);
  });

  it('hides the planes with hide-overlays="overlay-planes", no-overlay and the o key', async () => {
    const element = await showOverlaySeries({ 'hide-overlays': 'overlay-planes' });
    await afterRender();
    expect(overlayLayer(element)).to.equal(null);
    element.removeAttribute('hide-overlays');
    await waitFor(() => overlayLayer(element) !== null, 'the overlay plane layer');
    await element.updateComplete;
    expect(overlayAt(element, screenOf(inBlock))).to.deep.equal(green);
    element.setAttribute('no-overlay', '');
    await element.updateComplete;
    expect(overlayLayer(element)).to.equal(null);
    element.removeAttribute('no-overlay');
    await waitFor(() => overlayLayer(element) !== null, 'the overlay plane layer again');
    element.shadowRoot!.querySelector<HTMLElement>('[part~="canvas"]')!.focus();
    await sendKeys({ press: 'o' });
    await element.updateComplete;
    expect(overlayLayer(element)).to.equal(null);
    expect(element.hideOverlays).to.equal('overlay-planes');
    await sendKeys({ press: 'o' });
    await waitFor(() => overlayLayer(element) !== null, 'the overlay plane layer after o again');
  });

  it('draws nothing for an image without overlay planes, nor the previous image\'s', async () => {
    const element = await showOverlaySeries();
    await waitFor(() => overlayLayer(element) !== null, 'the overlay plane layer');
    const rendered = nextEvent(element, 'dicom-image-rendered', 40_000);
    element.series = withoutModality.seriesInstanceUid;
    await rendered;
    for (let frame = 0; frame < 5; frame += 1) await afterRender();
    await element.updateComplete;
    expect(overlayLayer(element)).to.equal(null);
  });
});
