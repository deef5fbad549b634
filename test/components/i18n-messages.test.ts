// Issue 18, item 5 (every user-visible string from the message table): the sentences an element makes from what
// failed, and the names and dates it shows beside the image, in the language of `lang` around it. Each case here
// was English whatever the language: an image's load or decode failure, a series' load failure in its event, the
// overlay planes' failure, the viewer's own error, a prior study's date badge (ISO) and the CT window presets' names.
import { expect } from '@esm-bundle/chai';
import type { DicomErrorDetail } from '../../src/events/error.js';
import { LocaleFormat } from '../../src/i18n/locale-format.js';
import { sampleStudy, secondStudy } from '../../src/sample-data/phantom.js';
import { lightbox } from './bundle.js';
import { messageText, nextEvent, testServer, waitFor } from './viewport-helpers.js';

void lightbox; // defines the elements

/** A frame of `lang` holding `markup`, its elements connected after `listen` has its listeners on the frame. */
function page(lang: string, markup: string, listen?: (frame: HTMLElement) => void): HTMLElement {
  const frame = document.createElement('div');
  frame.lang = lang;
  frame.innerHTML = markup;
  listen?.(frame);
  document.body.append(frame);
  return frame;
}

/** What each fault of the test server's faulty series is said as in German (dicom-error's message, and on screen). */
const germanReasons: Record<string, RegExp> = {
  unauthorized: /^Das Bild konnte nicht geladen werden: nicht angemeldet oder die Anmeldung ist abgelaufen \(HTTP 401\)\.$/,
  forbidden: /^Das Bild konnte nicht geladen werden: Zugriff verweigert \(HTTP 403\)\.$/,
  server: /^Das Bild konnte nicht geladen werden: Serverfehler \(HTTP 503\)\.$/,
  network: /^Das Bild konnte nicht geladen werden: der Server hat nicht geantwortet\.$/,
  unsupported: /^Das Bild liegt in einer Transfersyntax vor, die dieser Betrachter nicht dekodieren kann \(.+, 1\.2\.840\.10008\.1\.2\.4\.92\)\.$/,
  // The decoder's own finding stays as the check wrote it (technical detail after the sentence).
  decode: /^Das Bild konnte nicht dekodiert werden: \S/,
};

