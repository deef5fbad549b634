// Issue 18, item 6 (keyboard-operable with visible focus): a reader who only has a keyboard reaches every control of
// a study list and of a viewer showing a study (its toolbar through its arrow keys, the one Tab stop a toolbar has)
// with real Tab and arrow key presses, and sees where the focus is: the focused control draws an outline or a ring
// (box-shadow) that it does not draw unfocused, in the light and the dark theme.
import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import { sampleStudy } from '../../src/sample-data/phantom.js';
import { lightbox } from './bundle.js';
import { testServer, waitFor } from './viewport-helpers.js';
import { viewportsShown } from './viewer-helpers.js';
import type { DicomViewer } from '../../src/components/viewer/viewer.component.js';

void lightbox; // defines the elements

/** The element that has the focus, through shadow roots. */
function focused(): HTMLElement | null {
  let active = document.activeElement as HTMLElement | null;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement as HTMLElement;
  return active;
}

/** What shows `element`'s focus: an outline or a box-shadow on it, or a ring drawn by the sibling after it. */
function indicator(element: Element): string {
  const own = getComputedStyle(element);
  const ring = element.nextElementSibling ? getComputedStyle(element.nextElementSibling).boxShadow : 'none';
  const outline = own.outlineStyle !== 'none' && parseFloat(own.outlineWidth) > 0 ? `outline ${own.outlineStyle} ${own.outlineWidth} ${own.outlineColor}` : '';
  return [outline, own.boxShadow !== 'none' ? `shadow ${own.boxShadow}` : '', ring !== 'none' ? `ring ${ring}` : ''].filter(Boolean).join('; ');
}

/** A readable name for a focused control in a failure message. */
function nameOf(element: HTMLElement): string {
  const host = (element.getRootNode() as ShadowRoot).host?.localName ?? 'document';
  return `${host} ${element.localName}${element.getAttribute('part') ? `[part="${element.getAttribute('part')}"]` : ''} "${(element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 30)}"`;
}

/**
 * Tabs from a button before `root` until the focus leaves it, arrowing through each toolbar met; answers the
 * controls reached without a visible focus (none: all is well) and how many were reached.
 */
async function walk(root: HTMLElement): Promise<{ reached: number; hosts: string[]; unseen: string[] }> {
  const start = document.createElement('button');
  start.textContent = 'start';
  root.before(start);
  start.focus();
  const seen = new Map<HTMLElement, string>();
  const check = (element: HTMLElement) => {
    if (!seen.has(element)) seen.set(element, indicator(element));
  };
  try {
    for (let step = 0; step < 150; step += 1) {
      await sendKeys({ press: 'Tab' });
      const element = focused();
      if (!element || !isInside(element, root)) break;
      check(element);
      // A toolbar is one Tab stop: its other controls are reached with the arrow keys.
      const toolbar = element.closest('[role="toolbar"]');
      if (toolbar) {
        for (let arrow = toolbar.querySelectorAll('button, select').length; arrow > 0; arrow -= 1) {
          await sendKeys({ press: 'ArrowRight' });
          const next = focused();
          if (next) check(next);
        }
      }
    }
    // Then each seen unfocused: what it drew focused must be its focus's own.
    start.focus();
  } finally {
    start.remove();
  }
  const unseen: string[] = [];
  for (const [element, shown] of seen) {
    const unfocused = indicator(element);
    if (!shown || shown === unfocused) unseen.push(`${nameOf(element)}: focused "${shown}", unfocused "${unfocused}"`);
  }
  const hosts = [...new Set([...seen.keys()].map((element) => (element.getRootNode() as ShadowRoot).host?.localName ?? 'document'))].sort();
  return { reached: seen.size, hosts, unseen };
}

/** Whether `element` is in `root`'s tree, through the shadow roots between them. */
function isInside(element: Element, root: Element): boolean {
  let node: Node | null = element;
  while (node) {
    if (node === root) return true;
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return false;
}

describe('visible focus, by keyboard alone', () => {
  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-viewer, dicom-study-list')) element.remove();
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`shows where the focus is on every control of a study list (${theme})`, async () => {
      const list = document.createElement('dicom-study-list');
      list.setAttribute('theme', theme);
      list.setAttribute('dicomweb-root', testServer.dicomwebRoot);
      list.setAttribute('accession-number', 'LBACC*');
      document.body.append(list);
      await waitFor(() => list.shadowRoot!.querySelectorAll('tbody tr').length > 0, 'the studies', 20_000);
      const { reached, unseen } = await walk(list);
      expect(reached, 'controls reached by Tab').to.be.above(8);
      expect(unseen).to.deep.equal([]);
    });

    it(`shows where the focus is on every control of a viewer showing a study (${theme})`, async () => {
      const viewer = document.createElement('dicom-viewer') as DicomViewer;
      viewer.style.cssText = 'display:block;width:1200px;height:600px';
      viewer.setAttribute('theme', theme);
      viewer.setAttribute('dicomweb-root', testServer.dicomwebRoot);
      viewer.setAttribute('study', sampleStudy.studyInstanceUid);
      viewer.setAttribute('layout', '1x2');
      document.body.append(viewer);
      await viewportsShown(viewer);
      const { reached, hosts, unseen } = await walk(viewer);
      expect(hosts, 'the parts reached by Tab and arrows').to.include.members(['dicom-toolbar', 'dicom-series-browser', 'dicom-viewport']);
      expect(reached, 'controls reached by Tab and arrows').to.be.above(8);
      expect(unseen).to.deep.equal([]);
    });
  }
});
