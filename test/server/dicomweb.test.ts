// The reference server over real HTTP, with dicomweb-client as a user would call it, and plain fetch for the unhappy paths.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { writeSampleData } from '../../src/sample-data/generate.js';
import { sampleStudy, secondStudy, sopInstanceUidOf } from '../../src/sample-data/phantom.js';
import { ingestFolders, type FolderIngestReport } from '../../src/server/ingest-folder.js';
import { openFileStore, type DicomStore } from '../../src/server/store/store.js';
import type { DicomwebClient } from '../support/dicomweb-client.js';
import { startListeningServer, type ListeningServer } from '../support/listening-server.js';
import { multiFrame, multiFramePixels, pixelDataOf, writeMultiFrameFiles, type MultiFrameFiles } from './fixtures.js';


type Dataset = Record<string, { vr: string; Value?: unknown[]; BulkDataURI?: string }>;
const value = (dataset: Dataset, tag: string) => dataset[tag]?.Value?.[0];
const ctSeries = sampleStudy.series[0];
const mrSeries = sampleStudy.series[1];
const ctSlices = 12;
const browserOrigin = 'http://127.0.0.1:9';

let dir: string;
let store: DicomStore;
let server: ListeningServer | undefined;
let root: string;
let client: DicomwebClient;
let report: FolderIngestReport;
let progressText = '';
let multiFrameFiles: MultiFrameFiles;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-server-test-'));
  const input = join(dir, 'input');
  await writeSampleData(input, { ctSlices });
  await writeFile(join(input, 'README.txt'), 'not a DICOM file, and long enough to have 132 bytes: '.padEnd(300, '.'));
  multiFrameFiles = await writeMultiFrameFiles(await mkdtemp(join(dir, 'multi-frame-')));
  store = await openFileStore(join(dir, 'store'));
  const progress = new Writable({
    write(chunk, _encoding, done) {
      progressText += String(chunk);
      done();
    },
  });
  report = await ingestFolders(store, [input, multiFrameFiles.native, multiFrameFiles.jpegLs, multiFrameFiles.bigEndian, multiFrameFiles.rle], { progress });
  server = await startListeningServer({ store, cors: [browserOrigin] }, { dir });
  ({ root, client } = server);
});

after(() => (server ? server.close() : rm(dir, { recursive: true, force: true })));

describe('import', () => {
  test('stores every sample instance and reports the non-DICOM file as skipped', () => {
    const sampleCount = ctSlices + mrSeries.instanceCount + secondStudy.series[0].instanceCount;
    assert.equal(report.stored, sampleCount + 4);
    assert.equal(report.failed.length, 0, JSON.stringify(report.failed));
    assert.equal(report.skipped.length, 1);
    assert.match(report.skipped[0]!.path, /README\.txt$/);
    assert.match(report.skipped[0]!.reason, /not a DICOM file/);
    assert.match(progressText, /1 skipped/);
    assert.match(progressText, /skipped .*README\.txt: not a DICOM/);
  });
});

describe('import progress', () => {
  test('on a terminal a bar shows files, MB, rate and failures; the report names each failure with its reason', async () => {
    const input = await mkdtemp(join(dir, 'bar-input-'));
    await writeSampleData(input, { ctSlices: 2 });
    await writeFile(join(input, 'cut.dcm'), Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.alloc(10)]));
    let text = '';
    // What cli-progress needs of a TTY stream.
    const terminal = Object.assign(
      new Writable({
        write(chunk, _encoding, done) {
          text += String(chunk);
          done();
        },
      }),
      { isTTY: true, columns: 200, cursorTo: () => true, clearLine: () => true, moveCursor: () => true },
    );
    const barStore = await openFileStore(join(dir, 'bar-store'));
    try {
      const barReport = await ingestFolders(barStore, [input], { progress: terminal });
      assert.equal(barReport.failed.length, 1);
    } finally {
      await barStore.close();
    }
    const total = 2 + mrSeries.instanceCount + secondStudy.series[0].instanceCount + 1;
    assert.match(text, new RegExp(`importing \\[█+\\] ${total}/${total} files \\| [0-9.]+/[0-9.]+ MB \\| \\d+ files/s, [0-9.]+ MB/s \\| 1 failed, 0 skipped`));
    assert.match(text, /FAILED .*cut\.dcm: cannot read the file meta information/);
  });
});

