// The demo's sample has a prior: the sample patient's older CT (src/sample-data/prior.ts), stored here as `serve
// --sample` stores it, is listed in a viewer's series browser and opens beside the sample study, dated. Removed
// afterwards (from Node: web-test-runner.config.mjs's `delete-study`): the other files count the sample patient's
// studies on the same server.
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { generatePriorInstances, priorSliceStep, priorStudy } from '../../src/sample-data/prior.js';
import { ctHuAt, ctPhantom, sampleStudy } from '../../src/sample-data/phantom.js';
import { lightbox } from './bundle.js';
import { LocaleFormat } from '../../src/i18n/locale-format.js';
import { nextEvent, testServer, waitFor } from './viewport-helpers.js';
import { viewerFixture, viewportsShown } from './viewer-helpers.js';

describe('<dicom-viewer> with the sample\'s prior', () => {
  before(async function () {
    this.timeout(120_000);
    const source = new lightbox.DicomwebSource(testServer.dicomwebRoot);
    const instances = [...generatePriorInstances()].map((instance) => instance.bytes);
    for (let at = 0; at < instances.length; at += 10) await source.storeInstances(instances.slice(at, at + 10));
  });

  after(async () => {
    for (const element of document.querySelectorAll('dicom-viewer')) element.remove();
    await executeServerCommand('delete-study', { studyInstanceUid: priorStudy.studyInstanceUid });
  });

  it('lists the sample patient\'s prior and opens it beside the sample study, dated', async () => {
    const viewer = await viewerFixture({ study: sampleStudy.studyInstanceUid, 'no-toolbar': '', 'no-measurements': '' }, 1000, 500);
    await viewportsShown(viewer);
    const browser = viewer.shadowRoot!.querySelector('dicom-series-browser')!;
    await waitFor(() => browser.shadowRoot!.querySelector('[part~="prior-study"]') !== null, 'the prior in the series browser');
    const listed = [...browser.shadowRoot!.querySelectorAll<HTMLElement>('[part~="prior-study"]')];
    expect(listed.map((prior) => prior.dataset.study)).to.deep.equal([priorStudy.studyInstanceUid]);
    expect(listed[0]!.querySelector('[part~="date"]')!.textContent).to.equal(new LocaleFormat('en').date(priorStudy.studyDate));
    const selected = nextEvent(viewer, 'dicom-series-select');
    listed[0]!.click();
    expect((await selected).detail).to.include({ studyInstanceUid: priorStudy.studyInstanceUid, seriesInstanceUid: priorStudy.series[0].seriesInstanceUid, beside: true });
    await viewer.updateComplete;
    const [current, prior] = await viewportsShown(viewer);
    expect(viewer.layout).to.equal('1x2');
    expect(current!.study).to.equal(sampleStudy.studyInstanceUid);
    expect(prior!.study).to.equal(priorStudy.studyInstanceUid);
    expect(prior!.imageCount).to.equal(priorStudy.series[0].instanceCount);
    // The prior's date on its viewport, none on the sample study's.
    const badges = () => [...viewer.shadowRoot!.querySelectorAll('[part~="cell"]')].map((cell) => cell.querySelector('[part~="prior-date"]')?.textContent ?? null);
    await waitFor(() => badges()[1] === new LocaleFormat('en').date(priorStudy.studyDate), 'the prior\'s date badge, as the page\'s locale writes dates');
    expect(badges()[0]).to.equal(null);
    // It is the phantom a year before: its tenth image is the phantom's slice 27 (every third slice), marker and all.
    const [markerX, markerY] = ctPhantom.regions.sliceMarker.centre;
    prior!.scrollToImage(9);
    await waitFor(() => prior!.getPixelValue(markerX, markerY) === ctHuAt(markerX, markerY, 9 * priorSliceStep), 'the prior\'s tenth image');
  });
});
