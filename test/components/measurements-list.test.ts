// <dicom-measurements>: the list of a viewport's measurements, grouped by series and image; select, rename, delete
// by mouse and keyboard; announced in a live region; two independent viewports keep their own.
import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import { ctPhantom, sampleStudy, sopInstanceUidOf } from '../../src/sample-data/phantom.js';
import type { DicomViewport } from '../../src/components/viewport/viewport.component.js';
import type { DicomMeasurements } from '../../src/components/measurements/measurements.component.js';
import type { Measurement } from '../../src/measurements/measurement.js';
import { lightbox } from './bundle.js';
import { afterRender, nextEvent, testServer, viewportFixture, waitFor } from './viewport-helpers.js';
import { drag, drawnText, pagePointOf, recordMeasurementEvents } from './measurement-helpers.js';

void lightbox; // defines the elements
const [ctSeries] = sampleStudy.series;
const ct = { 'dicomweb-root': testServer.dicomwebRoot, study: sampleStudy.studyInstanceUid, series: ctSeries.seriesInstanceUid };

function at(element: DicomViewport, x: number, y: number): [number, number] {
  return pagePointOf(element, [x, y], ctPhantom.columns, ctPhantom.rows);
}

function rows(list: DicomMeasurements): string[] {
  return [...list.shadowRoot!.querySelectorAll('[part~="item"] .measurement')].map((node) => node.textContent!.replace(/\s+/g, ' ').trim());
}

