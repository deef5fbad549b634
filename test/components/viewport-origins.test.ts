// <dicom-viewport>: who changed the view. Only the reader's input (tools, keys, execute()) fires
// dicom-viewport-changed, once a change; a property set, a method call and a synchronizer's change fire nothing.
import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import { sampleStudy } from '../../src/sample-data/phantom.js';
import type { DicomViewport } from '../../src/components/viewport/viewport.component.js';
import type { ViewportState } from '../../src/events/viewport-changed.js';
import './bundle.js';
import { afterRender, nextEvent, testServer, viewportFixture } from './viewport-helpers.js';

const [, mrSeries] = sampleStudy.series;
const mr = { 'dicomweb-root': testServer.dicomwebRoot, study: sampleStudy.studyInstanceUid, series: mrSeries.seriesInstanceUid };

function changesOf(element: DicomViewport): ViewportState[] {
  const changes: ViewportState[] = [];
  element.addEventListener('dicom-viewport-changed', (event) => changes.push(event.detail));
  return changes;
}

/** Lets every event a change may bring (Cornerstone's, Lit's update, the next frames) arrive. */
async function settled(element: DicomViewport): Promise<void> {
  await element.updateComplete;
  await afterRender();
  await afterRender();
}

describe('<dicom-viewport> origins of a change', () => {
  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-viewport')) element.remove();
  });

  it('fires once for the reader\'s input, never for a synchronized change or a property set', async () => {
    const source = await viewportFixture(mr, 128);
    const target = await viewportFixture(mr, 128);
    await Promise.all([nextEvent(source, 'dicom-image-rendered'), nextEvent(target, 'dicom-image-rendered')]);
    const sourceChanges = changesOf(source);
    const targetChanges = changesOf(target);

    // The reader zooms the first viewport with a key: one event, whatever Cornerstone signals.
    (source.shadowRoot!.querySelector('[part~="canvas"]') as HTMLElement).focus();
    await sendKeys({ press: '+' });
    await settled(source);
    expect(sourceChanges.map((state) => Math.round(state.zoom * 100))).to.deep.equal([125]);

    // A synchronizer carries the reader's view (zoom, window, image) over: the target shows it, its properties
    // follow as they follow input, and it reports nothing.
    const carried = { ...source.getViewportState()!, windowCenter: 700, windowWidth: 900, imageIndex: 5 };
    const shown = nextEvent(target, 'dicom-image-rendered');
    target.setViewportState(carried, { origin: 'synchronized' });
    await shown;
    await settled(target);
    expect(target.getViewportState()).to.deep.include({ imageIndex: 5, windowCenter: 700, windowWidth: 900, zoom: carried.zoom });
    expect([target.imageIndex, target.windowCenter, target.windowWidth]).to.deep.equal([5, 700, 900]);
    target.execute({ kind: 'rotate', degrees: 90 }, { origin: 'synchronized' });
    target.execute({ kind: 'scroll', by: 1 }, { origin: 'synchronized' });
    await nextEvent(target, 'dicom-image-rendered');
    await settled(target);
    expect(target.getViewportState()).to.include({ rotation: 90, imageIndex: 6 });
    expect(targetChanges, 'a synchronized change is not the reader\'s').to.deep.equal([]);

    // The page sets properties and calls methods: the view changes, nothing is reported.
    target.windowCenter = 300;
    target.imageIndex = 2;
    await nextEvent(target, 'dicom-image-rendered');
    target.rotate(90);
    await settled(target);
    expect(target.getViewportState()).to.include({ windowCenter: 300, imageIndex: 2, rotation: 180 });
    expect(targetChanges, 'a property set or a method call is not the reader\'s').to.deep.equal([]);

    // The same command as the reader's (a toolbar button): reported, once.
    target.execute({ kind: 'zoom', factor: 2 });
    target.execute({ kind: 'scroll', by: 1 });
    await nextEvent(target, 'dicom-image-rendered');
    await settled(target);
    expect(targetChanges.map((state) => [Math.round(state.zoom * 100), state.imageIndex])).to.deep.equal([
      [250, 2],
      [250, 3],
    ]);
    expect(sourceChanges, 'the other viewport\'s changes are its own').to.have.length(1);
  });

  it('refuses a malformed command with a TypeError that names the problem, and changes nothing', async () => {
    const element = await viewportFixture(mr, 128);
    await nextEvent(element, 'dicom-image-rendered');
    const before = element.getViewportState();
    expect(() => element.execute({ kind: 'zoom', factor: -1 })).to.throw(TypeError, /factor/);
    expect(() => element.execute({ kind: 'teleport' } as never)).to.throw(TypeError, /unknown kind "teleport"/);
    expect(element.getViewportState()).to.deep.equal(before);
  });
});
