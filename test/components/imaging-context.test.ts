// What a container of viewports (a future <dicom-viewer>) hands down through @lit/context: an imaging context of its
// own, and the tool group its viewports join. The container here is a bare provider element.
import { expect } from '@esm-bundle/chai';
import { html, LitElement } from 'lit';
import { ContextProvider } from '@lit/context';
import { sampleStudy } from '../../src/sample-data/phantom.js';
import { imagingContextKey } from '../../src/components/shared/imaging-context-key.js';
import { toolGroupKey } from '../../src/components/shared/tool-group-key.js';
import { ImagingContext } from '../../src/imaging/imaging-context.js';
import type { DicomViewport } from '../../src/components/viewport/viewport.component.js';
import { lightbox } from './bundle.js';
import { heldCounts, nextEvent, testServer, waitFor } from './viewport-helpers.js';

const [, mrSeries] = sampleStudy.series;

class TestContainer extends LitElement {
  readonly imaging = new ImagingContext('test-container');
  readonly imagingProvider = new ContextProvider(this, { context: imagingContextKey, initialValue: this.imaging });
  readonly toolGroupProvider = new ContextProvider(this, { context: toolGroupKey, initialValue: 'test-container-tools' });

  override render() {
    return html`<slot></slot>`;
  }
}
customElements.define('test-viewport-container', TestContainer);

function viewportIn(parent: HTMLElement): DicomViewport {
  const element = document.createElement('dicom-viewport');
  element.style.width = '96px';
  element.style.height = '96px';
  element.setAttribute('dicomweb-root', testServer.dicomwebRoot);
  element.setAttribute('study', sampleStudy.studyInstanceUid);
  element.setAttribute('series', mrSeries.seriesInstanceUid);
  parent.append(element);
  return element;
}

describe('<dicom-viewport> in a container that provides context', () => {
  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-viewport, test-viewport-container')) element.remove();
  });

  it('keeps its images in the container\'s imaging context, apart from the page\'s', async () => {
    const container = document.createElement('test-viewport-container') as TestContainer;
    document.body.append(container);
    const inside = viewportIn(container);
    const outside = viewportIn(document.body);
    await Promise.all([nextEvent(inside, 'dicom-image-rendered'), nextEvent(outside, 'dicom-image-rendered')]);
    expect(container.imaging.stats().frameLocations).to.equal(mrSeries.instanceCount);
    expect(container.imaging.stats().engineUsers).to.equal(1);
    expect(lightbox.getImagingStats().frameLocations).to.equal(mrSeries.instanceCount);
    expect(lightbox.getImagingStats().engineUsers).to.equal(1);
    expect(lightbox.getImagingStats().renderingEngines, 'one engine a context').to.equal(2);
    inside.remove();
    outside.remove();
    // The container's tool group is the container's to destroy (the next test); everything else is gone.
    const held = () => heldCounts(container.imaging.stats()).filter(([name]) => name !== 'toolGroups');
    await waitFor(() => held().length === 0, 'the container\'s context empty').catch(() => undefined);
    expect(held()).to.deep.equal([]);
  });

  it('moved out of the container, keeps its images in the page\'s context', async () => {
    const container = document.createElement('test-viewport-container') as TestContainer;
    document.body.append(container);
    const element = viewportIn(container);
    await nextEvent(element, 'dicom-image-rendered');
    expect(container.imaging.stats().engineUsers).to.equal(1);
    const shownAgain = nextEvent(element, 'dicom-image-rendered');
    document.body.append(element);
    await shownAgain;
    expect(lightbox.getImagingStats().engineUsers).to.equal(1);
    expect(lightbox.getImagingStats().frameLocations).to.equal(mrSeries.instanceCount);
    expect(container.imaging.stats().engineUsers).to.equal(0);
  });

  it('puts its viewports in the container\'s tool group, which outlives them', async () => {
    const container = document.createElement('test-viewport-container') as TestContainer;
    document.body.append(container);
    const first = viewportIn(container);
    const second = viewportIn(container);
    await Promise.all([nextEvent(first, 'dicom-image-rendered'), nextEvent(second, 'dicom-image-rendered')]);
    expect(lightbox.getImagingStats().toolGroups, 'one group for both').to.equal(1);
    first.remove();
    second.remove();
    await waitFor(() => lightbox.getImagingStats().viewports === 0, 'the viewports gone');
    // The container made no group itself; the first viewport made it under the container's id, and only the
    // container may destroy it.
    expect(lightbox.getImagingStats().toolGroups).to.equal(1);
  });
});

describe('<dicom-viewport> image ids', () => {
  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-viewport')) element.remove();
  });

  it('names the frame\'s URL, not its image id, when an image fails to decode', async () => {
    const { studyInstanceUid, seriesInstanceUid, faults } = testServer.faultySeries;
    const truncated = faults.find((fault) => fault.kind === 'decode')!;
    const element = document.createElement('dicom-viewport');
    element.setAttribute('dicomweb-root', testServer.dicomwebRoot);
    element.setAttribute('study', studyInstanceUid);
    element.setAttribute('series', seriesInstanceUid);
    element.setAttribute('image-index', String(truncated.imageIndex));
    const errors: Array<{ imageIndex?: number; url?: string }> = [];
    element.addEventListener('dicom-error', (event) => errors.push(event.detail));
    document.body.append(element);
    await waitFor(() => errors.some((error) => error.imageIndex === truncated.imageIndex), 'the decode failure');
    const { url } = errors.find((error) => error.imageIndex === truncated.imageIndex)!;
    expect(url).to.match(new RegExp(`^${testServer.dicomwebRoot}/studies/${studyInstanceUid}/series/${seriesInstanceUid}/instances/[^/]+/frames/1$`));
  });
});
