// Issue 18, item 5 (languages): every element speaks the language of `lang` on itself or its nearest ancestor (the
// viewer's parts through its shadow root), else the document's; German is fetched on first use; an unknown language
// is English; a host's registered table is used by every element.
import { expect } from '@esm-bundle/chai';
import { sampleStudy } from '../../src/sample-data/phantom.js';
import { lightbox } from './bundle.js';
import { testServer, waitFor } from './viewport-helpers.js';

const shadowText = (element: Element) => {
  const parts: string[] = [];
  const walk = (root: ParentNode) => {
    for (const node of root.querySelectorAll('*')) {
      for (const attribute of ['aria-label', 'title', 'placeholder']) if (node.getAttribute(attribute)) parts.push(node.getAttribute(attribute)!);
      if (node.shadowRoot) walk(node.shadowRoot);
    }
    for (const node of root.childNodes) if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
    for (const node of root.querySelectorAll('*')) for (const child of node.childNodes) if (child.nodeType === Node.TEXT_NODE) parts.push(child.textContent ?? '');
  };
  walk(element.shadowRoot!);
  return parts.join(' ').replace(/\s+/g, ' ');
};

async function page(lang: string, markup: string): Promise<HTMLElement> {
  const container = document.createElement('div');
  container.lang = lang;
  container.innerHTML = markup;
  document.body.append(container);
  for (const element of container.querySelectorAll('*')) await (element as HTMLElement & { updateComplete?: Promise<unknown> }).updateComplete;
  return container;
}

const elements = `
  <dicom-study-list dicomweb-root="${testServer.dicomwebRoot}" accession-number="LBACC*"></dicom-study-list>
  <dicom-series-browser dicomweb-root="${testServer.dicomwebRoot}" study="${sampleStudy.studyInstanceUid}"></dicom-series-browser>
  <dicom-toolbar></dicom-toolbar>
  <dicom-measurements></dicom-measurements>
  <dicom-viewport style="height:200px"></dicom-viewport>
`;

describe('languages', () => {
  void lightbox;
  afterEach(() => {
    for (const container of document.querySelectorAll('body > div[lang]')) container.remove();
    document.documentElement.removeAttribute('lang');
  });

  it('shows German in every element under lang="de"', async () => {
    const container = await page('de', elements);
    const one = (tag: string) => container.querySelector(tag)!;
    await waitFor(() => shadowText(one('dicom-study-list')).includes('Studiendatum') && shadowText(one('dicom-study-list')).includes('Geburtsdatum'), 'the German study list', 20_000);
    await waitFor(() => /\d+ Bilder/.test(shadowText(one('dicom-series-browser'))), 'the German series browser', 20_000);
    // The study's date as German writes it (15.01.2026), not ISO's 2026-01-15.
    expect(shadowText(one('dicom-series-browser'))).to.match(/\b\d{2}\.\d{2}\.\d{4}\b/).and.not.match(/\b\d{4}-\d{2}-\d{2}\b/);
    await waitFor(() => shadowText(one('dicom-toolbar')).includes('Invertieren'), 'the German toolbar');
    expect(shadowText(one('dicom-toolbar'))).to.include('Fenstervoreinstellung').and.include('Länge').and.not.include('Invert ');
    await waitFor(() => shadowText(one('dicom-measurements')).includes('Keine Messungen'), 'the German measurement list');
    await waitFor(() => shadowText(one('dicom-viewport')).includes('Kein DICOMweb-Server'), 'the German viewport message');
    for (const tag of ['dicom-study-list', 'dicom-series-browser', 'dicom-toolbar', 'dicom-measurements', 'dicom-viewport']) {
      expect(shadowText(one(tag)), tag).not.to.match(/\b(Search|Loading|No study|No measurements|No DICOMweb|Images|Patient name)\b/);
    }
  });

  it('speaks the document language when no ancestor sets one, and follows a change of it', async () => {
    document.documentElement.lang = 'de-CH';
    const list = document.createElement('dicom-measurements');
    document.body.append(list);
    try {
      await waitFor(() => shadowText(list).includes('Keine Messungen'), 'German from <html lang>');
      document.documentElement.lang = 'en';
      await waitFor(() => shadowText(list).includes('No measurements'), 'English after the page switched');
    } finally {
      list.remove();
    }
  });

  it('falls back to English for a language it does not know', async () => {
    const container = await page('tlh', elements);
    await waitFor(() => shadowText(container.querySelector('dicom-measurements')!).includes('No measurements'), 'English');
    expect(shadowText(container.querySelector('dicom-toolbar')!)).to.include('Invert');
    expect(shadowText(container.querySelector('dicom-viewport')!)).to.include('No DICOMweb server');
  });

  it('gives a viewer\'s parts the viewer\'s language, and a host\'s registered table to every element', async () => {
    lightbox.registerMessages('fr', { 'measurements.none': 'Aucune mesure', 'toolbar.invert': 'Inverser' });
    const container = await page('fr', `<dicom-viewer dicomweb-root="${testServer.dicomwebRoot}" style="height:400px"></dicom-viewer>`);
    const viewer = container.querySelector('dicom-viewer')!;
    await waitFor(() => shadowText(viewer).includes('Aucune mesure') && shadowText(viewer).includes('Inverser'), 'the host\'s French in the viewer\'s parts');
    expect(shadowText(viewer)).to.include('Rotate left'); // what the host's table lacks is English
  });

  it('takes a language registered after its elements are on the page, in each of them and in a viewer\'s parts', async () => {
    const container = await page('it', `<dicom-measurements></dicom-measurements>
      <dicom-viewer dicomweb-root="${testServer.dicomwebRoot}" style="height:400px"></dicom-viewer>`);
    const list = container.querySelector('dicom-measurements')!;
    const viewer = container.querySelector('dicom-viewer')!;
    await waitFor(() => shadowText(list).includes('No measurements') && shadowText(viewer).includes('Invert'), 'English while Italian is unknown');
    lightbox.registerMessages('it', { 'measurements.none': 'Nessuna misura', 'toolbar.invert': 'Inverti' });
    await waitFor(() => shadowText(list).includes('Nessuna misura'), 'the late language in an element of the page');
    await waitFor(() => shadowText(viewer).includes('Nessuna misura') && shadowText(viewer).includes('Inverti'), 'the late language in the viewer\'s parts');
  });
});
