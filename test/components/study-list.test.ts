import { expect } from '@esm-bundle/chai';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import { sampleStudy, secondStudy } from '../../src/sample-data/phantom.js';
import type { DicomStudyList } from '../../src/components/study-list/study-list.component.js';
import type { TestServerForPage } from '../support/reference-server.js';
import { lightbox } from './bundle.js';

const { dicomwebRoot } = (window as unknown as { __TEST_SERVER__: TestServerForPage }).__TEST_SERVER__;

async function studyList(attributes: Record<string, string>): Promise<DicomStudyList> {
  const element = document.createElement('dicom-study-list');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  document.body.append(element);
  await settled(element);
  return element;
}

/** Waits until no search is running and the element has rendered its result. */
async function settled(element: DicomStudyList): Promise<void> {
  const start = performance.now();
  await element.updateComplete;
  while (element.shadowRoot!.querySelector('[role="status"]')?.textContent?.includes('Searching')) {
    if (performance.now() - start > 15_000) throw new Error('search did not finish');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await element.updateComplete;
  }
}

/** The two sample studies, apart from any other study the shared test server holds. */
const sampleOnly = { 'accession-number': 'LBACC*' };

const rows = (element: DicomStudyList) => [...element.shadowRoot!.querySelectorAll<HTMLTableRowElement>('tbody tr')];
const cellTexts = (row: HTMLTableRowElement) => [...row.cells].map((cell) => cell.textContent!.trim());
const shownStudies = (element: DicomStudyList) => rows(element).map((row) => row.dataset.study);
const statusText = (element: DicomStudyList) => element.shadowRoot!.querySelector('[part~="status"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const field = (element: DicomStudyList, name: string) => element.shadowRoot!.querySelector<HTMLInputElement>(`[name="${name}"]`)!;

function centreOf(target: Element): [number, number] {
  const rect = target.getBoundingClientRect();
  return [Math.round(rect.left + rect.width / 2), Math.round(rect.top + rect.height / 2)];
}

describe('<dicom-study-list>', () => {
  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-study-list')) element.remove();
  });

  it('is defined by the bundle', () => {
    expect(customElements.get('dicom-study-list')).to.equal(lightbox.DicomStudyList);
  });

  it('lists the studies on the server with the columns a clinician reads', async () => {
    const element = await studyList({ 'dicomweb-root': dicomwebRoot });
    expect(shownStudies(element)).to.include.members([sampleStudy.studyInstanceUid, secondStudy.studyInstanceUid]);
    const sample = rows(element).find((row) => row.dataset.study === sampleStudy.studyInstanceUid)!;
    const [patient, patientId, birthDate, studyDate, modality, description, accession, series, images] = cellTexts(sample);
    expect(patient).to.equal('Lightbox, Phantom');
    expect(patientId).to.equal('LB-0001');
    expect(birthDate).to.equal('Jan 1, 1980');
    expect(studyDate).to.equal('Jan 15, 2026');
    expect(modality).to.equal('CT, MR');
    expect(description).to.equal(sampleStudy.studyDescription);
    expect(accession).to.equal(sampleStudy.accessionNumber);
    expect(Number(series)).to.equal(sampleStudy.series.length);
    expect(Number(images)).to.equal(sampleStudy.series.reduce((sum, item) => sum + item.instanceCount, 0));
  });

  it('searches by patient name typed in the form, case-insensitive and as a prefix', async () => {
    const element = await studyList({ 'dicomweb-root': dicomwebRoot });
    const name = field(element, 'patientName');
    name.focus();
    await sendKeys({ type: 'second' });
    await sendKeys({ press: 'Enter' });
    await settled(element);
    expect(shownStudies(element)).to.deep.equal([secondStudy.studyInstanceUid]);
  });

  it('shows only the patient the page fixed with patient-id, and the user cannot change it', async () => {
    const element = await studyList({ 'dicomweb-root': dicomwebRoot, 'patient-id': secondStudy.patientId });
    expect(shownStudies(element)).to.deep.equal([secondStudy.studyInstanceUid]);
    expect(field(element, 'patientId').readOnly).to.equal(true);
    field(element, 'patientName').value = '';
    element.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await settled(element);
    expect(shownStudies(element)).to.deep.equal([secondStudy.studyInstanceUid]);
  });

  it('filters by date range, modality and description', async () => {
    const element = await studyList({ 'dicomweb-root': dicomwebRoot, 'study-date-from': '20260101', 'study-date-to': '20260131' });
    expect(shownStudies(element)).to.deep.equal([sampleStudy.studyInstanceUid]);
    element.studyDateFrom = '';
    element.studyDateTo = '';
    element.modality = 'MR';
    await settled(element);
    // Other test files store studies of their own on the same server: the sample (CT and MR) is in, the CT-only one out.
    expect(shownStudies(element)).to.include(sampleStudy.studyInstanceUid).and.not.include(secondStudy.studyInstanceUid);
    element.modality = '';
    element.studyDescription = 'nothing like this';
    await settled(element);
    expect(shownStudies(element)).to.deep.equal([]);
    element.studyDescription = 'Second';
    await settled(element);
    expect(shownStudies(element)).to.deep.equal([secondStudy.studyInstanceUid]);
  });

  it('has quick picks for recent dates, counted back from its day, and says when nothing matches', async () => {
    const element = await studyList({ 'dicomweb-root': dicomwebRoot, ...sampleOnly });
    const pick = async (label: string, today: Date) => {
      element.today = today;
      [...element.shadowRoot!.querySelectorAll('button')].find((button) => button.textContent === label)!.click();
      await settled(element);
    };
    const range = () => [field(element, 'studyDateFrom').value, field(element, 'studyDateTo').value];
    // The sample studies are dated 2026-01-15 and 2025-12-03 (secondStudy).
    await pick('Last 30 days', new Date(2026, 0, 20, 23, 30));
    expect(range()).to.deep.equal(['2025-12-22', '2026-01-20']);
    expect(shownStudies(element)).to.deep.equal([sampleStudy.studyInstanceUid]);
    expect(element.shadowRoot!.querySelector('[aria-pressed="true"]')!.textContent).to.equal('Last 30 days');
    await pick('Last 7 days', new Date(2025, 11, 9, 0, 10));
    expect(range()).to.deep.equal(['2025-12-03', '2025-12-09']);
    expect(shownStudies(element)).to.deep.equal([secondStudy.studyInstanceUid]);
    await pick('Today', new Date(2026, 0, 15, 12));
    expect(range()).to.deep.equal(['2026-01-15', '2026-01-15']);
    expect(shownStudies(element)).to.deep.equal([sampleStudy.studyInstanceUid]);
    await pick('Last 30 days', new Date(2026, 5, 1));
    expect(statusText(element)).to.equal('No studies match.');
    expect(shownStudies(element)).to.deep.equal([]);
    await pick('Any date', new Date(2026, 5, 1));
    expect(range()).to.deep.equal(['', '']);
    expect(shownStudies(element)).to.have.length(2);
  });

  it('sorts by a column when its header is clicked, then the other way', async () => {
    const element = await studyList({ 'dicomweb-root': dicomwebRoot, ...sampleOnly });
    const header = [...element.shadowRoot!.querySelectorAll('th')].find((th) => th.textContent!.trim() === 'Study date')!;
    header.querySelector('button')!.click();
    await element.updateComplete;
    expect(shownStudies(element)).to.deep.equal([secondStudy.studyInstanceUid, sampleStudy.studyInstanceUid]);
    expect(header.getAttribute('aria-sort')).to.equal('ascending');
    header.querySelector('button')!.click();
    await element.updateComplete;
    expect(shownStudies(element)).to.deep.equal([sampleStudy.studyInstanceUid, secondStudy.studyInstanceUid]);
    expect(header.getAttribute('aria-sort')).to.equal('descending');
  });

  it('pages through results with limit and offset', async () => {
    const element = await studyList({ 'dicomweb-root': dicomwebRoot, ...sampleOnly, 'page-size': '1' });
    const first = shownStudies(element);
    expect(first).to.have.length(1);
    const button = (label: string) => [...element.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="pager"] button')].find((b) => b.textContent!.trim() === label)!;
    expect(button('Previous').disabled).to.equal(true);
    button('Next').click();
    await settled(element);
    const second = shownStudies(element);
    expect(second).to.have.length(1);
    expect([...first, ...second]).to.have.members([sampleStudy.studyInstanceUid, secondStudy.studyInstanceUid]);
    expect(button('Next').disabled).to.equal(true);
    button('Previous').click();
    await settled(element);
    expect(shownStudies(element)).to.deep.equal(first);
  });

  it('opens a study with the keyboard (arrows, Enter) and by double-click', async () => {
    const element = await studyList({ 'dicomweb-root': dicomwebRoot, ...sampleOnly });
    const [firstRow, secondRow] = rows(element);
    firstRow!.focus();
    await sendKeys({ press: 'ArrowDown' });
    await element.updateComplete;
    expect(element.shadowRoot!.activeElement).to.equal(rows(element)[1]);
    const selected = new Promise<CustomEvent>((resolve) => element.addEventListener('dicom-study-select', resolve, { once: true }));
    await sendKeys({ press: 'Enter' });
    expect((await selected).detail.studyInstanceUid).to.equal(secondRow!.dataset.study);

    const again = new Promise<CustomEvent>((resolve) => element.addEventListener('dicom-study-select', resolve, { once: true }));
    await executeServerCommand('send-double-click', { position: centreOf(rows(element)[0]!) });
    const { detail } = await again;
    expect(detail.studyInstanceUid).to.equal(firstRow!.dataset.study);
    expect(detail.study['0020000D']).to.deep.include({ vr: 'UI' });
  });

  it('shows the server error and fires dicom-error when a search fails', async () => {
    const failed = new Promise<CustomEvent>((resolve) => document.addEventListener('dicom-error', resolve, { once: true }));
    const element = await studyList({ 'dicomweb-root': `${dicomwebRoot}/not-a-service` });
    const { detail } = await failed;
    await settled(element);
    expect(detail.status).to.equal(404);
    const alert = element.shadowRoot!.querySelector('[role="alert"]')!;
    expect(alert.textContent).to.match(/Study search: not found \(HTTP 404/);
    expect(alert.querySelector('button')!.textContent).to.equal('Try again');
  });

  it('says when the server cannot be reached, after trying again', async () => {
    const element = document.createElement('dicom-study-list');
    element.source = new lightbox.DicomwebSource({ root: 'http://127.0.0.1:9/dicom-web', retries: 1, retryDelayMs: 10 });
    const failed = new Promise<CustomEvent>((resolve) => element.addEventListener('dicom-error', resolve, { once: true }));
    document.body.append(element);
    const { detail } = await failed;
    await settled(element);
    expect(detail.kind).to.equal('network');
    expect(statusText(element)).to.match(/could not reach the server/);
  });
});
