// <dicom-viewport> teardown: however many viewports come and go, alone or two on one series, nothing stays held,
// not in Cornerstone (engines, viewports, tool groups, cache) nor in the imaging context (images, frame locations,
// retrievals, requests in flight, cache budgets, engine users, listeners).
import { expect } from '@esm-bundle/chai';
import { sampleStudy } from '../../src/sample-data/phantom.js';
import type { DicomwebSource } from '../../src/dicomweb/source.js';
import type { DicomViewport } from '../../src/components/viewport/viewport.component.js';
import { lightbox } from './bundle.js';
import { heldCounts, nextEvent, testServer, waitFor } from './viewport-helpers.js';

const [ctSeries, mrSeries] = sampleStudy.series;

function viewport(series: string, source?: DicomwebSource): DicomViewport {
  const element = document.createElement('dicom-viewport');
  element.style.width = '64px';
  element.style.height = '64px';
  element.setAttribute('dicomweb-root', testServer.dicomwebRoot);
  element.setAttribute('study', sampleStudy.studyInstanceUid);
  element.setAttribute('series', series);
  if (source) element.source = source;
  document.body.append(element);
  return element;
}

/** Waits until nothing is held, then says what still is (the wait ends early only when nothing is). */
async function expectNothingHeld(): Promise<void> {
  await waitFor(() => heldCounts(lightbox.getImagingStats()).length === 0, 'nothing held').catch(() => undefined);
  const held = heldCounts(lightbox.getImagingStats());
  expect(held, `still held: ${JSON.stringify(held)}`).to.deep.equal([]);
}

describe('<dicom-viewport> teardown', () => {
  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-viewport')) element.remove();
  });

  it('counts what a shown viewport holds in the imaging context', async () => {
    const element = viewport(mrSeries.seriesInstanceUid);
    await nextEvent(element, 'dicom-image-rendered');
    const stats = lightbox.getImagingStats();
    expect(stats.images).to.be.at.least(1);
    expect(stats.frameLocations).to.equal(mrSeries.instanceCount);
    expect(stats.cacheBudgets).to.equal(1);
    expect(stats.engineUsers).to.equal(1);
    expect(stats.listeners).to.be.at.least(1);
    element.remove();
    await expectNothingHeld();
  });

  it('holds nothing after 50 viewports were shown and removed, some while loading', async () => {
    for (let round = 0; round < 50; round += 1) {
      const element = viewport(round % 2 ? mrSeries.seriesInstanceUid : ctSeries.seriesInstanceUid);
      // Every third one goes before its first image is on screen: its requests are in flight.
      if (round % 3 !== 0) await nextEvent(element, 'dicom-image-rendered');
      else await element.updateComplete;
      element.remove();
    }
    await expectNothingHeld();
  });

  it('holds nothing after 50 pairs of viewports sharing one source showed one series and were removed', async () => {
    for (let round = 0; round < 50; round += 1) {
      // One source: the pair shares image ids, so each image is held twice and freed once both are gone.
      const source = new lightbox.DicomwebSource(testServer.dicomwebRoot);
      const first = viewport(mrSeries.seriesInstanceUid, source);
      const second = viewport(mrSeries.seriesInstanceUid, source);
      await Promise.all([nextEvent(first, 'dicom-image-rendered'), nextEvent(second, 'dicom-image-rendered')]);
      if (round === 0) {
        expect(lightbox.getImagingStats().frameLocations, 'one location an image, however many viewports show it').to.equal(mrSeries.instanceCount);
      }
      first.remove();
      if (round % 2) await new Promise((resolve) => requestAnimationFrame(resolve));
      second.remove();
    }
    await expectNothingHeld();
  });
});
