// <dicom-viewport>'s load path leaves no promise rejection unobserved: a failure is the element's `dicom-error`, an
// element that leaves the page aborts its requests quietly, and neither reaches the page's `unhandledrejection`
// (which an embedding page's error monitoring reports as a crash, and the test runner as an error outside a test).
import { expect } from '@esm-bundle/chai';
import { sampleStudy } from '../../src/sample-data/phantom.js';
import type { DicomViewport } from '../../src/components/viewport/viewport.component.js';
import type { DicomLoadProgressEvent } from '../../src/events/load-progress.js';
import './bundle.js';
import { nextEvent, testServer, viewportFixture, waitFor } from './viewport-helpers.js';

const [ctSeries, mrSeries] = sampleStudy.series;
const serverOrigin = new URL(testServer.dicomwebRoot).origin;

/** Every rejection nobody observed on this page, described: the reason's name and message, and where it came from. */
const unhandled: string[] = [];
window.addEventListener('unhandledrejection', (event) => {
  const reason = event.reason as { name?: string; message?: string; stack?: string } | undefined;
  unhandled.push(`${reason?.name ?? typeof reason}: ${reason?.message ?? String(reason)}\n${reason?.stack?.split('\n').slice(1, 6).join('\n') ?? ''}`);
});

/** A browser reports an unobserved rejection after the task that left it; a few tasks later, every one is in. */
async function rejectionsSoFar(): Promise<string[]> {
  for (let task = 0; task < 5; task += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  return unhandled.splice(0);
}

type Progress = DicomLoadProgressEvent['detail'];

/** Resolves when every image of the stack has loaded or failed. */
function settled(element: DicomViewport): Promise<Progress> {
  return new Promise((resolve) =>
    element.addEventListener('dicom-load-progress', ({ detail }) => {
      if (detail.loaded + detail.failed >= detail.total) resolve(detail);
    }),
  );
}

function viewportOf(study: string, series: string, extra: Record<string, string> = {}): Promise<DicomViewport> {
  return viewportFixture({ 'dicomweb-root': testServer.dicomwebRoot, study, series, ...extra }, 128);
}

/** The test server answers the series' frames slowly meanwhile, so that they are in flight whatever the machine's speed. */
async function withSlowFrames(series: string, run: () => Promise<void>): Promise<void> {
  const slowFrames = (ms: number) => fetch(`${serverOrigin}/__test/slow-frames?series=${series}&ms=${ms}`, { method: 'POST' });
  await slowFrames(200);
  try {
    await run();
  } finally {
    await slowFrames(0);
  }
}

describe('<dicom-viewport> load failures and aborts reach no unhandledrejection', () => {
  beforeEach(async () => {
    await rejectionsSoFar(); // what earlier files or tests left
  });

  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-viewport')) element.remove();
  });

  it('when the viewport is removed while its frames load', async () => {
    await withSlowFrames(ctSeries.seriesInstanceUid, async () => {
      const element = await viewportOf(sampleStudy.studyInstanceUid, ctSeries.seriesInstanceUid);
      await nextEvent(element, 'dicom-image-rendered', 40_000);
      // Dozens of frames in flight, some taken by the loader (the image's own requests), the rest the stack's.
      element.scrollToImage(Math.floor(ctSeries.instanceCount / 2));
      await new Promise((resolve) => setTimeout(resolve, 100));
      element.remove();
    });
    expect(await rejectionsSoFar()).to.deep.equal([]);
  });

  it('when the viewport is removed before its first image', async () => {
    await withSlowFrames(ctSeries.seriesInstanceUid, async () => {
      const element = await viewportOf(sampleStudy.studyInstanceUid, ctSeries.seriesInstanceUid);
      await waitFor(() => element.imageCount > 0, 'the series metadata', 40_000);
      element.remove();
    });
    expect(await rejectionsSoFar()).to.deep.equal([]);
  });

  it('when the series is not found (404)', async () => {
    const element = await viewportOf(sampleStudy.studyInstanceUid, '1.2.826.0.1.3680043.8.498.404');
    expect((await nextEvent(element, 'dicom-error', 40_000)).detail.kind).to.equal('not-found');
    expect(await rejectionsSoFar()).to.deep.equal([]);
  });

  it('when frames fail: 401, 403, 503, a dropped connection, an unsupported syntax and a truncated frame', async () => {
    const { studyInstanceUid, seriesInstanceUid, imageCount, faults } = testServer.faultySeries;
    const element = await viewportOf(studyInstanceUid, seriesInstanceUid);
    const errors: string[] = [];
    element.addEventListener('dicom-error', ({ detail }) => errors.push(detail.kind));
    expect(await settled(element)).to.include({ total: imageCount, failed: faults.length });
    // Each failed image is also asked for by the viewport itself (Cornerstone's own load of the shown image).
    for (const fault of faults) {
      element.scrollToImage(fault.imageIndex);
      await waitFor(() => errors.length >= faults.length, 'the errors of the failed images', 40_000);
    }
    expect(await rejectionsSoFar()).to.deep.equal([]);
  });

  it('when the token is refused for every frame', async () => {
    const element = document.createElement('dicom-viewport');
    element.style.cssText = 'width: 128px; height: 128px';
    Object.assign(element, { dicomwebRoot: testServer.dicomwebRoot, study: sampleStudy.studyInstanceUid, series: mrSeries.seriesInstanceUid });
    element.source!.getAuthorization = () => `${testServer.refusedTokenPrefix}-rejections`;
    const done = settled(element);
    document.body.append(element);
    expect(await done).to.include({ loaded: 0, failed: mrSeries.instanceCount });
    expect(await rejectionsSoFar()).to.deep.equal([]);
  });

  it('when a damaged codestream is decoded', async () => {
    const { studyInstanceUid, seriesInstanceUid, corruptIndex } = testServer.corruptSeries;
    const element = await viewportOf(studyInstanceUid, seriesInstanceUid);
    const failed = nextEvent(element, 'dicom-error', 40_000);
    await settled(element);
    element.scrollToImage(corruptIndex);
    expect((await failed).detail.kind).to.equal('decode');
    expect(await rejectionsSoFar()).to.deep.equal([]);
  });

  it('when an image is larger than the whole cache budget', async () => {
    const element = await viewportOf(sampleStudy.studyInstanceUid, ctSeries.seriesInstanceUid, { 'cache-mb': '0.25' });
    await nextEvent(element, 'dicom-image-rendered', 40_000);
    await settled(element);
    expect(await rejectionsSoFar()).to.deep.equal([]);
  });
});
