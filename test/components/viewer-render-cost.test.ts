// What a render of the viewer and its parts costs beyond the DOM it changes: on a page without `lang` (or with a tag
// written otherwise than Intl's canonical form), rendering again makes no new locale formatters; each step of a
// synchronized scroll renders four viewports' overlays, and four `Intl` formatters a render showed in its profile.
import { expect } from '@esm-bundle/chai';
import { lightbox } from './bundle.js';
import { viewerFixture } from './viewer-helpers.js';
import { storeViewerFixtures } from './viewer-fixtures.js';

void lightbox;

/** Counts the `Intl.DateTimeFormat`s made while `work` runs (the real constructor, counted). */
async function dateFormatsMadeDuring(work: () => Promise<void>): Promise<number> {
  const original = Intl.DateTimeFormat;
  let made = 0;
  Intl.DateTimeFormat = new Proxy(original, {
    construct(target, args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
      made += 1;
      return new target(...args);
    },
  });
  try {
    await work();
  } finally {
    Intl.DateTimeFormat = original;
  }
  return made;
}

async function renderAgain(viewer: HTMLElement & { viewports: Array<HTMLElement & { updateComplete: Promise<boolean> }>; updateComplete: Promise<boolean> }): Promise<void> {
  for (let round = 0; round < 5; round += 1) {
    const elements = [viewer, ...viewer.viewports, ...[...viewer.shadowRoot!.querySelectorAll('dicom-toolbar, dicom-series-browser, dicom-measurements')].map((element) => element as HTMLElement & { updateComplete: Promise<boolean>; requestUpdate(): void })];
    for (const element of elements) (element as unknown as { requestUpdate(): void }).requestUpdate();
    await Promise.all(elements.map((element) => element.updateComplete));
  }
}

describe('<dicom-viewer> render cost', () => {
  before(() => storeViewerFixtures());
  const documentLang = document.documentElement.lang;

  afterEach(() => {
    document.documentElement.lang = documentLang;
    for (const element of document.querySelectorAll('dicom-viewer')) element.remove();
  });

  for (const lang of ['', 'en-us', 'de-ch']) {
    it(`makes no locale formatters when it renders again (document lang "${lang}")`, async () => {
      document.documentElement.lang = lang;
      const viewer = await viewerFixture({ layout: '2x2' }, 800, 600);
      await renderAgain(viewer);
      const made = await dateFormatsMadeDuring(() => renderAgain(viewer));
      expect(made, 'Intl.DateTimeFormat constructions over 5 renders of the viewer and its parts').to.equal(0);
    });
  }
});
