// Measurement reports (DICOM SR, TID 1500) on real DICOMweb servers, ours and Orthanc, over HTTP with the viewer's own
// data layer: a saved report is stored (STOW-RS), found again as the study's latest (QIDO for SR series, their
// metadata carrying the whole content tree), each save a new instance; a report made by another tool (DCMTK's
// xml2dsr) is found and loads as far as its content goes.
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import dicomParser from 'dicom-parser';
import { DicomwebSource } from '../../src/dicomweb/source.js';
import { stringOf, type DicomJsonDataset } from '../../src/dicomweb/dicom-json.js';
import { imageInfoOf } from '../../src/measurements/image-info.js';
import { describeMeasurement, type Measurement } from '../../src/measurements/measurement.js';
import { MeasurementReports } from '../../src/measurements/measurement-reports.js';
import { generateSampleInstances } from '../../src/sample-data/generate.js';
import { secondStudy } from '../../src/sample-data/phantom.js';
import { uidFor } from '../../src/sample-data/uid.js';
import { openFileStore } from '../../src/server/store/store.js';
import { startListeningServer } from '../support/listening-server.js';
import { orthancUnavailable, startOrthanc } from '../support/orthanc.js';
import { otherToolReport } from '../unit/measurement-sr-fixture.js';

const study = secondStudy.studyInstanceUid;
const [ctSeries] = secondStudy.series;

function secondStudyInstances(): Uint8Array[] {
  return [...generateSampleInstances()]
    .map(({ bytes }) => bytes)
    .filter((bytes) => dicomParser.parseDicom(bytes, { untilTag: 'x0020000e' }).string('x0020000d') === study);
}

interface Backend {
  root: string;
  /** Removes a series by the backend's own means. */
  deleteSeries(seriesInstanceUid: string): Promise<void>;
  close(): Promise<void>;
}

const backends: Record<string, { skip?: string; start(): Promise<Backend> }> = {
  'the reference server': {
    async start() {
      const dir = await mkdtemp(join(tmpdir(), 'sr-reports-'));
      const store = await openFileStore(join(dir, 'store'));
      for (const bytes of secondStudyInstances()) await store.ingest(bytes);
      const server = await startListeningServer({ store }, { dir });
      return {
        root: server.root,
        async deleteSeries(seriesInstanceUid) {
          const response = await fetch(`${server.root}/studies/${study}/series/${seriesInstanceUid}`, { method: 'DELETE' });
          assert.ok(response.ok, `DELETE answered ${response.status}`);
        },
        close: () => server.close(),
      };
    },
  },
  Orthanc: {
    skip: orthancUnavailable(),
    async start() {
      const orthanc = await startOrthanc();
      await orthanc.store(secondStudyInstances());
      return {
        root: orthanc.dicomwebRoot,
        async deleteSeries(seriesInstanceUid) {
          const lookup = await fetch(`${orthanc.restRoot}/tools/lookup`, { method: 'POST', body: seriesInstanceUid });
          const [found] = (await lookup.json()) as Array<{ ID: string; Type: string }>;
          assert.ok(found, `Orthanc knows the series ${seriesInstanceUid}`);
          const response = await fetch(`${orthanc.restRoot}/series/${found.ID}`, { method: 'DELETE' });
          assert.ok(response.ok, `DELETE answered ${response.status}`);
        },
        close: () => orthanc.stop(),
      };
    },
  },
};

