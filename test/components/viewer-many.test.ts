// Four <dicom-viewer>s of four viewports each on one page: every one of the sixteen viewports shows its image,
// each with its own picture on screen, and no WebGL context the page made is lost (a browser allows only a handful
// of live contexts: a viewer per context would lose the oldest).
import { expect } from '@esm-bundle/chai';
import { afterRender, expectedGrey, greyAt, waitFor } from './viewport-helpers.js';
import { centreValue, viewerFixture, viewportsShown } from './viewer-helpers.js';
import { currentStudy, imageSize, storeViewerFixtures } from './viewer-fixtures.js';
import type { DicomViewer } from '../../src/components/viewer/viewer.component.js';

/**
 * Every WebGL context any canvas of this page hands out, and how many of them were lost without being let go on
 * purpose (Cornerstone probes the GPU's capabilities with short-lived contexts it releases by WEBGL_lose_context).
 */
const contexts: Array<WebGLRenderingContext | WebGL2RenderingContext> = [];
const released = new WeakSet<object>();
let lost = 0;
for (const prototype of [WebGLRenderingContext.prototype, WebGL2RenderingContext.prototype]) {
  const getExtension = prototype.getExtension as (this: WebGLRenderingContext, name: string) => unknown;
  prototype.getExtension = function (this: WebGLRenderingContext, name: string) {
    const extension = getExtension.call(this, name) as WEBGL_lose_context | null;
    if (name === 'WEBGL_lose_context' && extension) {
      const context = this;
      const loseContext = extension.loseContext.bind(extension);
      extension.loseContext = () => {
        released.add(context);
        loseContext();
      };
    }
    return extension;
  } as typeof prototype.getExtension;
}
const getContext = HTMLCanvasElement.prototype.getContext;
function observed(this: HTMLCanvasElement | OffscreenCanvas, kind: string, ...rest: unknown[]): unknown {
  const context = (getContext as (this: unknown, kind: string, ...rest: unknown[]) => unknown).call(this, kind, ...rest);
  if (kind.startsWith('webgl') && context && !contexts.includes(context as WebGL2RenderingContext)) {
    contexts.push(context as WebGL2RenderingContext);
    this.addEventListener('webglcontextlost', () => (lost += released.has(context as object) ? 0 : 1));
  }
  return context;
}
HTMLCanvasElement.prototype.getContext = observed as typeof HTMLCanvasElement.prototype.getContext;
const offscreenGetContext = globalThis.OffscreenCanvas?.prototype.getContext;
if (offscreenGetContext) {
  OffscreenCanvas.prototype.getContext = function (this: OffscreenCanvas, kind: string, ...rest: unknown[]) {
    const context = (offscreenGetContext as (this: unknown, kind: string, ...rest: unknown[]) => unknown).call(this, kind, ...rest);
    if (kind.startsWith('webgl') && context && !contexts.includes(context as WebGL2RenderingContext)) {
      contexts.push(context as WebGL2RenderingContext);
      this.addEventListener('webglcontextlost', () => (lost += released.has(context as object) ? 0 : 1));
    }
    return context;
  } as typeof OffscreenCanvas.prototype.getContext;
}

describe('<dicom-viewer> four on a page', () => {
  before(() => storeViewerFixtures());

  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-viewer')) element.remove();
  });

  it('shows all sixteen viewports of four 2x2 viewers, each its own image, with no WebGL context lost', async function () {
    this.timeout(180_000);
    const viewers: DicomViewer[] = [];
    for (let index = 0; index < 4; index += 1) {
      viewers.push(await viewerFixture({ study: currentStudy.studyInstanceUid, layout: '2x2', 'no-toolbar': '', 'no-series-browser': '', 'no-measurements': '' }, 480, 360));
    }
    const shown = [];
    for (const viewer of viewers) shown.push(await viewportsShown(viewer));
    expect(shown.map((viewports) => viewports.length), 'viewports showing a series in each viewer').to.deep.equal([4, 4, 4, 4]);
    expect(contexts.length, 'WebGL contexts made').to.be.above(0);
    // What each viewport has on screen is its own image: the fixtures' pixels hold their slice's position.
    for (const [viewerIndex, viewports] of shown.entries()) {
      for (const [index, viewport] of viewports.entries()) {
        const value = centreValue(viewport);
        expect(value, `viewer ${viewerIndex} viewport ${index} value`).to.be.a('number');
        const { windowCenter, windowWidth } = viewport.getViewportState()!;
        const grey = greyAt(viewport, imageSize / 2, imageSize / 2, imageSize, imageSize);
        expect(Math.abs(grey - expectedGrey(value!, windowCenter, windowWidth)), `viewer ${viewerIndex} viewport ${index}: grey ${grey} for ${value}`).to.be.below(4);
      }
    }
    // Still drawing once all sixteen are up: the first viewer's first viewport moves to another slice and shows it.
    const first = shown[0]![0]!;
    const before = centreValue(first);
    const { imageIndex } = first.getViewportState()!;
    first.scrollToImage(imageIndex === first.imageCount - 1 ? 0 : first.imageCount - 1);
    // Undefined while the new slice is on its way: the read-outs never give the previous image.
    await waitFor(() => centreValue(first) !== undefined && centreValue(first) !== before, 'the first viewport\'s new slice');
    await afterRender();
    const { windowCenter, windowWidth } = first.getViewportState()!;
    const grey = greyAt(first, imageSize / 2, imageSize / 2, imageSize, imageSize);
    expect(Math.abs(grey - expectedGrey(centreValue(first)!, windowCenter, windowWidth)), 'the new slice on screen').to.be.below(4);
    expect(lost, 'WebGL contexts lost').to.equal(0);
    expect(contexts.filter((context) => context.isContextLost() && !released.has(context)).length, 'contexts reporting lost').to.equal(0);
  });
});
