// Issue 18, item 5 (themes on every element): the toolbar, the measurement list, the series browser, the viewport's
// chrome (its message) and the viewer with its parts each take the `theme` attribute's palette, else the reader's
// `prefers-color-scheme` (emulated through the DevTools protocol); a viewer's parts show the viewer's palette; axe-core
// finds no violation, contrast included, in either palette.
import { expect } from '@esm-bundle/chai';
import { emulateMedia } from '@web/test-runner-commands';
import { sampleStudy } from '../../src/sample-data/phantom.js';
import { lightbox } from './bundle.js';
import { testServer, waitFor } from './viewport-helpers.js';
import { violationsOf } from './axe.js';

void lightbox; // defines the elements

const darkSurface = 'rgb(22, 22, 22)';
const lightSurface = 'rgb(255, 255, 255)';
const background = (element: Element) => getComputedStyle(element).backgroundColor;

interface Case {
  tag: string;
  /** Sets the element up in a state that shows its chrome. */
  attributes: Record<string, string>;
  /** The element whose background is the palette's surface. */
  surface: (element: HTMLElement) => Element;
  /** Resolves when the element shows what axe should judge. */
  ready: (element: HTMLElement) => Promise<unknown>;
}

const shadow = (element: HTMLElement, selector: string) => element.shadowRoot!.querySelector(selector);

const cases: Case[] = [
  { tag: 'dicom-toolbar', attributes: {}, surface: (element) => element, ready: async () => undefined },
  { tag: 'dicom-measurements', attributes: {}, surface: (element) => element, ready: (element) => waitFor(() => shadow(element, '[part~="empty"]') !== null, 'the empty list') },
  {
    tag: 'dicom-series-browser',
    attributes: { 'dicomweb-root': testServer.dicomwebRoot, study: sampleStudy.studyInstanceUid },
    surface: (element) => element,
    ready: (element) => waitFor(() => shadow(element, '[part~="study"] button') !== null, 'the series', 20_000),
  },
  {
    tag: 'dicom-viewport',
    attributes: {}, // no server: the element says so in its message box
    surface: (element) => shadow(element, '[part~="message"]')!,
    ready: (element) => waitFor(() => shadow(element, '[part~="message"]') !== null, 'the message'),
  },
];

async function fixture(tag: string, attributes: Record<string, string>, theme?: string): Promise<HTMLElement> {
  const element = document.createElement(tag) as HTMLElement & { updateComplete: Promise<unknown> };
  element.style.width = '480px';
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  if (theme !== undefined) element.setAttribute('theme', theme);
  document.body.append(element);
  await element.updateComplete;
  return element;
}

describe('themes on every element', () => {
  afterEach(async () => {
    for (const element of document.querySelectorAll('dicom-toolbar, dicom-measurements, dicom-series-browser, dicom-viewport, dicom-viewer')) element.remove();
    await emulateMedia({ colorScheme: 'no-preference' });
  });

  for (const { tag, attributes, surface, ready } of cases) {
    it(`<${tag}> follows prefers-color-scheme, and its theme attribute over it`, async () => {
      await emulateMedia({ colorScheme: 'dark' });
      const element = await fixture(tag, attributes);
      await ready(element);
      expect(background(surface(element))).to.equal(darkSurface);
      await emulateMedia({ colorScheme: 'light' });
      expect(background(surface(element))).to.equal(lightSurface);
      element.setAttribute('theme', 'dark');
      expect(background(surface(element))).to.equal(darkSurface);
    });

    for (const theme of ['light', 'dark']) {
      it(`<${tag}> has no accessibility violation (contrast included) in the ${theme} theme`, async () => {
        const element = await fixture(tag, attributes, theme);
        await ready(element);
        expect(await violationsOf(element)).to.deep.equal([]);
      });
    }
  }

  it('<dicom-viewer> shows its palette in its toolbar, series browser, measurement list and viewport messages', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const viewer = await fixture('dicom-viewer', { 'dicomweb-root': testServer.dicomwebRoot }, 'light');
    const parts = ['dicom-toolbar', 'dicom-series-browser', 'dicom-measurements'].map((tag) => shadow(viewer, tag)!);
    for (const part of parts) expect(background(part), part.localName).to.equal(lightSurface);
    const viewport = shadow(viewer, 'dicom-viewport') as HTMLElement;
    await waitFor(() => shadow(viewport, '[part~="message"]') !== null, 'the viewport message');
    expect(background(shadow(viewport, '[part~="message"]')!)).to.equal(lightSurface);
    viewer.removeAttribute('theme'); // now the reader's dark scheme, in every part
    for (const part of parts) expect(background(part), part.localName).to.equal(darkSurface);
    expect(await violationsOf(viewer)).to.deep.equal([]);
    viewer.setAttribute('theme', 'light');
    expect(await violationsOf(viewer)).to.deep.equal([]);
  });
});
