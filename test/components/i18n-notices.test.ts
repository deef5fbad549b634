// Issue 18, item 5: the notices a <dicom-viewport orientation=…> shows over a series it keeps a stack (why it is no
// volume, or that it does not fit the memory budget) and over a volume it thinned, in the language of `lang` around
// it, numbers in that language's digits; said again in English when the page's language changes.
import { expect } from '@esm-bundle/chai';
import { lightbox } from './bundle.js';
import { nextEvent, testServer, waitFor } from './viewport-helpers.js';

void lightbox; // defines the elements

const fixtures = testServer.volumeFixtures;

/** A viewport of a volume fixture series in a frame of `lang`. */
function viewportIn(lang: string, series: string, attributes: Record<string, string>): HTMLElement {
  const frame = document.createElement('div');
  frame.lang = lang;
  const element = document.createElement('dicom-viewport');
  element.style.cssText = 'display:block;width:256px;height:256px';
  for (const [name, value] of Object.entries({ 'dicomweb-root': testServer.dicomwebRoot, study: fixtures.studyInstanceUid, series, ...attributes })) element.setAttribute(name, value);
  frame.append(element);
  document.body.append(frame);
  return element;
}

const noticeOf = (element: HTMLElement) => element.shadowRoot!.querySelector('[part="volume-notice"]')?.textContent ?? '';

describe('languages: why a series is no volume, and how a volume was thinned', () => {
  afterEach(() => {
    for (const frame of document.querySelectorAll('body > div[lang]')) frame.remove();
  });

  it('says in German why a series with a gap stays a stack, with German numbers, and in English once the page is', async () => {
    const element = viewportIn('de', fixtures.withGap, { orientation: 'sagittal' });
    await nextEvent(element, 'dicom-image-rendered', 30_000);
    await waitFor(() => noticeOf(element) !== '', 'the notice', 10_000);
    expect(noticeOf(element)).to.equal(
      'Nicht als Volumen gezeigt: die Bilder 20 und 21 liegen 5 mm auseinander, der Schichtabstand der Serie ist 2,5 mm (eine Lücke oder ungleichmäßige Abstände). Als Stapel gezeigt.',
    );
    element.parentElement!.lang = 'en';
    await waitFor(() => noticeOf(element).startsWith('Not shown'), 'the notice in English', 10_000);
    expect(noticeOf(element)).to.equal("Not shown as a volume: images 20 and 21 are 5 mm apart where the series' spacing is 2.5 mm (a gap, or uneven spacing). Shown as a stack.");
  });

  it('says in German that a series of two slices is too few', async () => {
    const element = viewportIn('de', fixtures.twoSlices, { orientation: 'axial' });
    await nextEvent(element, 'dicom-image-rendered', 30_000);
    await waitFor(() => noticeOf(element) !== '', 'the notice', 10_000);
    expect(noticeOf(element)).to.equal('Nicht als Volumen gezeigt: die Serie hat 2 Bilder, ein Volumen braucht mindestens 3. Als Stapel gezeigt.');
  });

  it('says in German by how much a volume was thinned to fit cache-mb, and when even thinned it does not fit', async () => {
    const thinned = viewportIn('de', fixtures.marker, { orientation: 'coronal', 'cache-mb': '0.1' });
    await waitFor(() => noticeOf(thinned) !== '', 'the decimation notice', 30_000);
    expect(noticeOf(thinned)).to.equal('Ausgedünnt, um in das Speicherbudget (cache-mb) von 0,1 MB zu passen: 32 × 32 Pixel von 64 × 64 (80 KB statt 0,31 MB).');
    const refused = viewportIn('de', fixtures.marker, { orientation: 'coronal', 'cache-mb': '0.001' });
    await waitFor(() => noticeOf(refused) !== '', 'the over-budget notice', 30_000);
    expect(noticeOf(refused)).to.match(/^Nicht als Volumen gezeigt: es braucht 1 MB \(\d+ KB selbst um 4 in jede Richtung ausgedünnt\), mehr als das Speicherbudget \(cache-mb\) von 0,001 MB\. Als Stapel gezeigt\.$/);
  });
});
