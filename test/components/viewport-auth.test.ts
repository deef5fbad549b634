// <dicom-viewport>s on one server root with different credentials: each frame request carries the credentials of
// the element that asked for it, and no element shows pixels fetched with another's.
import { expect } from '@esm-bundle/chai';
import { sampleStudy } from '../../src/sample-data/phantom.js';
import type { DicomViewport } from '../../src/components/viewport/viewport.component.js';
import type { DicomLoadProgressEvent } from '../../src/events/load-progress.js';
import './bundle.js';
import { nextEvent, testServer } from './viewport-helpers.js';

const [ctSeries, mrSeries] = sampleStudy.series;
const serverOrigin = new URL(testServer.dicomwebRoot).origin;
const { refusedTokenPrefix } = testServer;

type Progress = DicomLoadProgressEvent['detail'];

interface AuthorizedViewport {
  element: DicomViewport;
  /** Resolves when every image of the stack has loaded or failed. */
  settled: Promise<Progress>;
}

/** A viewport whose source's auth hook answers `authorization`, set before its first request. */
function viewportWith(series: string, authorization: string): AuthorizedViewport {
  const element = document.createElement('dicom-viewport');
  element.style.width = '128px';
  element.style.height = '128px';
  element.setAttribute('dicomweb-root', testServer.dicomwebRoot);
  element.setAttribute('study', sampleStudy.studyInstanceUid);
  element.setAttribute('series', series);
  element.source!.getAuthorization = () => authorization;
  const settled = new Promise<Progress>((resolve) => {
    element.addEventListener('dicom-load-progress', ({ detail }) => {
      if (detail.loaded + detail.failed === detail.total) resolve(detail);
    });
  });
  document.body.append(element);
  return { element, settled };
}

/** The Authorization of each frame request the server received since the last call, with the SOP it asked for. */
async function frameAuthorizations(): Promise<Array<{ authorization: string; series: string; sop: string }>> {
  const records = (await (await fetch(`${serverOrigin}/__test/frame-authorizations`)).json()) as Array<{ authorization: string; url: string }>;
  return records.map(({ authorization, url }) => {
    const [, series, sop] = /\/series\/([^/]+)\/instances\/([^/]+)\/frames\//.exec(url)!;
    return { authorization, series: decodeURIComponent(series!), sop: decodeURIComponent(sop!) };
  });
}

/** The SOP instances of `series` the server was asked for with `authorization`. */
function sopsAskedWith(records: Awaited<ReturnType<typeof frameAuthorizations>>, series: string, authorization: string): Set<string> {
  return new Set(records.filter((record) => record.series === series && record.authorization === authorization).map((record) => record.sop));
}

describe('<dicom-viewport> credentials', () => {
  beforeEach(async () => {
    await frameAuthorizations(); // forget what earlier tests asked for
  });

  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-viewport')) element.remove();
  });

  it('asks for each series\' frames with its own element\'s token when two viewports show two series', async () => {
    const ct = viewportWith(ctSeries.seriesInstanceUid, 'Bearer token-ct');
    const mr = viewportWith(mrSeries.seriesInstanceUid, 'Bearer token-mr');
    const [ctProgress, mrProgress] = await Promise.all([ct.settled, mr.settled]);
    expect(ctProgress).to.include({ failed: 0, loaded: ctSeries.instanceCount });
    expect(mrProgress).to.include({ failed: 0, loaded: mrSeries.instanceCount });
    const records = await frameAuthorizations();
    expect(records.filter((record) => record.series === ctSeries.seriesInstanceUid).map((record) => record.authorization)).to.satisfy((tokens: string[]) =>
      tokens.length > 0 && tokens.every((token) => token === 'Bearer token-ct'),
    );
    expect(records.filter((record) => record.series === mrSeries.seriesInstanceUid).map((record) => record.authorization)).to.satisfy((tokens: string[]) =>
      tokens.length > 0 && tokens.every((token) => token === 'Bearer token-mr'),
    );
  });

  it('shows every image to a viewport with a good token that opens a series after one whose token is refused', async () => {
    const refused = viewportWith(mrSeries.seriesInstanceUid, `${refusedTokenPrefix}-b`);
    expect(await refused.settled).to.include({ loaded: 0, failed: mrSeries.instanceCount });
    const good = viewportWith(mrSeries.seriesInstanceUid, 'Bearer token-a');
    const rendered = nextEvent(good.element, 'dicom-image-rendered');
    expect(await good.settled).to.include({ failed: 0, loaded: mrSeries.instanceCount });
    await rendered;
    const records = await frameAuthorizations();
    expect(sopsAskedWith(records, mrSeries.seriesInstanceUid, 'Bearer token-a').size).to.equal(mrSeries.instanceCount);
  });

  it('shows every image to a viewport with a good token that opens a series while requests with a refused token are in flight', async () => {
    // Frames answered slowly, so that the refused viewport's requests are still on their way when the other asks.
    await fetch(`${serverOrigin}/__test/slow-frames?series=${mrSeries.seriesInstanceUid}&ms=300`, { method: 'POST' });
    try {
      const refused = viewportWith(mrSeries.seriesInstanceUid, `${refusedTokenPrefix}-b`);
      const good = viewportWith(mrSeries.seriesInstanceUid, 'Bearer token-a');
      const [refusedProgress, goodProgress] = await Promise.all([refused.settled, good.settled]);
      expect(goodProgress).to.include({ failed: 0, loaded: mrSeries.instanceCount });
      expect(refusedProgress).to.include({ loaded: 0, failed: mrSeries.instanceCount });
    } finally {
      await fetch(`${serverOrigin}/__test/slow-frames?ms=0`, { method: 'POST' });
    }
  });

  it('shows nothing to a viewport whose token is refused, even when another viewport holds the series decoded', async () => {
    const good = viewportWith(mrSeries.seriesInstanceUid, 'Bearer token-a');
    expect(await good.settled).to.include({ failed: 0, loaded: mrSeries.instanceCount });
    const refused = viewportWith(mrSeries.seriesInstanceUid, `${refusedTokenPrefix}-b`);
    const error = nextEvent(refused.element, 'dicom-error');
    expect(await refused.settled).to.include({ loaded: 0, failed: mrSeries.instanceCount });
    expect((await error).detail.kind).to.equal('unauthorized');
    const records = await frameAuthorizations();
    expect(sopsAskedWith(records, mrSeries.seriesInstanceUid, `${refusedTokenPrefix}-b`).size).to.equal(mrSeries.instanceCount);
  });

  it('asks for every frame of a series shown by two viewports at once with each one\'s own token', async () => {
    const first = viewportWith(mrSeries.seriesInstanceUid, 'Bearer token-a');
    const second = viewportWith(mrSeries.seriesInstanceUid, 'Bearer token-b');
    const [firstProgress, secondProgress] = await Promise.all([first.settled, second.settled]);
    expect(firstProgress).to.include({ failed: 0, loaded: mrSeries.instanceCount });
    expect(secondProgress).to.include({ failed: 0, loaded: mrSeries.instanceCount });
    const records = await frameAuthorizations();
    expect(sopsAskedWith(records, mrSeries.seriesInstanceUid, 'Bearer token-a').size).to.equal(mrSeries.instanceCount);
    expect(sopsAskedWith(records, mrSeries.seriesInstanceUid, 'Bearer token-b').size).to.equal(mrSeries.instanceCount);
  });
});
