// <dicom-viewport> measurement reports (DICOM SR, TID 1500) through the real server, ours and Orthanc: measurements
// drawn with the mouse on two images, saved, and the study opened again in a new element show the same values on the
// same images, read-only; a second save is a new instance. The second study is used, and the reports are deleted
// after, so that the other tests' studies hold none.
import { expect } from '@esm-bundle/chai';
import { ctPhantom, secondStudy } from '../../src/sample-data/phantom.js';
import type { DicomViewport } from '../../src/components/viewport/viewport.component.js';
import type { Measurement } from '../../src/measurements/measurement.js';
import { afterRender, nextEvent, testServer, viewportFixture, waitFor } from './viewport-helpers.js';
import { click, drag, pagePointOf, recordMeasurementEvents, schemaErrors } from './measurement-helpers.js';

const [ctSeries] = secondStudy.series;
const study = secondStudy.studyInstanceUid;
const ct = { 'dicomweb-root': testServer.dicomwebRoot, study, series: ctSeries.seriesInstanceUid };

function at(element: DicomViewport, x: number, y: number): [number, number] {
  return pagePointOf(element, [x, y], ctPhantom.columns, ctPhantom.rows);
}

async function shown(element: DicomViewport): Promise<DicomViewport> {
  await nextEvent(element, 'dicom-image-rendered');
  await afterRender();
  return element;
}

/** What must survive a save and a reload: where a measurement is, its kind, label, points and values. */
function comparable(measurement: Measurement) {
  const { type, label, image, points, values } = measurement;
  const sortedPoints = [...points.image].map(([x, y]) => [Number(x.toFixed(3)), Number(y.toFixed(3))]).sort(([ax, ay], [bx, by]) => ax! - bx! || ay! - by!);
  return { type, label, image, points: sortedPoints, values: values.map(({ name, value, unit }) => ({ name, unit, value: Number(value.toFixed(6)) })) };
}

const byType = (measurements: Measurement[]) => [...measurements].sort((a, b) => a.type.localeCompare(b.type)).map(comparable);

describe('<dicom-viewport> measurement reports', () => {
  const reportSeries = new Set<string>();

  afterEach(() => {
    for (const element of document.querySelectorAll('dicom-viewport')) element.remove();
  });

  after(async () => {
    // Our server deletes a series; Orthanc's DICOMweb plugin may refuse, and its reports then stay in a study whose
    // other series the other tests open.
    for (const series of reportSeries) await fetch(`${testServer.dicomwebRoot}/studies/${study}/series/${series}`, { method: 'DELETE' }).catch(() => undefined);
  });

  it('refuses to save nothing, and says why', async () => {
    const element = await shown(await viewportFixture(ct, 512));
    let error: unknown;
    await element.saveMeasurements().catch((caught: unknown) => (error = caught));
    expect(String(error)).to.match(/no measurements to save/);
  });

  it('saves a length, an ellipse ROI and an angle on two images; a new element on the study shows the same, read-only', async () => {
    const element = await shown(await viewportFixture({ ...ct, tool: 'length' }, 512));
    const events = recordMeasurementEvents(element);
    const [wx, wy] = ctPhantom.regions.water.centre;
    await drag([at(element, 100, 400), at(element, 150, 405), at(element, 200, 410)]);
    await waitFor(() => events.length === 1, 'the length reported');
    element.tool = 'ellipse-roi';
    await element.updateComplete;
    await drag([at(element, wx - 20, wy - 15), at(element, wx, wy), at(element, wx + 20, wy + 15)]);
    await waitFor(() => events.length === 2, 'the ellipse reported');
    element.scrollToImage(3);
    await nextEvent(element, 'dicom-image-rendered');
    await afterRender();
    element.tool = 'angle';
    await element.updateComplete;
    await drag([at(element, 150, 300), at(element, 200, 300)]);
    await click(at(element, 200, 250));
    await waitFor(() => events.length === 3, 'the angle reported');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const drawn = element.getMeasurements();
    expect(drawn.map(({ type }) => type).sort()).to.deep.equal(['angle', 'ellipse-roi', 'length']);
    expect(new Set(drawn.map(({ image }) => image.sopInstanceUid)).size, 'on two images').to.equal(2);
    expect(drawn.find(({ type }) => type === 'ellipse-roi')!.values.find(({ name }) => name === 'mean')!.value, 'the ellipse lies in water').to.equal(0);

    const saved = await element.saveMeasurements();
    reportSeries.add(saved.seriesInstanceUid);
    expect(saved).to.include({ studyInstanceUid: study, saved: 3 });
    expect(saved.skipped).to.deep.equal([]);
    element.remove();

    const reopened = await viewportFixture(ct, 512);
    const loaded = await nextEvent(reopened, 'dicom-measurements-loaded');
    expect(loaded.detail).to.deep.equal({ studyInstanceUid: study, seriesInstanceUid: saved.seriesInstanceUid, sopInstanceUid: saved.sopInstanceUid, loaded: 3, skipped: [] });
    await waitFor(() => reopened.getMeasurements().every(({ values }) => values.length > 0), 'the values of the loaded measurements');
    // The ellipse's statistics need its image's pixels: the first image is shown, so they are there.
    const reloaded = reopened.getMeasurements();
    expect(reloaded.every(({ readOnly }) => readOnly === true), 'loaded measurements are read-only').to.equal(true);
    expect(reloaded.map(schemaErrors).flat()).to.deep.equal([]);
    expect(byType(reloaded)).to.deep.equal(byType(drawn));

    // Edited (renamed), it is the reader's again; saving makes a second instance in the same series.
    const length = reloaded.find(({ type }) => type === 'length')!;
    reopened.renameMeasurement(length.id, 'Renamed');
    expect(reopened.getMeasurements().find(({ id }) => id === length.id)).to.include({ label: 'Renamed' }).and.not.have.property('readOnly');
    const second = await reopened.saveMeasurements();
    expect(second.sopInstanceUid).to.not.equal(saved.sopInstanceUid);
    expect(second.seriesInstanceUid).to.equal(saved.seriesInstanceUid);
    reopened.remove();

    const third = await viewportFixture(ct, 512);
    const latest = await nextEvent(third, 'dicom-measurements-loaded');
    expect(latest.detail.sopInstanceUid, 'the latest report is the one loaded').to.equal(second.sopInstanceUid);
    expect(third.getMeasurements().map(({ label }) => label)).to.include('Renamed');
  });
});