describe('QIDO-RS', () => {
  test('searchForStudies finds both studies with their default attributes', async () => {
    const studies = (await client.searchForStudies()) as Dataset[];
    assert.equal(studies.length, 2);
    const study = studies.find((result) => value(result, '0020000D') === sampleStudy.studyInstanceUid)!;
    assert.deepEqual(value(study, '00100010'), { Alphabetic: 'Lightbox^Phantom' });
    assert.equal(value(study, '00100020'), 'LB-0001');
    assert.equal(value(study, '00080020'), sampleStudy.studyDate);
    assert.equal(value(study, '00080050'), sampleStudy.accessionNumber);
    assert.deepEqual(study['00080061']?.Value, ['CT', 'MR', 'OT']);
    assert.equal(value(study, '00201206'), 3); // NumberOfStudyRelatedSeries: CT, MR and the multi-frame test series
    assert.equal(value(study, '00201208'), ctSlices + mrSeries.instanceCount + 4);
    assert.equal(value(study, '00081190'), `${root}/studies/${sampleStudy.studyInstanceUid}`);
    assert.equal(value(study, '00080056'), 'ONLINE');
  });

  test('PatientName matches case-insensitively with wildcards', async () => {
    for (const PatientName of ['light*', 'LIGHTBOX^PHANTOM', 'l?ghtbox*']) {
      const studies = (await client.searchForStudies({ queryParams: { PatientName } })) as Dataset[];
      assert.deepEqual(studies.map((study) => value(study, '0020000D')), [sampleStudy.studyInstanceUid], PatientName);
    }
    assert.deepEqual(await client.searchForStudies({ queryParams: { PatientName: 'nobody*' } }), []);
  });

  test('StudyDate matches single dates and ranges', async () => {
    const uidsFor = async (StudyDate: string) =>
      ((await client.searchForStudies({ queryParams: { StudyDate } })) as Dataset[]).map((study) => value(study, '0020000D'));
    assert.deepEqual(await uidsFor('20260101-20260131'), [sampleStudy.studyInstanceUid]);
    assert.deepEqual(await uidsFor('-20251231'), [secondStudy.studyInstanceUid]);
    assert.deepEqual(await uidsFor(secondStudy.studyDate), [secondStudy.studyInstanceUid]);
    assert.equal((await uidsFor('20251201-')).length, 2);
  });

  test('PatientID, AccessionNumber, ModalitiesInStudy and StudyInstanceUID lists match', async () => {
    const count = async (queryParams: Record<string, string>) => ((await client.searchForStudies({ queryParams })) as Dataset[]).length;
    assert.equal(await count({ PatientID: 'LB-0002' }), 1);
    assert.equal(await count({ PatientID: 'lb-0002' }), 0, 'LO matching is case-sensitive');
    assert.equal(await count({ AccessionNumber: 'LBACC*' }), 2);
    assert.equal(await count({ ModalitiesInStudy: 'MR' }), 1);
    assert.equal(await count({ ModalitiesInStudy: 'CT' }), 2);
    assert.equal(await count({ StudyInstanceUID: `${sampleStudy.studyInstanceUid},${secondStudy.studyInstanceUid}` }), 2);
    assert.equal(await count({ '0020000D': secondStudy.studyInstanceUid }), 1);
  });

  test('limit and offset page through results in a stable order', async () => {
    const first = (await client.searchForStudies({ queryParams: { limit: '1', offset: '0' } })) as Dataset[];
    const second = (await client.searchForStudies({ queryParams: { limit: '1', offset: '1' } })) as Dataset[];
    const third = (await client.searchForStudies({ queryParams: { limit: '1', offset: '2' } })) as Dataset[];
    assert.equal(first.length, 1);
    assert.equal(second.length, 1);
    assert.deepEqual(third, []);
    assert.deepEqual(
      new Set([value(first[0]!, '0020000D'), value(second[0]!, '0020000D')]),
      new Set([sampleStudy.studyInstanceUid, secondStudy.studyInstanceUid]),
    );
  });

  test('includefield adds attributes stored at the study level', async () => {
    const [study] = (await client.searchForStudies({ queryParams: { PatientID: 'LB-0001', includefield: 'PatientSex,00100030' } })) as Dataset[];
    assert.equal(value(study!, '00100040'), sampleStudy.patientSex);
    assert.equal(value(study!, '00100030'), sampleStudy.patientBirthDate);
  });

  test('searchForSeries answers the series of a study with their counts', async () => {
    const series = (await client.searchForSeries({ studyInstanceUID: sampleStudy.studyInstanceUid })) as Dataset[];
    assert.deepEqual(series.map((result) => value(result, '00080060')), ['CT', 'MR', 'OT']);
    assert.deepEqual(series.map((result) => value(result, '0020000E')), [ctSeries.seriesInstanceUid, mrSeries.seriesInstanceUid, multiFrame.seriesInstanceUid]);
    assert.deepEqual(series.map((result) => value(result, '00201209')), [ctSlices, mrSeries.instanceCount, 4]);
    assert.equal(value(series[0]!, '00081190'), `${root}/studies/${sampleStudy.studyInstanceUid}/series/${ctSeries.seriesInstanceUid}`);
    const mr = (await client.searchForSeries({ studyInstanceUID: sampleStudy.studyInstanceUid, queryParams: { Modality: 'MR' } })) as Dataset[];
    assert.equal(mr.length, 1);
    assert.deepEqual(await client.searchForSeries({ studyInstanceUID: '1.2.3.4' }), [], 'an unknown study has no series: 200 []');
  });

  test('series search across all studies carries the study attributes', async () => {
    const series = (await client.searchForSeries({ queryParams: { PatientID: 'LB-0002' } })) as Dataset[];
    assert.equal(series.length, 1);
    assert.equal(value(series[0]!, '0020000D'), secondStudy.studyInstanceUid);
    assert.equal(value(series[0]!, '00100020'), 'LB-0002');
  });
});

