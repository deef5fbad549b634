// Issue 18, item 6: axe-core (the maintained WCAG rule engine) run in the real page over each element in the states
// a reader meets: the study list with results, a viewport showing a CT with its overlays and while it fails, and
// the measurement list with a measurement. axe checks open shadow roots, so the elements' own markup is judged.
import { expect } from '@esm-bundle/chai';
import { ctPhantom, sampleStudy } from '../../src/sample-data/phantom.js';
import type { DicomStudyList } from '../../src/components/study-list/study-list.component.js';
import { lightbox } from './bundle.js';
import { afterRender, nextEvent, testServer, viewportFixture } from './viewport-helpers.js';
import { drag, pagePointOf } from './measurement-helpers.js';
import { violationsOf } from './axe.js';

void lightbox; // defines the elements
const [ctSeries] = sampleStudy.series;

describe('accessibility (axe-core)', () => {
  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-viewport, dicom-study-list, dicom-measurements')) element.remove();
  });

  it('finds no violation in the study list showing the sample studies', async () => {
    const list = document.createElement('dicom-study-list') as DicomStudyList;
    list.setAttribute('dicomweb-root', testServer.dicomwebRoot);
    list.setAttribute('accession-number', 'LBACC*');
    document.body.append(list);
    await list.updateComplete;
    const start = performance.now();
    while (list.shadowRoot!.querySelectorAll('tbody tr').length === 0) {
      if (performance.now() - start > 15_000) throw new Error('the study list showed no study');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await violationsOf(list)).to.deep.equal([]);
  });

  it('finds no violation in a viewport showing the CT with its overlays, nor in one that failed', async () => {
    const shown = await viewportFixture({ 'dicomweb-root': testServer.dicomwebRoot, study: sampleStudy.studyInstanceUid, series: ctSeries.seriesInstanceUid }, 384);
    await nextEvent(shown, 'dicom-image-rendered');
    await afterRender();
    expect(await violationsOf(shown)).to.deep.equal([]);

    const failed = await viewportFixture({ 'dicomweb-root': testServer.dicomwebRoot, study: '1.2.3.999', series: '1.2.3.999.1' }, 256);
    await nextEvent(failed, 'dicom-error');
    await failed.updateComplete;
    expect(failed.shadowRoot!.querySelector('[part~="message"]')?.textContent).to.match(/\S/);
    expect(await violationsOf(failed)).to.deep.equal([]);
  });

  it('finds no violation in the measurement list holding a measurement', async () => {
    const element = await viewportFixture({ 'dicomweb-root': testServer.dicomwebRoot, study: sampleStudy.studyInstanceUid, series: ctSeries.seriesInstanceUid, tool: 'length', id: 'measured' }, 512);
    const list = document.createElement('dicom-measurements');
    list.setAttribute('for', 'measured');
    document.body.append(list);
    await nextEvent(element, 'dicom-image-rendered');
    await afterRender();
    const added = nextEvent(element, 'dicom-measurement-added');
    const [cx, cy] = ctPhantom.regions.bone.centre;
    await drag([pagePointOf(element, [cx - 40, cy + 0.5], ctPhantom.columns, ctPhantom.rows), pagePointOf(element, [cx + 40, cy + 0.5], ctPhantom.columns, ctPhantom.rows)]);
    await added;
    await list.updateComplete;
    expect(list.shadowRoot!.querySelectorAll('[part~="item"]')).to.have.length(1);
    expect(await violationsOf(list)).to.deep.equal([]);
  });
});
