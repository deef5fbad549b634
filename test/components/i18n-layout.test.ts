// Issue 18, languages and narrow layouts: at 860 px the study list and the toolbar stay inside their box in English
// and in German (columns cut with a tooltip; toolbar groups that do not fit go to an overflow menu, one row); the
// per-element `messages` table; dates, numbers and data-layer errors in the element's language.
import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import { sampleStudy } from '../../src/sample-data/phantom.js';
import type { DicomToolbar } from '../../src/components/toolbar/toolbar.component.js';
import type { DicomViewer } from '../../src/components/viewer/viewer.component.js';
import { lightbox } from './bundle.js';
import { control, focusedControl, reachByKeyboard } from './toolbar-helpers.js';
import { afterRender, testServer, waitFor } from './viewport-helpers.js';

const sampleOnly = 'accession-number="LBACC*"';

async function inLanguage(lang: string, markup: string): Promise<HTMLElement> {
  const container = document.createElement('div');
  container.lang = lang;
  container.innerHTML = markup;
  document.body.append(container);
  for (const element of container.querySelectorAll('*')) await (element as HTMLElement & { updateComplete?: Promise<unknown> }).updateComplete;
  return container;
}

/** How far `element`'s content reaches past its right edge (0: it fits). */
const overflowOf = (element: Element) => element.scrollWidth - element.clientWidth;

