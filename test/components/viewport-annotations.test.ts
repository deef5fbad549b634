// Whose measurements a viewport shows: two independent viewports of one series keep theirs apart; the viewports of
// one container (one tool group, handed down by context) share them. Measurements go with their owner.
import { expect } from '@esm-bundle/chai';
import { sendMouse } from '@web/test-runner-commands';
import { html, LitElement } from 'lit';
import { ContextProvider } from '@lit/context';
import { sampleStudy } from '../../src/sample-data/phantom.js';
import { toolGroupKey } from '../../src/components/shared/tool-group-key.js';
import type { DicomViewport } from '../../src/components/viewport/viewport.component.js';
import type { DicomwebSource } from '../../src/dicomweb/source.js';
import { lightbox } from './bundle.js';
import { afterRender, canvasCentre, nextEvent, testServer, waitFor } from './viewport-helpers.js';

const [, mrSeries] = sampleStudy.series;

class TestToolGroupContainer extends LitElement {
  readonly toolGroupProvider = new ContextProvider(this, { context: toolGroupKey, initialValue: 'test-annotation-container-tools' });

  override render() {
    return html`<slot></slot>`;
  }
}
customElements.define('test-tool-group-container', TestToolGroupContainer);

/**
 * A viewport of the MR series reading through `source`: viewports that share a source show the same image ids, so
 * only the annotation scope can keep their measurements apart.
 */
function viewportIn(parent: HTMLElement, source: DicomwebSource): DicomViewport {
  const element = document.createElement('dicom-viewport');
  element.style.width = '200px';
  element.style.height = '200px';
  element.style.display = 'inline-block';
  element.setAttribute('dicomweb-root', testServer.dicomwebRoot);
  element.setAttribute('study', sampleStudy.studyInstanceUid);
  element.setAttribute('series', mrSeries.seriesInstanceUid);
  element.source = source;
  parent.append(element);
  return element;
}

/** Measurements drawn in a viewport's annotation layer. */
function drawnAnnotations(element: DicomViewport): number {
  return element.shadowRoot!.querySelectorAll('.svg-layer [data-annotation-uid]').length;
}

/** Measures a distance on `element` with a real left-button drag. */
async function measure(element: DicomViewport): Promise<void> {
  element.tool = 'length';
  await element.updateComplete;
  const [x, y] = canvasCentre(element);
  await sendMouse({ type: 'move', position: [x - 30, y - 30] });
  await sendMouse({ type: 'down', button: 'left' });
  await sendMouse({ type: 'move', position: [x, y] });
  await sendMouse({ type: 'move', position: [x + 30, y + 30] });
  await sendMouse({ type: 'up', button: 'left' });
  await waitFor(() => drawnAnnotations(element) > 0, 'the measurement drawn');
}

/** Renders a viewport again, so it draws whatever measurements it may show. */
async function renderAgain(element: DicomViewport): Promise<void> {
  element.rotate(90);
  element.rotate(-90);
  await afterRender();
  await afterRender();
}

describe('<dicom-viewport> measurements', () => {
  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-viewport, test-tool-group-container')) element.remove();
  });

  it('keeps two independent viewports\' measurements of one series apart, and frees them with their viewport', async () => {
    const source = new lightbox.DicomwebSource(testServer.dicomwebRoot);
    const first = viewportIn(document.body, source);
    const second = viewportIn(document.body, source);
    await Promise.all([nextEvent(first, 'dicom-image-rendered'), nextEvent(second, 'dicom-image-rendered')]);
    await measure(first);
    await renderAgain(second);
    expect(drawnAnnotations(first)).to.be.above(0);
    expect(drawnAnnotations(second), 'the other viewport\'s measurement').to.equal(0);
    expect(lightbox.getImagingStats().annotations).to.equal(1);
    first.remove();
    second.remove();
    await waitFor(() => lightbox.getImagingStats().annotations === 0, 'the measurement freed').catch(() => undefined);
    expect(lightbox.getImagingStats().annotations).to.equal(0);
  });

  it('shows a measurement in every viewport of the container it was made in', async () => {
    const container = document.createElement('test-tool-group-container');
    document.body.append(container);
    const source = new lightbox.DicomwebSource(testServer.dicomwebRoot);
    const first = viewportIn(container, source);
    const second = viewportIn(container, source);
    await Promise.all([nextEvent(first, 'dicom-image-rendered'), nextEvent(second, 'dicom-image-rendered')]);
    await measure(first);
    await renderAgain(second);
    expect(drawnAnnotations(second), 'the measurement made in the other viewport of the container').to.be.above(0);
  });
});