describe('<dicom-measurements>', () => {
  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-viewport, dicom-measurements')) element.remove();
  });

  it('lists a viewport\'s measurements by series and image, follows drawing, and announces it', async () => {
    const element = await viewportFixture({ ...ct, tool: 'length', id: 'measured' }, 512);
    const list = document.createElement('dicom-measurements');
    list.setAttribute('for', 'measured');
    document.body.append(list);
    await nextEvent(element, 'dicom-image-rendered');
    await afterRender();
    await list.updateComplete;
    expect(list.shadowRoot!.querySelector('[part~="empty"]')?.textContent).to.equal('No measurements');
    const added = nextEvent(element, 'dicom-measurement-added');
    const [cx, cy] = ctPhantom.regions.bone.centre;
    await drag([at(element, cx - 40, cy + 0.5), at(element, cx + 40, cy + 0.5)]);
    await added;
    await list.updateComplete;
    expect(rows(list)).to.have.length(1);
    expect(rows(list)[0]).to.match(/^Length 5\d\.\d\d mm$/);
    expect(list.shadowRoot!.querySelector('[part~="series"]')!.textContent).to.equal('Series 1 CT phantom axial');
    expect(list.shadowRoot!.querySelector('[part~="image"]')!.textContent).to.equal(`Image 1 of ${ctPhantom.slices}`);
    expect(list.shadowRoot!.querySelector('[role="status"]')!.textContent).to.match(/^Length added: 5\d\.\d\d mm$/);
  });

  it('speaks the page\'s language: headings, values, announcements and the values drawn on the image in German', async () => {
    const element = await viewportFixture({ ...ct, tool: 'ellipse-roi', id: 'gemessen', lang: 'de' }, 512);
    const list = document.createElement('dicom-measurements');
    list.setAttribute('for', 'gemessen');
    list.lang = 'de';
    document.body.append(list);
    await nextEvent(element, 'dicom-image-rendered');
    await afterRender();
    await waitFor(() => list.shadowRoot!.querySelector('[part~="empty"]')?.textContent === 'Keine Messungen', 'the German table');
    const added = nextEvent(element, 'dicom-measurement-added');
    const [wx, wy] = ctPhantom.regions.water.centre;
    await drag([at(element, wx - 20, wy - 15), at(element, wx, wy), at(element, wx + 20, wy + 15)]);
    await added;
    await list.updateComplete;
    expect(list.shadowRoot!.querySelector('[part~="series"]')!.textContent).to.equal('Serie 1 CT phantom axial');
    expect(list.shadowRoot!.querySelector('[part~="image"]')!.textContent).to.equal(`Bild 1 von ${ctPhantom.slices}`);
    expect(rows(list)[0]).to.match(/^Ellipsen-ROI -?\d+\.\d+ ± \d+\.\d+ HU, \d+\.\d+ mm²$/);
    expect(list.shadowRoot!.querySelector('[role="status"]')!.textContent).to.match(/^Ellipsen-ROI hinzugefügt: -?\d+\.\d+ ± \d+\.\d+ HU, \d+\.\d+ mm²$/);
    await afterRender();
    const drawn = drawnText(element);
    expect(drawn).to.match(/Mittelwert: -?\d+\.\d+ HU/);
    expect(drawn).to.contain('Fläche:');
    expect(drawn).to.not.contain('Mean');
    element.removeMeasurement(element.getMeasurements()[0]!.id);
    await list.updateComplete;
    expect(list.shadowRoot!.querySelector('[role="status"]')!.textContent).to.equal('Ellipsen-ROI entfernt');
  });

  it('shows a measurement\'s image and selects it on click; renames with F2 and deletes with Delete from the keyboard', async () => {
    const element = await viewportFixture(ct, 512);
    const list = document.createElement('dicom-measurements');
    document.body.append(list);
    await nextEvent(element, 'dicom-image-rendered');
    // A measurement on image 5 (the sixth instance: the stack follows the slices), set by program.
    const template = await drawOne(element);
    element.clearMeasurements();
    element.scrollToImage(0);
    const onImage5: Measurement = { ...template, id: 'on-image-5', image: { ...template.image, sopInstanceUid: sopInstanceUidOf(ctSeries.seriesInstanceUid, 6) } };
    element.setMeasurements([onImage5]);
    list.viewport = element;
    await list.updateComplete;
    expect(list.shadowRoot!.querySelector('[part~="image"]')!.textContent).to.equal(`Image 6 of ${ctPhantom.slices}`);

    const shown = nextEvent(element, 'dicom-image-rendered');
    (list.shadowRoot!.querySelector('[part~="item"] .measurement') as HTMLButtonElement).click();
    expect((await shown).detail.imageIndex).to.equal(5);
    await list.updateComplete;
    expect(list.shadowRoot!.querySelector('[part~="item"]')!.getAttribute('aria-current')).to.equal('true');

    const events = recordMeasurementEvents(element);
    (list.shadowRoot!.querySelector('[part~="item"] .measurement') as HTMLButtonElement).focus();
    await sendKeys({ press: 'F2' });
    await list.updateComplete;
    const field = list.shadowRoot!.querySelector('input[part~="rename"]') as HTMLInputElement;
    expect(list.shadowRoot!.activeElement).to.equal(field);
    field.select();
    await sendKeys({ type: 'Lesion 1' });
    await sendKeys({ press: 'Enter' });
    await list.updateComplete;
    expect(events.map(({ type, detail }) => `${type} ${detail.label}`)).to.deep.equal(['dicom-measurement-changed Lesion 1']);
    expect(rows(list)[0]).to.contain('Lesion 1');
    expect(element.getMeasurements()[0]!.label).to.equal('Lesion 1');

    expect(list.shadowRoot!.activeElement?.classList.contains('measurement')).to.equal(true);
    await sendKeys({ press: 'Delete' });
    await list.updateComplete;
    expect(events.map(({ type }) => type)).to.deep.equal(['dicom-measurement-changed', 'dicom-measurement-removed']);
    expect(rows(list)).to.deep.equal([]);
    expect(element.getMeasurements()).to.deep.equal([]);
  });

  it('a measurement from a report is read-only until its Edit button (unlockMeasurement()) makes it the reader\'s', async () => {
    const element = await viewportFixture({ ...ct, id: 'measured' }, 512);
    const list = document.createElement('dicom-measurements');
    list.setAttribute('for', 'measured');
    document.body.append(list);
    await nextEvent(element, 'dicom-image-rendered');
    const drawn = await drawOne(element);
    element.tool = 'window-level'; // measurements stay editable by their handles; a drag elsewhere draws nothing
    await element.updateComplete;
    // As a report's measurement arrives: read-only.
    element.setMeasurements([{ ...drawn, readOnly: true }]);
    await afterRender();
    await list.updateComplete;
    expect(rows(list)[0]).to.contain('(from report)');
    const events = recordMeasurementEvents(element);
    // Its end handle does not move.
    await drag([at(element, 200, 420), at(element, 220, 420), at(element, 240, 420)]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(events, 'a locked measurement is not edited').to.deep.equal([]);
    expect(element.getMeasurements().map(({ id, readOnly }) => [id, readOnly])).to.deep.equal([[drawn.id, true]]);

    const edit = list.shadowRoot!.querySelector('[part~="edit"]') as HTMLButtonElement;
    expect(edit.getAttribute('aria-label')).to.equal('Edit Length from report');
    edit.click();
    await list.updateComplete;
    expect(events.map(({ type }) => type)).to.deep.equal(['dicom-measurement-changed']);
    expect(events[0]!.detail).to.not.have.property('readOnly');
    expect(rows(list)[0]).to.not.contain('(from report)');
    expect(list.shadowRoot!.querySelector('[part~="edit"]')).to.equal(null);
    await drag([at(element, 200, 420), at(element, 220, 420), at(element, 240, 420)]);
    await waitFor(() => events.length === 2, 'the edit reported');
    expect(events[1]!.type).to.equal('dicom-measurement-changed');
    expect(events[1]!.detail.points.image[1]![0]).to.be.closeTo(240, 1);
    expect(() => element.unlockMeasurement('no-such-id')).to.throw(RangeError, /no measurement has the id "no-such-id"/);
  });

  it('two independent viewports of one series do not share measurements', async () => {
    const source = new lightbox.DicomwebSource(testServer.dicomwebRoot);
    const first = await viewportFixture({ ...ct, tool: 'length' }, 256);
    first.source = source;
    const second = await viewportFixture(ct, 256);
    second.source = source;
    await Promise.all([nextEvent(first, 'dicom-image-rendered'), nextEvent(second, 'dicom-image-rendered')]);
    await afterRender();
    const secondEvents = recordMeasurementEvents(second);
    await drawOne(first);
    expect(first.getMeasurements()).to.have.length(1);
    expect(second.getMeasurements()).to.deep.equal([]);
    expect(secondEvents).to.deep.equal([]);
  });
});

/** Draws one length on the shown image and returns it. */
async function drawOne(element: DicomViewport): Promise<Measurement> {
  element.tool = 'length';
  await element.updateComplete;
  await afterRender();
  const added = nextEvent(element, 'dicom-measurement-added');
  await drag([at(element, 100, 400), at(element, 150, 400), at(element, 200, 420)]);
  const measurement = (await added).detail;
  await waitFor(() => element.getMeasurements().length === 1, 'the measurement kept');
  return measurement;
}
