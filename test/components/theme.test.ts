// Issue 18, item 5 (themes): the elements' chrome takes the `theme` attribute's palette, else the reader's
// `prefers-color-scheme` (emulated through the DevTools protocol), and a `--dicom-color-*` token the page sets on an
// ancestor wins over both; axe-core finds no contrast failure in either palette.
import { expect } from '@esm-bundle/chai';
import { emulateMedia } from '@web/test-runner-commands';
import type { DicomStudyList } from '../../src/components/study-list/study-list.component.js';
import { lightbox } from './bundle.js';
import { testServer } from './viewport-helpers.js';
import { violationsOf } from './axe.js';

void lightbox; // defines the elements

async function studyList(theme?: string): Promise<DicomStudyList> {
  const list = document.createElement('dicom-study-list') as DicomStudyList;
  list.setAttribute('dicomweb-root', testServer.dicomwebRoot);
  list.setAttribute('accession-number', 'LBACC*');
  if (theme !== undefined) list.setAttribute('theme', theme);
  document.body.append(list);
  await list.updateComplete;
  const start = performance.now();
  while (list.shadowRoot!.querySelectorAll('tbody tr').length === 0) {
    if (performance.now() - start > 15_000) throw new Error('the study list showed no study');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return list;
}

const background = (element: Element) => getComputedStyle(element).backgroundColor;
const textColour = (element: Element) => getComputedStyle(element).color;

describe('themes', () => {
  afterEach(async () => {
    for (const element of document.querySelectorAll('dicom-study-list')) element.remove();
    document.body.style.removeProperty('--dicom-color-surface');
    await emulateMedia({ colorScheme: 'no-preference' });
  });

  it('follows prefers-color-scheme when no theme is set, and the theme attribute over it', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const list = await studyList();
    expect(background(list)).to.equal('rgb(22, 22, 22)');
    expect(textColour(list)).to.equal('rgb(228, 228, 228)');
    await emulateMedia({ colorScheme: 'light' });
    expect(background(list)).to.equal('rgb(255, 255, 255)');
    expect(textColour(list)).to.equal('rgb(29, 29, 31)');
    list.theme = 'dark';
    await list.updateComplete;
    expect(list.getAttribute('theme')).to.equal('dark');
    expect(background(list)).to.equal('rgb(22, 22, 22)');
    await emulateMedia({ colorScheme: 'dark' });
    list.theme = 'light';
    await list.updateComplete;
    expect(background(list)).to.equal('rgb(255, 255, 255)');
  });

  it('lets a token set by the page on an ancestor win over either palette', async () => {
    document.body.style.setProperty('--dicom-color-surface', 'rgb(1, 2, 3)');
    const list = await studyList('light');
    expect(background(list)).to.equal('rgb(1, 2, 3)');
    list.theme = 'dark';
    await list.updateComplete;
    expect(background(list)).to.equal('rgb(1, 2, 3)');
  });

  for (const theme of ['light', 'dark']) {
    it(`finds no accessibility violation (contrast included) in the ${theme} theme`, async () => {
      const list = await studyList(theme);
      list.shadowRoot!.querySelector<HTMLTableRowElement>('tbody tr')!.click(); // the current row's colours too
      await list.updateComplete;
      expect(await violationsOf(list)).to.deep.equal([]);
    });
  }
});