describe('WADO-RS', () => {
  test('retrieveSeriesMetadata answers every instance with PixelData as a BulkDataURI', async () => {
    const instances = (await client.retrieveSeriesMetadata({
      studyInstanceUID: sampleStudy.studyInstanceUid,
      seriesInstanceUID: ctSeries.seriesInstanceUid,
    })) as Dataset[];
    assert.equal(instances.length, ctSlices);
    assert.deepEqual(instances.map((instance) => value(instance, '00200013')), Array.from({ length: ctSlices }, (_, index) => index + 1));
    const third = instances[2]!;
    assert.equal(value(third, '00080018'), sopInstanceUidOf(ctSeries.seriesInstanceUid, 3));
    assert.equal(value(third, '00280010'), 512);
    assert.equal(value(third, '00280011'), 512);
    assert.equal(value(third, '00281052'), -1024); // DS as a JSON number
    assert.deepEqual(value(third, '00100010'), { Alphabetic: 'Lightbox^Phantom' });
    assert.equal(value(third, '00083002'), '1.2.840.10008.1.2.1'); // AvailableTransferSyntaxUID
    assert.equal(third['7FE00010']?.Value, undefined);
    assert.equal(
      third['7FE00010']?.BulkDataURI,
      `${root}/studies/${sampleStudy.studyInstanceUid}/series/${ctSeries.seriesInstanceUid}/instances/${value(third, '00080018')}/bulkdata/7FE00010`,
    );
  });

  test('instance and study metadata', async () => {
    const sopInstanceUid = sopInstanceUidOf(mrSeries.seriesInstanceUid, 1);
    const [instance] = (await client.retrieveInstanceMetadata({
      studyInstanceUID: sampleStudy.studyInstanceUid,
      seriesInstanceUID: mrSeries.seriesInstanceUid,
      sopInstanceUID: sopInstanceUid,
    })) as Dataset[];
    assert.equal(value(instance!, '00080018'), sopInstanceUid);
    const study = (await client.retrieveStudyMetadata({ studyInstanceUID: secondStudy.studyInstanceUid })) as Dataset[];
    assert.equal(study.length, secondStudy.series[0].instanceCount);
  });

  test('retrieveInstanceFrames answers the stored pixel bytes', async () => {
    const source = await pixelDataOf(join(dir, 'input', sampleStudy.patientId, ctSeries.folderName, '0005.dcm'));
    const frames = (await client.retrieveInstanceFrames({
      studyInstanceUID: sampleStudy.studyInstanceUid,
      seriesInstanceUID: ctSeries.seriesInstanceUid,
      sopInstanceUID: sopInstanceUidOf(ctSeries.seriesInstanceUid, 5),
      frameNumbers: [1],
    })) as ArrayBuffer[];
    assert.equal(frames.length, 1);
    assert.equal(frames[0]!.byteLength, 512 * 512 * 2);
    assert.deepEqual(new Uint8Array(frames[0]!), source.native);
  });

  test('several frames of a multi-frame instance, in the order asked', async () => {
    const frames = (await client.retrieveInstanceFrames({
      studyInstanceUID: multiFrame.studyInstanceUid,
      seriesInstanceUID: multiFrame.seriesInstanceUid,
      sopInstanceUID: multiFrame.sopInstanceUidOf('native'),
      frameNumbers: [3, 1],
    })) as ArrayBuffer[];
    const perFrame = multiFrame.rows * multiFrame.columns;
    const pixels = multiFramePixels();
    assert.deepEqual(new Uint16Array(frames[0]!), pixels.slice(2 * perFrame, 3 * perFrame));
    assert.deepEqual(new Uint16Array(frames[1]!), pixels.slice(0, perFrame));
  });

  test('transfer-syntax=* answers compressed frames as stored, with their image media type', async () => {
    const frames = (await client.retrieveInstanceFrames({
      studyInstanceUID: multiFrame.studyInstanceUid,
      seriesInstanceUID: multiFrame.seriesInstanceUid,
      sopInstanceUID: multiFrame.sopInstanceUidOf('jpegLs'),
      frameNumbers: [2],
      mediaTypes: [{ mediaType: 'application/octet-stream', transferSyntaxUID: '*' }],
    })) as ArrayBuffer[];
    const { fragments } = await pixelDataOf(multiFrameFiles.jpegLs);
    assert.deepEqual(new Uint8Array(frames[0]!), fragments![1]);

    // Cornerstone's WADO-RS loader sends exactly this and reads the part's Content-Type.
    const url = `${root}/studies/${multiFrame.studyInstanceUid}/series/${multiFrame.seriesInstanceUid}/instances/${multiFrame.sopInstanceUidOf('jpegLs')}/frames/1`;
    const response = await fetch(url, { headers: { Accept: 'multipart/related; type=application/octet-stream; transfer-syntax=*' } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type')!, /^multipart\/related; type="image\/jls"; boundary=/);
    const body = Buffer.from(await response.arrayBuffer()).toString('latin1');
    assert.match(body, /\r\nContent-Type: image\/jls; transfer-syntax=1\.2\.840\.10008\.1\.2\.4\.80\r\n/);
    assert.equal(Number(response.headers.get('content-length')), Buffer.byteLength(body, 'latin1'));
  });

  test('native frames with transfer-syntax=* and from big endian are explicit VR little endian', async () => {
    const pixels = multiFramePixels();
    const perFrame = multiFrame.rows * multiFrame.columns;
    for (const variant of ['native', 'bigEndian']) {
      const frames = (await client.retrieveInstanceFrames({
        studyInstanceUID: multiFrame.studyInstanceUid,
        seriesInstanceUID: multiFrame.seriesInstanceUid,
        sopInstanceUID: multiFrame.sopInstanceUidOf(variant),
        frameNumbers: [2],
        mediaTypes: [{ mediaType: 'application/octet-stream', transferSyntaxUID: '*' }],
      })) as ArrayBuffer[];
      assert.deepEqual(new Uint16Array(frames[0]!), pixels.slice(perFrame, 2 * perFrame), variant);
    }
  });

  test('bulk data of native pixel data is its value', async () => {
    const [instance] = (await client.retrieveInstanceMetadata({
      studyInstanceUID: multiFrame.studyInstanceUid,
      seriesInstanceUID: multiFrame.seriesInstanceUid,
      sopInstanceUID: multiFrame.sopInstanceUidOf('native'),
    })) as Dataset[];
    const response = await fetch(instance!['7FE00010']!.BulkDataURI!);
    assert.equal(response.status, 200);
    const body = Buffer.from(await response.arrayBuffer());
    const { native } = await pixelDataOf(multiFrameFiles.native);
    assert.ok(body.includes(Buffer.from(native!)));
  });
});

describe('errors', () => {
  const frameUrl = (frames: string, sop = sopInstanceUidOf(ctSeries.seriesInstanceUid, 1)) =>
    `${root}/studies/${sampleStudy.studyInstanceUid}/series/${ctSeries.seriesInstanceUid}/instances/${sop}/frames/${frames}`;

  async function expectError(response: Response, status: number, reason: RegExp) {
    assert.equal(response.status, status);
    const body = (await response.json()) as { message: string };
    assert.match(body.message, reason);
    assert.match(response.headers.get('warning') ?? '', /^299 /);
  }

  test('unknown series metadata is 404 with a reason', async () => {
    await expectError(await fetch(`${root}/studies/${sampleStudy.studyInstanceUid}/series/1.2.3/metadata`), 404, /series 1\.2\.3 .* not stored/);
    // A known series under the wrong study is not there either.
    await expectError(await fetch(`${root}/studies/${secondStudy.studyInstanceUid}/series/${ctSeries.seriesInstanceUid}/metadata`), 404, /not stored/);
  });

  test('a frame past the end is 404, a malformed frame list 400, an unknown instance 404', async () => {
    await expectError(await fetch(frameUrl('2')), 404, /has 1 frame\(s\); no frame 2/);
    await expectError(await fetch(frameUrl('1,x')), 400, /malformed frame list/);
    await expectError(await fetch(frameUrl('0')), 400, /start at 1/);
    await expectError(await fetch(frameUrl('1', '1.2.3.4')), 404, /no instance 1\.2\.3\.4/);
  });

  test('an unknown or unsupported QIDO parameter is 400 with a reason', async () => {
    await expectError(await fetch(`${root}/studies?Colour=blue`), 400, /unknown query parameter "Colour"/);
    await expectError(await fetch(`${root}/studies?Modality=CT`), 400, /Modality is a series-level attribute and cannot be matched in a study search/);
    await expectError(await fetch(`${root}/studies?NumberOfStudyRelatedSeries=2`), 400, /derived count/);
    await expectError(await fetch(`${root}/studies?00400275.00400009=X`), 400, /inside sequences/);
    await expectError(await fetch(`${root}/studies?StudyDate=2026-01-01`), 400, /StudyDate must be a DA value/);
    await expectError(await fetch(`${root}/studies?StudyDate=20260230`), 400, /impossible date/);
    await expectError(await fetch(`${root}/studies?StudyTime=25`), 400, /StudyTime must be a TM value/);
    await expectError(await fetch(`${root}/series?SeriesNumber=one`), 400, /SeriesNumber must be a number/);
    await expectError(await fetch(`${root}/studies?limit=-1`), 400, /limit must be a non-negative integer/);
    await expectError(await fetch(`${root}/studies?StudyInstanceUID=1.2.abc`), 400, /invalid UID/);
  });

  test('fuzzymatching is accepted with a warning that literal matching was done', async () => {
    const response = await fetch(`${root}/studies?fuzzymatching=true&PatientName=light*`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('warning') ?? '', /fuzzymatching parameter is not supported/);
    assert.equal(((await response.json()) as unknown[]).length, 1);
  });

  test('406 when nothing acceptable can be given', async () => {
    await expectError(await fetch(frameUrl('1'), { headers: { Accept: 'image/png' } }), 406, /stored as 1\.2\.840\.10008\.1\.2\.1/);
    const jpegLs = `${root}/studies/${multiFrame.studyInstanceUid}/series/${multiFrame.seriesInstanceUid}/instances/${multiFrame.sopInstanceUidOf('jpegLs')}/frames/1`;
    // Another compressed syntax than the stored one would need transcoding; uncompressed is decoding (decoded-frames.test.ts).
    await expectError(await fetch(jpegLs, { headers: { Accept: 'multipart/related; type="image/jp2"' } }), 406, /transcoding into another compressed syntax is not implemented/);
    assert.equal((await fetch(jpegLs, { headers: { Accept: 'multipart/related; type="application/octet-stream"' } })).status, 200);
    // image/jls alone means its default syntax, JPEG-LS lossless: that is what is stored.
    assert.equal((await fetch(jpegLs, { headers: { Accept: 'multipart/related; type="image/jls"' } })).status, 200);
    await expectError(await fetch(`${root}/studies`, { headers: { Accept: 'application/dicom+xml' } }), 406, /application\/dicom\+json only/);
  });

  test('CORS: an allowed origin gets a preflight answer and exposed headers; others do not', async () => {
    const preflight = await fetch(`${root}/studies`, {
      method: 'OPTIONS',
      headers: { Origin: browserOrigin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization,accept' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), browserOrigin);
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /authorization/);
    const response = await fetch(`${root}/studies`, { headers: { Origin: browserOrigin } });
    assert.equal(response.headers.get('access-control-allow-origin'), browserOrigin);
    assert.match(response.headers.get('access-control-expose-headers') ?? '', /Warning/);
    const other = await fetch(`${root}/studies`, { headers: { Origin: 'http://elsewhere.example' } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });
});

// Keeps the fixture file list honest: every fixture written was a real file.
test('fixtures exist', async () => {
  for (const file of Object.values(multiFrameFiles)) assert.ok((await readFile(file)).length > 132);
});

describe('QIDO-RS at every level', () => {
  const uidsOf = (results: Dataset[], tag: string) => results.map((result) => value(result, tag));

  test('instances of a series, of a study, and across studies carry the levels above when not scoped', async () => {
    const inSeries = (await client.searchForInstances({ studyInstanceUID: sampleStudy.studyInstanceUid, seriesInstanceUID: mrSeries.seriesInstanceUid })) as Dataset[];
    assert.equal(inSeries.length, mrSeries.instanceCount);
    assert.deepEqual(uidsOf(inSeries, '00200013'), Array.from({ length: mrSeries.instanceCount }, (_, index) => index + 1));
    const first = inSeries[0]!;
    assert.equal(value(first, '00080018'), sopInstanceUidOf(mrSeries.seriesInstanceUid, 1));
    assert.equal(value(first, '00280010'), 256);
    assert.equal(value(first, '00081190'), `${root}/studies/${sampleStudy.studyInstanceUid}/series/${mrSeries.seriesInstanceUid}/instances/${value(first, '00080018')}`);
    assert.equal(first['00100010'], undefined, 'scoped to a series: no study attributes');
    const inStudy = (await client.searchForInstances({ studyInstanceUID: sampleStudy.studyInstanceUid, queryParams: { Modality: 'MR' } })) as Dataset[];
    assert.equal(inStudy.length, mrSeries.instanceCount);
    assert.equal(value(inStudy[0]!, '00080060'), 'MR', 'scoped to a study: series attributes included');
    const all = (await client.searchForInstances({ queryParams: { SOPInstanceUID: sopInstanceUidOf(ctSeries.seriesInstanceUid, 2) } })) as Dataset[];
    assert.equal(all.length, 1);
    assert.deepEqual(value(all[0]!, '00100010'), { Alphabetic: 'Lightbox^Phantom' });
  });

  test('matching on any attribute of the level: numbers, time ranges, wildcards, UID lists, derived keys', async () => {
    const instances = async (queryParams: Record<string, string>) =>
      uidsOf((await client.searchForInstances({ studyInstanceUID: sampleStudy.studyInstanceUid, seriesInstanceUID: ctSeries.seriesInstanceUid, queryParams })) as Dataset[], '00200013');
    assert.deepEqual(await instances({ InstanceNumber: '2,4' }), [2, 4]);
    assert.deepEqual(await instances({ ImageType: 'ORIGINAL', InstanceNumber: '3' }), [3], 'a multi-valued attribute matches on any value');
    const series = async (queryParams: Record<string, string>) => uidsOf((await client.searchForSeries({ queryParams })) as Dataset[], '0020000E');
    assert.deepEqual(await series({ SeriesTime: '0931-0932' }), [ctSeries.seriesInstanceUid]);
    assert.deepEqual(await series({ SeriesTime: '-0931' }), [ctSeries.seriesInstanceUid], 'an upper bound includes the seconds of its minute');
    assert.deepEqual(await series({ SeriesDescription: '*sagittal', StudyDate: sampleStudy.studyDate }), [mrSeries.seriesInstanceUid]);
    assert.deepEqual(await series({ SeriesDescription: '*SAGITTAL' }), [], 'LO matches case-sensitively');
    assert.deepEqual(await series({ Modality: 'MR,OT' }), [mrSeries.seriesInstanceUid, multiFrame.seriesInstanceUid]);
    assert.deepEqual(await series({ SeriesNumber: String(mrSeries.seriesNumber) }), [mrSeries.seriesInstanceUid]);
    assert.deepEqual(await series({ SeriesInstanceUID: `${ctSeries.seriesInstanceUid},${mrSeries.seriesInstanceUid}` }), [ctSeries.seriesInstanceUid, mrSeries.seriesInstanceUid]);
    const studies = async (queryParams: Record<string, string>) => uidsOf((await client.searchForStudies({ queryParams })) as Dataset[], '0020000D');
    assert.deepEqual(await studies({ StudyTime: '0900-1000' }), [sampleStudy.studyInstanceUid]);
    assert.deepEqual(await studies({ ReferringPhysicianName: sampleStudy.referringPhysicianName.toLowerCase().slice(0, 3) + '*' }), [sampleStudy.studyInstanceUid]);
    assert.deepEqual(await studies({ SOPClassesInStudy: '1.2.840.10008.5.1.4.1.1.7' }), [sampleStudy.studyInstanceUid]);
    assert.deepEqual(await studies({ PatientSex: 'X' }), []);
  });

  test('includefield=all at the instance level, limit and offset page through instances', async () => {
    const page = async (offset: number) =>
      uidsOf((await client.searchForInstances({ studyInstanceUID: sampleStudy.studyInstanceUid, seriesInstanceUID: ctSeries.seriesInstanceUid, queryParams: { limit: '5', offset: String(offset) } })) as Dataset[], '00200013');
    assert.deepEqual([...(await page(0)), ...(await page(5)), ...(await page(10))], Array.from({ length: ctSlices }, (_, index) => index + 1));
    const [withAll] = (await client.searchForInstances({ studyInstanceUID: sampleStudy.studyInstanceUid, seriesInstanceUID: ctSeries.seriesInstanceUid, queryParams: { InstanceNumber: '1', includefield: 'all' } })) as Dataset[];
    assert.equal(value(withAll!, '00281050'), 40, 'WindowCenter, an instance attribute, comes with includefield=all');
    assert.equal(withAll!['7FE00010'], undefined, 'bulk data never');
  });
});

describe('rendered and thumbnail', () => {
  const instanceUrl = (sop: string, series = multiFrame.seriesInstanceUid) => `${root}/studies/${multiFrame.studyInstanceUid}/series/${series}/instances/${sop}`;
  const rawOf = async (answer: ArrayBuffer | ArrayBuffer[]) => {
    const bytes = Array.isArray(answer) ? answer[0]! : answer;
    const image = sharp(Buffer.from(bytes));
    const { channels } = await image.metadata();
    // sharp reads a gray image into three equal channels; the first is the gray value.
    const { data, info } = await image.extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    return { data, info: { ...info, channels } };
  };

  test('a frame renders as PNG windowed over its range when the instance has no VOI; every syntax alike', async () => {
    const rendered: Buffer[] = [];
    for (const variant of ['native', 'jpegLs', 'bigEndian', 'rle']) {
      const png = await client.retrieveInstanceFramesRendered({
        studyInstanceUID: multiFrame.studyInstanceUid,
        seriesInstanceUID: multiFrame.seriesInstanceUid,
        sopInstanceUID: multiFrame.sopInstanceUidOf(variant),
        frameNumbers: [2],
        mediaTypes: [{ mediaType: 'image/png' }],
      });
      const { data, info } = await rawOf(png);
      assert.deepEqual([info.width, info.height, info.channels], [multiFrame.columns, multiFrame.rows, 1], variant);
      // Frame 2 holds 2000 + index mod 997: 2000 is the bottom of the window, 2996 its top.
      assert.equal(data[0], 0, variant);
      assert.equal(data[996], 255, variant);
      assert.equal(data[498], 128, variant);
      rendered.push(data);
    }
    assert.deepEqual(rendered[1], rendered[0], 'JPEG-LS renders like the native original');
    assert.deepEqual(rendered[2], rendered[0], 'big endian renders like the native original');
    assert.deepEqual(rendered[3], rendered[0], 'RLE renders like the native original');
  });

  test('the instance VOI windows a CT slice; the window parameter overrides it', async () => {
    const sop = sopInstanceUidOf(ctSeries.seriesInstanceUid, 1);
    const url = `${root}/studies/${sampleStudy.studyInstanceUid}/series/${ctSeries.seriesInstanceUid}/instances/${sop}/rendered`;
    const png = async (query = '') => (await rawOf(await (await fetch(`${url}${query}`, { headers: { Accept: 'image/png' } })).arrayBuffer())).data;
    const own = await png();
    // Air (-1000 HU) is far below the soft-tissue window (40/400): black; the corner pixel is air. Water (0 HU,
    // at x 256, y 346) is ((0 - 39.5) / 399 + 0.5) × 255 = 102 in that window, not the 128 of a min–max window.
    assert.equal(own[0], 0);
    assert.equal(own[346 * 512 + 256], 102);
    const wide = await png('?window=-999,1,linear');
    assert.equal(wide[0], 0);
    // PS3.18 8.3.5.1.3 spells the functions linear, linear-exact and sigmoid.
    assert.equal((await png('?window=-2000,1,linear-exact'))[0], 255);
    assert.equal((await png('?window=-999,1,LINEAR_EXACT'))[0], 0, 'the DICOM term is accepted too');
    const inverted = await png('?window=-2000,1,linear');
    assert.equal(inverted[0], 255, 'air is above a one-HU window at -2000 HU');
    const jpeg = await fetch(url, { headers: { Accept: 'image/jpeg' } });
    assert.equal(jpeg.headers.get('content-type'), 'image/jpeg');
    assert.deepEqual([...new Uint8Array(await jpeg.arrayBuffer()).subarray(0, 2)], [0xff, 0xd8]);
  });

  test('thumbnails fit 128 pixels or the viewport; series thumbnail and series rendered', async () => {
    const seriesUrl = `${root}/studies/${sampleStudy.studyInstanceUid}/series/${ctSeries.seriesInstanceUid}`;
    const thumbnail = await rawOf(await (await fetch(`${seriesUrl}/thumbnail`)).arrayBuffer());
    assert.deepEqual([thumbnail.info.width, thumbnail.info.height], [128, 128]);
    const small = await client.retrieveInstanceThumbnail({
      studyInstanceUID: sampleStudy.studyInstanceUid,
      seriesInstanceUID: ctSeries.seriesInstanceUid,
      sopInstanceUID: sopInstanceUidOf(ctSeries.seriesInstanceUid, 1),
      queryParams: { viewport: '64,32' },
    });
    const { info } = await rawOf(small);
    assert.deepEqual([info.width, info.height], [32, 32]);
    const frameThumbnail = await fetch(`${instanceUrl(multiFrame.sopInstanceUidOf('native'))}/frames/3/thumbnail`);
    assert.equal(frameThumbnail.status, 200);
    const multipart = await fetch(`${root}/studies/${sampleStudy.studyInstanceUid}/series/${mrSeries.seriesInstanceUid}/rendered`, {
      headers: { Accept: 'multipart/related; type="image/png"' },
    });
    assert.equal(multipart.status, 200);
    assert.match(multipart.headers.get('content-type')!, /^multipart\/related; type="image\/png"; boundary=/);
    assert.equal((await multipart.text()).split('Content-Type: image/png').length - 1, mrSeries.instanceCount);
  });

  test('unhappy paths: 406 for other types, 404 past the end, 400 for bad parameters', async () => {
    const url = `${instanceUrl(multiFrame.sopInstanceUidOf('native'))}`;
    assert.equal((await fetch(`${url}/rendered`, { headers: { Accept: 'image/gif' } })).status, 406);
    assert.equal((await fetch(`${url}/frames/1,2/rendered`, { headers: { Accept: 'image/jpeg' } })).status, 406);
    assert.equal((await fetch(`${url}/frames/4/rendered`)).status, 404);
    assert.equal((await fetch(`${url}/rendered?quality=0`)).status, 400);
    assert.equal((await fetch(`${url}/rendered?viewport=1,2,3,4,5,6`)).status, 400);
    assert.equal((await fetch(`${url}/rendered?window=40`)).status, 400);
    assert.equal((await fetch(`${url}/rendered?colour=red`)).status, 400);
    const annotated = await fetch(`${url}/rendered?annotation=patient`);
    assert.equal(annotated.status, 200);
    assert.match(annotated.headers.get('warning') ?? '', /annotation parameter is not supported/);
  });
});