for (const [name, { skip, start }] of Object.entries(backends)) {
  describe(`measurement reports on ${name}`, { skip }, () => {
    let backend: Backend;
    let source: DicomwebSource;
    let headers: DicomJsonDataset[];
    let measurements: Measurement[];
    const headerOf = (sopInstanceUid: string) => headers.find((header) => stringOf(header, 'SOPInstanceUID') === sopInstanceUid);

    before(async () => {
      backend = await start();
      source = new DicomwebSource(backend.root);
      headers = await source.retrieveSeriesMetadata(study, ctSeries.seriesInstanceUid);
      const [first, fourth] = [headers[0]!, headers[3]!];
      measurements = [
        describeMeasurement({ id: 'length', type: 'length', label: 'Across', points: [[100, 400], [200, 410]] }, imageInfoOf(first)),
        describeMeasurement({ id: 'ellipse', type: 'ellipse-roi', label: '', points: [[256, 236], [256, 276], [236, 256], [276, 256]] }, imageInfoOf(first)),
        describeMeasurement({ id: 'angle', type: 'angle', label: 'Corner', points: [[150, 300], [200, 300], [200, 250]] }, imageInfoOf(fourth)),
      ];
    });
    after(() => backend?.close());

    test('a study without reports has no latest one', async () => {
      assert.equal(await new MeasurementReports().findLatest(source, study), undefined);
    });

    test('a saved report is stored, and found again as the latest with the same measurements; a second save is a new instance of its series', async () => {
      const saved = await new MeasurementReports().save(source, measurements, headerOf);
      assert.deepEqual({ study: saved.studyInstanceUid, saved: saved.saved, skipped: saved.skipped }, { study, saved: 3, skipped: [] });

      const reports = new MeasurementReports();
      const found = await reports.findLatest(source, study);
      assert.equal(found?.sopInstanceUid, saved.sopInstanceUid);
      assert.deepEqual(found.skipped, []);
      const byImage = found.measurements.map(({ type, label, sopInstanceUid, points }) => ({ type, label, sopInstanceUid, points: points.map(String).sort() }));
      const expected = measurements.map(({ type, label, image, points }) => ({ type, label, sopInstanceUid: image.sopInstanceUid, points: points.image.map(String).sort() }));
      assert.deepEqual(byImage.sort((a, b) => a.type.localeCompare(b.type)), expected.sort((a, b) => a.type.localeCompare(b.type)));

      const second = await reports.save(source, measurements.slice(0, 2), headerOf);
      assert.notEqual(second.sopInstanceUid, saved.sopInstanceUid);
      assert.equal(second.seriesInstanceUid, saved.seriesInstanceUid);
      const instances = await source.searchForInstances(study, saved.seriesInstanceUid);
      assert.equal(instances.length, 2, 'the first report is still there, beside the second');
      const latest = await new MeasurementReports().findLatest(source, study);
      assert.equal(latest?.sopInstanceUid, second.sopInstanceUid);
      assert.equal(latest.measurements.length, 2);
      await backend.deleteSeries(saved.seriesInstanceUid);
    });

    test("another tool's report (made by DCMTK) is found and loads its length, ellipse and polygon, naming the two groups it skipped", async () => {
      const image = headers[0]!;
      const report = { seriesInstanceUid: uidFor(`sr-reports ${name} other tool series`), sopInstanceUid: uidFor(`sr-reports ${name} other tool report`) };
      const bytes = await otherToolReport(
        {
          patientId: secondStudy.patientId,
          patientName: 'Second',
          studyInstanceUid: study,
          seriesInstanceUid: ctSeries.seriesInstanceUid,
          sopInstanceUid: stringOf(image, 'SOPInstanceUID')!,
          sopClassUid: stringOf(image, 'SOPClassUID')!,
        },
        report,
      );
      const stored = await source.storeInstances([bytes], { studyInstanceUid: study });
      assert.deepEqual(stored.failed, []);
      const found = await new MeasurementReports().findLatest(source, study);
      assert.equal(found?.sopInstanceUid, report.sopInstanceUid);
      assert.deepEqual(found.measurements.map(({ type, label }) => `${type} ${label}`), ['length Lesion 1', 'ellipse-roi Lesion 2', 'freehand-roi Lesion 3']);
      assert.deepEqual(found.skipped, ['Lesion 4: no image coordinates', 'Lesion 5: its CIRCLE has no tool here']);
      await backend.deleteSeries(report.seriesInstanceUid);
    });
  });
}
