// <dicom-series-browser>: a study's series with thumbnails, modality, number, description and count; the patient's
// other studies newest first, dated; a prior opened in a viewer shown beside the current study, its date marked.
import { expect } from '@esm-bundle/chai';
import { lightbox } from './bundle.js';
import { LocaleFormat } from '../../src/i18n/locale-format.js';
import { nextEvent, testServer, waitFor } from './viewport-helpers.js';
import { viewerFixture, viewportsShown } from './viewer-helpers.js';
import { currentStudy, priorStudy, storeViewerFixtures } from './viewer-fixtures.js';

async function browserFixture(study: string) {
  const element = document.createElement('dicom-series-browser');
  element.setAttribute('dicomweb-root', testServer.dicomwebRoot);
  element.setAttribute('study', study);
  element.style.width = '260px';
  document.body.append(element);
  await waitFor(() => element.shadowRoot!.querySelectorAll('[part~="series"]').length > 0, 'the series');
  return element;
}

describe('<dicom-series-browser>', () => {
  before(() => storeViewerFixtures());

  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-series-browser, dicom-viewer')) element.remove();
  });

  it('lists the series by number with modality, description, image count and a thumbnail', async () => {
    const browser = await browserFixture(currentStudy.studyInstanceUid);
    const buttons = [...browser.shadowRoot!.querySelectorAll<HTMLElement>('[part~="series"]')];
    expect(buttons.map((button) => button.dataset.series)).to.deep.equal(currentStudy.series.map((series) => series.seriesInstanceUid));
    for (const [index, series] of currentStudy.series.entries()) {
      const text = buttons[index]!.textContent!.replace(/\s+/g, ' ');
      expect(text).to.contain(series.modality).and.contain(`#${series.seriesNumber}`).and.contain(series.description).and.contain(`${series.count} images`);
    }
    // Thumbnails: real pictures from the server, decoded by the browser.
    await waitFor(() => [...browser.shadowRoot!.querySelectorAll<HTMLImageElement>('img[part~="thumbnail"]')].filter((image) => image.complete && image.naturalWidth > 0).length === 4, 'four thumbnails');
    // Click selects.
    const selected = nextEvent(browser, 'dicom-series-select');
    buttons[2]!.click();
    expect((await selected).detail).to.include({ studyInstanceUid: currentStudy.studyInstanceUid, seriesInstanceUid: currentStudy.series[2]!.seriesInstanceUid });
  });

  it('lists the patient\'s other studies, newest first, with their dates', async () => {
    const browser = await browserFixture(currentStudy.studyInstanceUid);
    await waitFor(() => browser.shadowRoot!.querySelector('[part~="prior-study"]') !== null, 'the priors');
    const priors = [...browser.shadowRoot!.querySelectorAll<HTMLElement>('[part~="prior-study"]')];
    expect(priors.map((prior) => prior.dataset.study)).to.deep.equal([priorStudy.studyInstanceUid]);
    // Dates as the element's language writes them (English here: `Jan 14, 2025`).
    expect(priors[0]!.querySelector('[part~="date"]')!.textContent).to.equal(new LocaleFormat('en').date(priorStudy.studyDate));
    expect(browser.priors.map((study) => lightbox.stringOf(study, 'StudyInstanceUID'))).to.deep.equal([priorStudy.studyInstanceUid]);
    // no-priors hides them.
    browser.noPriors = true;
    await browser.updateComplete;
    await waitFor(() => browser.shadowRoot!.querySelector('[part~="series"]') !== null, 'the series again');
    expect(browser.shadowRoot!.querySelector('[part~="prior-study"]')).to.equal(null);
  });

  it('opens a prior beside the current study in a viewer, its date marked', async () => {
    const viewer = await viewerFixture({ study: currentStudy.studyInstanceUid, 'no-toolbar': '', 'no-measurements': '' }, 900, 500);
    await viewportsShown(viewer);
    expect(viewer.layout).to.equal('1x1');
    const browser = viewer.shadowRoot!.querySelector('dicom-series-browser')!;
    await waitFor(() => browser.shadowRoot!.querySelector('[part~="prior-study"]') !== null, 'the priors');
    const selected = nextEvent(viewer, 'dicom-series-select');
    browser.shadowRoot!.querySelector<HTMLElement>('[part~="prior-study"]')!.click();
    const detail = (await selected).detail;
    expect(detail).to.include({ studyInstanceUid: priorStudy.studyInstanceUid, seriesInstanceUid: priorStudy.series[0]!.seriesInstanceUid, viewportIndex: 1, beside: true });
    await viewer.updateComplete;
    expect(viewer.layout).to.equal('1x2');
    const [current, prior] = await viewportsShown(viewer);
    expect(current!.study).to.equal(currentStudy.studyInstanceUid);
    expect(prior!.study).to.equal(priorStudy.studyInstanceUid);
    // The prior's date on its viewport, none on the current one's.
    const badges = () => [...viewer.shadowRoot!.querySelectorAll('[part~="cell"]')].map((cell) => cell.querySelector('[part~="prior-date"]')?.textContent ?? null);
    await waitFor(() => badges()[1] === new LocaleFormat('en').date(priorStudy.studyDate), 'the prior\'s date badge, as the page\'s locale writes dates');
    expect(badges()[0]).to.equal(null);
    // Its series are listed in the browser, as a prior group with its date.
    await waitFor(() => browser.shadowRoot!.querySelector('[part~="prior"] [part~="series"]') !== null, 'the prior\'s series');
    expect(browser.shadowRoot!.querySelector('[part~="prior"] [part~="date"]')!.textContent).to.equal(new LocaleFormat('en').date(priorStudy.studyDate));
    // loadStudy with priors does the same from the page, and getState() names the prior.
    await viewer.loadStudy(currentStudy.studyInstanceUid, { priors: [priorStudy.studyInstanceUid] });
    expect(viewer.getState().priors).to.deep.equal([priorStudy.studyInstanceUid]);
    expect(viewer.viewports.map((viewport) => viewport.study)).to.deep.equal([currentStudy.studyInstanceUid, priorStudy.studyInstanceUid]);
  });
});