describe('narrow layouts and per-element words', () => {
  void lightbox;
  afterEach(() => {
    for (const container of document.querySelectorAll('body > div[lang]')) container.remove();
  });

  for (const lang of ['en', 'de']) {
    it(`keeps the study list inside 860 px in ${lang}: columns cut, their whole text in a tooltip`, async () => {
      const container = await inLanguage(lang, `<dicom-study-list style="width:860px" dicomweb-root="${testServer.dicomwebRoot}" ${sampleOnly}></dicom-study-list>`);
      const list = container.querySelector('dicom-study-list')!;
      const root = list.shadowRoot!;
      await waitFor(() => root.querySelectorAll('tbody tr').length >= 2, 'the sample studies');
      if (lang === 'de') await waitFor(() => root.textContent!.includes('Zugangsnummer'), 'German headings');
      await afterRender();
      expect(overflowOf(list), 'the element').to.be.at.most(0);
      const scroller = root.querySelector('.table-scroll')!;
      expect(overflowOf(scroller), 'the table inside its scroller').to.be.at.most(0);
      expect(root.querySelector('table')!.getBoundingClientRect().width).to.be.at.most(860);
      const form = root.querySelector('form')!;
      expect(form.getBoundingClientRect().right).to.be.at.most(list.getBoundingClientRect().right + 0.5);
      // Every heading and cell that is cut says its whole text on hover.
      for (const cell of root.querySelectorAll<HTMLElement>('td, th button')) {
        if (cell.scrollWidth > cell.clientWidth) expect(cell.title, cell.outerHTML).to.equal(cell.textContent!.trim());
      }
      const birthDate = [...root.querySelectorAll('tbody tr')].find((row) => (row as HTMLElement).dataset.study === sampleStudy.studyInstanceUid)!.children[2]!;
      expect(birthDate.textContent).to.equal(lang === 'de' ? '01.01.1980' : 'Jan 1, 1980');
    });

    it(`keeps a viewer's toolbar to one row at 860 px in ${lang}, what does not fit behind an overflow menu`, async () => {
      const container = await inLanguage(lang, `<dicom-viewer style="width:860px;height:420px;display:block" dicomweb-root="${testServer.dicomwebRoot}" study="${sampleStudy.studyInstanceUid}"></dicom-viewer>`);
      const viewer = container.querySelector('dicom-viewer') as DicomViewer;
      const toolbar = viewer.shadowRoot!.querySelector('dicom-toolbar') as DicomToolbar;
      await waitFor(() => !!viewer.activeViewport, 'an active viewport');
      if (lang === 'de') await waitFor(() => control(toolbar, 'invert').getAttribute('aria-label') === 'Invertieren', 'German');
      // The window presets arrive with the first image and widen the row: the toolbar fits itself again then.
      await waitFor(() => (viewer.activeViewport?.presets.length ?? 0) > 0, 'the window presets');
      await waitFor(() => toolbar.shadowRoot!.querySelector('[part~="more-button"]') !== null, 'the overflow menu');
      await afterRender();
      await afterRender();
      const base = toolbar.shadowRoot!.querySelector<HTMLElement>('[part~="base"]')!;
      expect(overflowOf(base), 'nothing past the right edge').to.be.at.most(1);
      expect(toolbar.getBoundingClientRect().width).to.be.at.most(860);
      const rows = new Set([...base.children].map((child) => Math.round(child.getBoundingClientRect().top)));
      expect(rows.size, 'one row of groups').to.equal(1);
      expect(base.getBoundingClientRect().height).to.be.below(50);
      // Every control keeps its name for assistive technology, in the row or in the menu.
      for (const item of toolbar.shadowRoot!.querySelectorAll<HTMLElement>('button, select')) expect(item.getAttribute('aria-label'), item.outerHTML).to.match(/\S/);
      // The measurement tools gave way first; a reader reaches them by keyboard through the menu.
      const length = control(toolbar, 'tool-length');
      expect(length.closest('[part~="overflow"]'), 'the length tool is in the menu').to.not.equal(null);
      await reachByKeyboard(toolbar, 'tool-length');
      expect(control(toolbar, 'more').getAttribute('aria-expanded')).to.equal('true');
      await sendKeys({ press: 'Enter' });
      expect(viewer.activeViewport!.tool).to.equal('length');
      await sendKeys({ press: 'Escape' });
      await toolbar.updateComplete;
      expect(control(toolbar, 'more').getAttribute('aria-expanded')).to.equal('false');
      expect(focusedControl(toolbar)).to.equal(control(toolbar, 'more'));
    });
  }

  it('gives every group its place again when the toolbar is wide', async () => {
    const container = await inLanguage('de', `<dicom-viewer style="width:860px;height:420px;display:block" dicomweb-root="${testServer.dicomwebRoot}" study="${sampleStudy.studyInstanceUid}"></dicom-viewer>`);
    const viewer = container.querySelector('dicom-viewer') as DicomViewer;
    const toolbar = viewer.shadowRoot!.querySelector('dicom-toolbar') as DicomToolbar;
    await waitFor(() => toolbar.shadowRoot!.querySelector('[part~="more-button"]') !== null, 'the overflow menu at 860 px');
    // Every group with every label (the measurement tools' from 1400 px) needs about 3300 px.
    viewer.style.width = '4000px';
    await waitFor(() => toolbar.shadowRoot!.querySelector('[part~="more-button"]') === null, 'no overflow menu at 4000 px');
    expect(overflowOf(toolbar.shadowRoot!.querySelector('[part~="base"]')!)).to.be.at.most(1);
  });

  it('takes a per-element messages table for that element and its parts only', async () => {
    const container = await inLanguage('de', `<dicom-toolbar id="one"></dicom-toolbar><dicom-toolbar id="two"></dicom-toolbar>
      <dicom-viewer style="width:1200px;height:300px;display:block" dicomweb-root="${testServer.dicomwebRoot}"></dicom-viewer>`);
    const [one, two] = [...container.querySelectorAll('dicom-toolbar')] as DicomToolbar[];
    await waitFor(() => control(one!, 'invert').getAttribute('aria-label') === 'Invertieren', 'German');
    one!.messages = { 'toolbar.invert': 'Negativ' };
    await one!.updateComplete;
    expect(control(one!, 'invert').getAttribute('aria-label')).to.equal('Negativ');
    expect(control(one!, 'rotate-left').getAttribute('aria-label'), 'what the table lacks is the language\'s').to.equal('Nach links drehen');
    expect(control(two!, 'invert').getAttribute('aria-label'), 'another toolbar keeps the language\'s').to.equal('Invertieren');
    const viewer = container.querySelector('dicom-viewer') as DicomViewer & { messages?: object };
    const inner = viewer.shadowRoot!.querySelector('dicom-toolbar') as DicomToolbar;
    viewer.messages = { 'toolbar.invert': 'Umkehren' };
    await waitFor(() => control(inner, 'invert').getAttribute('aria-label') === 'Umkehren', 'the viewer\'s table in its toolbar');
    one!.messages = undefined;
    await one!.updateComplete;
    expect(control(one!, 'invert').getAttribute('aria-label')).to.equal('Invertieren');
  });

  it('says a data-layer error in the element\'s language, with the error\'s code in the event', async () => {
    const container = document.createElement('div');
    container.lang = 'de';
    document.body.append(container);
    const list = document.createElement('dicom-study-list');
    container.append(list);
    await waitFor(() => list.shadowRoot!.textContent!.includes('Patientenname'), 'German loaded');
    const failed = new Promise<CustomEvent>((resolve) => list.addEventListener('dicom-error', (event) => resolve(event as CustomEvent), { once: true }));
    list.setAttribute('dicomweb-root', `${testServer.dicomwebRoot}/no-such-root`);
    const event = await failed;
    expect(event.detail.code).to.equal('http');
    expect(event.detail.message).to.match(/^Studiensuche: nicht gefunden \(HTTP 404/);
    await waitFor(() => list.shadowRoot!.querySelector('[part~="status"]')?.textContent?.includes('Studiensuche: nicht gefunden') ?? false, 'the German error on screen');
  });
});