describe('languages: what the elements make from failures, names and dates', () => {
  afterEach(() => {
    for (const frame of document.querySelectorAll('body > div[lang]')) frame.remove();
  });

  it("says in German why each image failed (401, 403, 503, a dropped connection, an unsupported syntax, a damaged frame), and in English once the page's language is", async () => {
    const { studyInstanceUid, seriesInstanceUid, imageCount, faults } = testServer.faultySeries;
    const errors: DicomErrorDetail[] = [];
    const frame = page('de', `<dicom-viewport style="display:block;width:256px;height:256px" dicomweb-root=${testServer.dicomwebRoot} study=${studyInstanceUid} series=${seriesInstanceUid}></dicom-viewport>`, (at) =>
      at.addEventListener('dicom-error', (event) => errors.push(event.detail)),
    );
    const viewport = frame.querySelector('dicom-viewport')!;
    await nextEvent(viewport, 'dicom-image-rendered', 40_000);
    expect(faults.map((fault) => fault.kind).sort()).to.deep.equal(Object.keys(germanReasons).sort());
    for (const fault of faults) {
      viewport.scrollToImage(fault.imageIndex);
      await waitFor(() => errors.some((error) => error.imageIndex === fault.imageIndex), `the error of image ${fault.imageIndex}`, 40_000);
      const error = errors.find((candidate) => candidate.imageIndex === fault.imageIndex)!;
      expect(error.message, fault.kind).to.match(germanReasons[fault.kind]!);
      await waitFor(() => messageText(viewport).startsWith(`Bild ${fault.imageIndex + 1} von ${imageCount}: `), `the German message of image ${fault.imageIndex}`);
      expect(messageText(viewport).slice(`Bild ${fault.imageIndex + 1} von ${imageCount}: `.length), fault.kind).to.match(germanReasons[fault.kind]!);
    }
    // The failure kept on screen is said again in the language the page switches to.
    const forbidden = faults.find((fault) => fault.kind === 'forbidden')!;
    viewport.scrollToImage(forbidden.imageIndex);
    await waitFor(() => messageText(viewport).includes('Zugriff verweigert'), 'the 403 in German');
    frame.lang = 'en';
    await waitFor(() => messageText(viewport) === `Image ${forbidden.imageIndex + 1} of ${imageCount}: The image could not be fetched: access denied (HTTP 403).`, 'the 403 in English');
  });

  it("says a series it cannot load in German, in its dicom-error as on screen", async () => {
    const errors: DicomErrorDetail[] = [];
    const frame = page('de', `<dicom-viewport style="display:block;width:256px;height:256px" dicomweb-root=${testServer.dicomwebRoot} study=${sampleStudy.studyInstanceUid} series="1.2.826.0.1.3680043.8.498.404"></dicom-viewport>`, (at) =>
      at.addEventListener('dicom-error', (event) => errors.push(event.detail)),
    );
    const viewport = frame.querySelector('dicom-viewport')!;
    await waitFor(() => errors.length > 0 && messageText(viewport) !== '' && !messageText(viewport).endsWith('…'), 'the missing series\' error', 30_000);
    expect(errors[0]!.kind).to.equal('not-found');
    expect(messageText(viewport)).to.match(/nicht gefunden/);
    expect(errors[0]!.message).to.equal(messageText(viewport));
  });

  it("heads the overlay planes' failure in German", async () => {
    const { withOverlayPlane } = testServer.viewportFixtures;
    const errors: DicomErrorDetail[] = [];
    const frame = page('de', `<dicom-viewport style="display:block;width:256px;height:256px" hide-overlays="overlay-planes" dicomweb-root=${testServer.dicomwebRoot} study=${withOverlayPlane.studyInstanceUid} series=${withOverlayPlane.seriesInstanceUid}></dicom-viewport>`, (at) =>
      at.addEventListener('dicom-error', (event) => errors.push(event.detail)),
    );
    const viewport = frame.querySelector('dicom-viewport')!;
    await nextEvent(viewport, 'dicom-image-rendered', 40_000);
    // The image is on screen; the planes' bulk data is asked for only once they are shown, and the page's sign-in fails then.
    viewport.source!.getAuthorization = () => {
      throw new Error('token service down');
    };
    viewport.removeAttribute('hide-overlays');
    await waitFor(() => errors.length > 0, 'the overlay planes\' error', 20_000);
    expect(errors.map((error) => error.message)).to.deep.equal(['Die Overlay-Ebenen konnten nicht geladen werden: token service down']);
    expect(errors[0]!.imageIndex).to.equal(0);
  });

  it("says the viewer's own failure to find a study's series in German", async () => {
    const errors: Array<{ from: EventTarget; detail: DicomErrorDetail }> = [];
    page('de', `<dicom-viewer style="display:block;width:600px;height:300px" no-series-browser no-toolbar no-measurements dicomweb-root="http://127.0.0.1:9/dicom-web" study=${sampleStudy.studyInstanceUid}></dicom-viewer>`, (at) =>
      at.addEventListener('dicom-error', (event) => errors.push({ from: event.composedPath()[0]!, detail: event.detail })),
    );
    const viewer = document.querySelector('body > div[lang] dicom-viewer')!;
    await waitFor(() => errors.some(({ from }) => from === viewer), "the viewer's error", 30_000);
    const { detail } = errors.find(({ from }) => from === viewer)!;
    expect(detail.kind).to.equal('network');
    expect(detail.message).to.match(/^Seriensuche: Server nicht erreichbar \(.+\)$/);
  });

  it("dates a prior study's badge as the viewer's locale writes dates: German, then English", async () => {
    const frame = page('de', `<dicom-viewer style="display:block;width:1000px;height:400px" no-series-browser no-toolbar no-measurements dicomweb-root=${testServer.dicomwebRoot}></dicom-viewer>`);
    const viewer = frame.querySelector('dicom-viewer')!;
    await viewer.loadStudy(sampleStudy.studyInstanceUid, { priors: [secondStudy.studyInstanceUid] });
    const badges = () => [...viewer.shadowRoot!.querySelectorAll('[part~="cell"]')].map((cell) => cell.querySelector('[part~="prior-date"]')?.textContent?.trim() ?? null);
    const german = new LocaleFormat('de').date(secondStudy.studyDate);
    expect(german).to.equal('03.12.2025');
    await waitFor(() => badges()[1] === german, `the prior's badge ${german}`, 30_000);
    expect(badges()[0]).to.equal(null);
    frame.lang = 'en';
    await waitFor(() => badges()[1] === new LocaleFormat('en').date(secondStudy.studyDate), 'the English date', 10_000);
  });

  it('names the CT window presets in German in the toolbar and its shortcut help', async () => {
    const [ct] = sampleStudy.series;
    const frame = page('de', `<dicom-toolbar for="i18n-presets"></dicom-toolbar>
      <dicom-viewport id="i18n-presets" style="display:block;width:256px;height:256px" dicomweb-root=${testServer.dicomwebRoot} study=${sampleStudy.studyInstanceUid} series=${ct!.seriesInstanceUid}></dicom-viewport>`);
    const toolbar = frame.querySelector('dicom-toolbar')!;
    await nextEvent(frame.querySelector('dicom-viewport')!, 'dicom-image-rendered', 40_000);
    const options = () => [...toolbar.shadowRoot!.querySelectorAll('[part~="preset"] option')].map((option) => option.textContent!.trim());
    await waitFor(() => options().includes('Lunge'), 'the German presets');
    expect(options()).to.include.members(['Weichteil', 'Lunge', 'Knochen', 'Gehirn', 'Leber']);
        expect(options().filter((option) => ['Lung', 'Bone', 'Brain', 'Liver'].includes(option))).to.deep.equal([]);
    toolbar.shadowRoot!.querySelector<HTMLButtonElement>('[part~="help-button"]')!.click();
    await toolbar.updateComplete;
    const lines = [...toolbar.shadowRoot!.querySelectorAll('[part~="help"] .shortcut')].map((line) => `${line.querySelector('dt')!.textContent!.trim()} = ${line.querySelector('dd')!.textContent}`);
    expect(lines).to.include.members(['1 = Fenster: Weichteil', '2 = Fenster: Lunge']);
  });
});
