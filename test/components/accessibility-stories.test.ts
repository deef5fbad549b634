// Issue 18, item 6 (axe on every story): each story of stories/ rendered from its own template and args, against the
// test server, once it has settled (nothing loading), and judged by axe-core: no violation of serious or critical
// impact. The error stories get the test server's fixtures (a corrupt frame, a refused token).
import { expect } from '@esm-bundle/chai';
import { render, nothing, type TemplateResult } from 'lit';
import { lightbox } from './bundle.js';
import { testServer } from './viewport-helpers.js';
import { violationsOf } from './axe.js';
import * as viewportStories from '../../stories/dicom-viewport.stories.js';
import * as studyListStories from '../../stories/dicom-study-list.stories.js';
import * as seriesBrowserStories from '../../stories/dicom-series-browser.stories.js';
import * as toolbarStories from '../../stories/dicom-toolbar.stories.js';
import * as measurementsStories from '../../stories/dicom-measurements.stories.js';
import * as viewerStories from '../../stories/dicom-viewer.stories.js';

void lightbox; // defines the elements

interface StoryLike {
  args?: Record<string, unknown>;
  render?: (args: Record<string, unknown>, context: unknown) => TemplateResult;
}
type StoryModule = Record<string, unknown> & { default: StoryLike & { title: string } };

const modules = [viewportStories, studyListStories, seriesBrowserStories, toolbarStories, measurementsStories, viewerStories] as unknown as StoryModule[];

/** Every element under `root`, through open shadow roots. */
function deepElements(root: ParentNode): Element[] {
  const found: Element[] = [];
  for (const element of root.querySelectorAll('*')) {
    found.push(element);
    if (element.shadowRoot) found.push(...deepElements(element.shadowRoot));
  }
  return found;
}

/** Whether anything in the story still loads: a status ending in an ellipsis ("Loading series…") or a progress bar. */
function loading(root: ParentNode): boolean {
  return deepElements(root).some(
    (element) => element.getAttribute('part')?.split(' ').includes('progress') || (element.getAttribute('role') === 'status' && /…\s*$/.test(element.textContent ?? '')),
  );
}

async function settle(container: HTMLElement): Promise<void> {
  const start = performance.now();
  let quietSince = 0;
  // Settled: nothing loading for half a second (a series loads after its study, an image after its series).
  while (performance.now() - start < 30_000) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (loading(container)) quietSince = 0;
    else if (!quietSince) quietSince = performance.now();
    else if (performance.now() - quietSince > 500) return;
  }
}

describe('axe on every story', () => {
  for (const module of modules) {
    const meta = module.default;
    for (const [name, value] of Object.entries(module)) {
      if (name === 'default' || typeof value !== 'object' || value === null) continue;
      const story = value as StoryLike;
      it(`${meta.title} / ${name}: no serious or critical violation`, async () => {
        const args = { ...meta.args, ...story.args };
        // The test server, unless the story names a server of its own (a server that is down).
        if (!story.args || !('dicomwebRoot' in story.args)) args.dicomwebRoot = testServer.dicomwebRoot;
        const template = (story.render ?? meta.render)!(args, { args, name });
        const container = document.createElement('div');
        container.style.width = '1200px';
        document.body.append(container);
        try {
          render(template, container);
          await settle(container);
          const serious = (await violationsOf(container)).filter((line) => /\((serious|critical)\)/.test(line));
          expect(serious).to.deep.equal([]);
        } finally {
          render(nothing, container);
          container.remove();
        }
      });
    }
  }
});
