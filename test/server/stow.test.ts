// STOW-RS, instance retrieve and DELETE over real HTTP: dicomweb-client where it has the transaction, fetch for
// the unhappy paths and DELETE (dicomweb-client 0.11 has no delete).
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { after, before, describe, test } from 'node:test';
import dicomParser from 'dicom-parser';
import { generateSampleInstances } from '../../src/sample-data/generate.js';
import { sampleStudy, secondStudy } from '../../src/sample-data/phantom.js';
import { uidFor } from '../../src/sample-data/uid.js';
import { writeInstance } from '../../src/sample-data/write-instance.js';
import { storeFailureKindOf, type StoreFailureKind } from '../../src/dicomweb/store-response.js';
import { storeFailureReasons as failureReasons, storeWarningReasons as warningReasons } from '../../src/dicom/store-status.js';
import { failureReasonOfIngestError } from '../../src/server/routes/stow.js';
import type { IngestErrorCode } from '../../src/server/store/store.js';
import { openFileStore, type DicomStore } from '../../src/server/store/store.js';
import type { DicomwebClient } from '../support/dicomweb-client.js';
import { startListeningServer, type ListeningServer } from '../support/listening-server.js';
import { multipartBuffer, multipartStream, newBoundary, sameLengthUid, stowContentType, withUid } from './stow-helpers.js';

type Dataset = Record<string, { vr: string; Value?: unknown[] }>;
const value = (dataset: Dataset | undefined, tag: string) => dataset?.[tag]?.Value?.[0];
const items = (dataset: Dataset, tag: string) => (dataset[tag]?.Value ?? []) as Dataset[];

let dir: string;
let store: DicomStore;
let server: ListeningServer | undefined;
let root: string;
let client: DicomwebClient;
/** The first study's first CT slices and the second study's first slice. */
let ct: Uint8Array[];
let second: Uint8Array;

const uidsOf = (bytes: Uint8Array) => {
  const parsed = dicomParser.parseDicom(bytes, { untilTag: 'x00200010' });
  return {
    sopClassUid: parsed.string('x00080016')!,
    sopInstanceUid: parsed.string('x00080018')!,
    seriesInstanceUid: parsed.string('x0020000e')!,
    studyInstanceUid: parsed.string('x0020000d')!,
  };
};

async function stow(parts: Uint8Array[], path = '/studies', type = 'application/dicom') {
  const boundary = newBoundary();
  const response = await fetch(`${root}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': stowContentType(boundary, type), Accept: 'application/dicom+json' },
    body: await multipartBuffer(boundary, parts),
  });
  const text = await response.text();
  return { status: response.status, warning: response.headers.get('warning') ?? '', body: text ? (JSON.parse(text) as Dataset) : undefined, response };
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-stow-test-'));
  store = await openFileStore(join(dir, 'store'));
  server = await startListeningServer({ store }, { dir });
  ({ root, client } = server);
  const all = [...generateSampleInstances({ ctSlices: 3 })].map((instance) => instance.bytes);
  ct = all.filter((bytes) => uidsOf(bytes).seriesInstanceUid === sampleStudy.series[0].seriesInstanceUid);
  second = all.find((bytes) => uidsOf(bytes).studyInstanceUid === secondStudy.studyInstanceUid)!;
});

after(() => (server ? server.close() : rm(dir, { recursive: true, force: true })));

describe('STOW-RS', () => {
  test('storeInstances stores every instance and answers each in ReferencedSOPSequence', async () => {
    const body = JSON.parse(String(await client.storeInstances({ datasets: ct.map((bytes) => bytes.slice().buffer as ArrayBuffer) }))) as Dataset;
    const referenced = items(body, '00081199');
    assert.deepEqual(referenced.map((item) => value(item, '00081155')), ct.map((bytes) => uidsOf(bytes).sopInstanceUid));
    assert.equal(value(referenced[0], '00081150'), uidsOf(ct[0]!).sopClassUid);
    const { studyInstanceUid, seriesInstanceUid, sopInstanceUid } = uidsOf(ct[0]!);
    assert.equal(value(referenced[0], '00081190'), `${root}/studies/${studyInstanceUid}/series/${seriesInstanceUid}/instances/${sopInstanceUid}`);
    assert.equal(value(body, '00081190'), `${root}/studies/${studyInstanceUid}`);
    assert.equal(body['00081198'], undefined);
    const found = await client.searchForInstances({ studyInstanceUID: studyInstanceUid, seriesInstanceUID: seriesInstanceUid });
    assert.equal(found.length, ct.length);
  });

  test('re-sending stored instances is idempotent: 200, referenced again, stored once', async () => {
    const again = await stow(ct);
    assert.equal(again.status, 200);
    assert.equal(items(again.body!, '00081199').length, ct.length);
    const found = await client.searchForInstances({ studyInstanceUID: sampleStudy.studyInstanceUid });
    assert.equal(found.length, ct.length);
  });

  test('an instance of another study than the URL names is refused: 409, failure 0xA900', async () => {
    const result = await stow([second], `/studies/${sampleStudy.studyInstanceUid}`);
    assert.equal(result.status, 409);
    const failed = items(result.body!, '00081198');
    assert.equal(failed.length, 1);
    assert.equal(value(failed[0], '00081155'), uidsOf(second).sopInstanceUid);
    assert.equal(value(failed[0], '00081197'), failureReasons.doesNotMatch);
    assert.match(result.warning, /belongs to study .* not to/);
    assert.deepEqual(await client.searchForStudies({ queryParams: { StudyInstanceUID: secondStudy.studyInstanceUid } }), []);
  });

  test('some stored, some failed: 202 with the standard reasons (truncated, not DICOM), a preamble-less file stored with a warning', async () => {
    const { sopInstanceUid } = uidsOf(second);
    const truncatedUid = sameLengthUid(sopInstanceUid, 1);
    const truncated = withUid(ct[0]!, uidsOf(ct[0]!).sopInstanceUid, truncatedUid).subarray(0, 3000);
    const noPreamble = Buffer.from(ct[1]!).subarray(132);
    const result = await stow([second, truncated, Buffer.from('{"not": "dicom"}'), noPreamble]);
    assert.equal(result.status, 202);
    const referenced = items(result.body!, '00081199');
    assert.deepEqual(referenced.map((item) => value(item, '00081155')), [sopInstanceUid, uidsOf(ct[1]!).sopInstanceUid]);
    assert.deepEqual(referenced.map((item) => value(item, '00081196')), [undefined, warningReasons.coercionOfDataElements]);
    const failed = items(result.body!, '00081198');
    assert.deepEqual(failed.map((item) => value(item, '00081197')), [failureReasons.cannotUnderstand, failureReasons.cannotUnderstand]);
    assert.equal(value(failed[0], '00081155'), truncatedUid);
    assert.match(result.warning, /truncated/);
    assert.match(result.warning, /not a DICOM file/);
    assert.match(result.warning, /File Meta Information but no preamble/);
  });

  test('nothing stored: 409; same UID with other bytes keeps the stored copy (0x0111)', async () => {
    const changed = Buffer.from(ct[0]!);
    changed[changed.length - 1] ^= 0xff;
    const result = await stow([changed]);
    assert.equal(result.status, 409);
    assert.equal(value(items(result.body!, '00081198')[0], '00081197'), failureReasons.duplicateSopInstance);
    const { studyInstanceUid, seriesInstanceUid, sopInstanceUid } = uidsOf(ct[0]!);
    const stored = await client.retrieveInstance({ studyInstanceUID: studyInstanceUid, seriesInstanceUID: seriesInstanceUid, sopInstanceUID: sopInstanceUid });
    assert.deepEqual(new Uint8Array(stored), ct[0]);
  });

  test('wrong content types: 415; no boundary or no parts: 400; Accept without JSON: 406', async () => {
    const post = (headers: Record<string, string>, body: string | Uint8Array<ArrayBuffer> = '') => fetch(`${root}/studies`, { method: 'POST', headers, body });
    let response = await post({ 'Content-Type': 'application/dicom' }, new Uint8Array(ct[0]!));
    assert.equal(response.status, 415);
    response = await post({ 'Content-Type': 'multipart/related; type="application/dicom+json"; boundary=x' }, '--x--');
    assert.equal(response.status, 415);
    assert.match(await response.text(), /metadata and bulk data parts/);
    response = await post({ 'Content-Type': 'multipart/related; type="application/dicom"' }, '--x--');
    assert.equal(response.status, 400);
    assert.match(await response.text(), /no boundary/);
    response = await post({ 'Content-Type': 'multipart/related; type="application/dicom"; boundary=x' }, '--x--\r\n');
    assert.equal(response.status, 400);
    response = await post({ 'Content-Type': 'multipart/related; type="application/dicom"; boundary=x', Accept: 'application/dicom+xml' }, '--x--\r\n');
    assert.equal(response.status, 406);
  });

  test('memory stays flat over a streamed request of 5,000 instances', { timeout: 300_000 }, async () => {
    const count = 5000;
    // A small instance of its own (128×128), so 5,000 of them take seconds, not minutes; the request is still
    // ~165 MB, far more than the memory a streaming server may grow by.
    const small = Buffer.from(
      writeInstance({
        SOPClassUID: '1.2.840.10008.5.1.4.1.1.7',
        SOPInstanceUID: uidFor('stow memory test instance'),
        StudyInstanceUID: uidFor('stow memory test study'),
        SeriesInstanceUID: uidFor('stow memory test series'),
        PatientName: 'Memory^Test',
        PatientID: 'LB-MEM',
        Modality: 'OT',
        SamplesPerPixel: 1,
        PhotometricInterpretation: 'MONOCHROME2',
        Rows: 128,
        Columns: 128,
        BitsAllocated: 16,
        BitsStored: 16,
        HighBit: 15,
        PixelRepresentation: 0,
        PixelData: new Uint16Array(128 * 128).map((_, index) => index),
      }),
    );
    const smallUid = uidFor('stow memory test instance');
    const seriesUid = uidFor('stow memory test series');
    async function* parts() {
      for (let index = 0; index < count; index++) yield withUid(small, smallUid, sameLengthUid(smallUid, index));
    }
    const boundary = newBoundary();
    // Live memory, measured after a full collection each time: garbage is not what a buffering server keeps.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const live = () => {
      gc();
      const usage = process.memoryUsage();
      return usage.heapUsed + usage.arrayBuffers;
    };
    const baseline = live();
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, live() - baseline);
    }, 250);
    const status = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(`${root}/studies`);
      const request = httpRequest(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'Content-Type': stowContentType(boundary), 'Transfer-Encoding': 'chunked' } },
        (response) => {
          let body = '';
          response.on('data', (chunk) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode!, body }));
        },
      );
      request.on('error', reject);
      Readable.from(multipartStream(boundary, parts())).pipe(request);
    });
    clearInterval(sampler);
    assert.equal(status.status, 200, status.body.slice(0, 500));
    const totalBytes = small.length * count;
    assert.equal(items(JSON.parse(status.body) as Dataset, '00081199').length, count);
    // The whole request is totalBytes (≈ 5,000 × the instance); a buffering server would hold all of it.
    assert.ok(peak < totalBytes / 4, `memory grew by ${(peak / 1e6).toFixed(1)} MB over a ${(totalBytes / 1e6).toFixed(0)} MB request`);
    const series = await client.searchForSeries({ queryParams: { SeriesInstanceUID: seriesUid } });
    assert.equal(value(series[0] as Dataset, '00201209'), count);
  });
});

describe('WADO-RS retrieve', () => {
  test('retrieveStudy, retrieveSeries and retrieveInstance answer the stored Part 10 bytes', async () => {
    const { studyInstanceUid, seriesInstanceUid, sopInstanceUid } = uidsOf(ct[1]!);
    const series = await client.retrieveSeries({ studyInstanceUID: studyInstanceUid, seriesInstanceUID: seriesInstanceUid });
    assert.deepEqual(series.map((bytes) => new Uint8Array(bytes)), ct);
    const study = await client.retrieveStudy({ studyInstanceUID: studyInstanceUid });
    assert.equal(study.length, ct.length);
    const instance = await client.retrieveInstance({ studyInstanceUID: studyInstanceUid, seriesInstanceUID: seriesInstanceUid, sopInstanceUID: sopInstanceUid });
    assert.deepEqual(new Uint8Array(instance), ct[1]);
  });

  test('part headers name the transfer syntax; unknown targets 404; other media types 406', async () => {
    const { studyInstanceUid, seriesInstanceUid, sopInstanceUid } = uidsOf(ct[1]!);
    const url = `${root}/studies/${studyInstanceUid}/series/${seriesInstanceUid}/instances/${sopInstanceUid}`;
    const response = await fetch(url, { headers: { Accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type')!, /^multipart\/related; type="application\/dicom"; boundary=/);
    assert.match(await response.text(), /Content-Type: application\/dicom; transfer-syntax=1\.2\.840\.10008\.1\.2\.1\r\n/);
    assert.equal((await fetch(`${root}/studies/1.2.3.4`)).status, 404);
    assert.equal((await fetch(`${url}`, { headers: { Accept: 'application/dicom+json' } })).status, 406);
    const jpeg = await fetch(url, { headers: { Accept: 'multipart/related; type="application/dicom"; transfer-syntax=1.2.840.10008.1.2.4.80' } });
    assert.equal(jpeg.status, 406);
    assert.match(await jpeg.text(), /does not transcode/);
  });
});

describe('DELETE', () => {
  test('an instance, then a series, then a study: 204, gone from search, retrieve and disk; again 404', async () => {
    const { studyInstanceUid, seriesInstanceUid, sopInstanceUid } = uidsOf(ct[0]!);
    const instanceUrl = `${root}/studies/${studyInstanceUid}/series/${seriesInstanceUid}/instances/${sopInstanceUid}`;
    assert.equal((await fetch(instanceUrl, { method: 'DELETE' })).status, 204);
    assert.equal((await fetch(instanceUrl)).status, 404);
    assert.equal((await fetch(instanceUrl, { method: 'DELETE' })).status, 404);
    assert.equal((await client.searchForInstances({ studyInstanceUID: studyInstanceUid, seriesInstanceUID: seriesInstanceUid })).length, ct.length - 1);

    assert.equal((await fetch(`${root}/studies/${studyInstanceUid}/series/${seriesInstanceUid}`, { method: 'DELETE' })).status, 204);
    assert.deepEqual(await client.searchForSeries({ studyInstanceUID: studyInstanceUid }), []);
    // The study had no other series here: it is gone too.
    assert.deepEqual(await client.searchForStudies({ queryParams: { StudyInstanceUID: studyInstanceUid } }), []);

    assert.equal((await fetch(`${root}/studies/${secondStudy.studyInstanceUid}`, { method: 'DELETE' })).status, 204);
    assert.equal((await fetch(`${root}/studies/${uidFor('stow memory test study')}`, { method: 'DELETE' })).status, 204);
    assert.deepEqual(await client.searchForStudies(), []);
    const files = (await readdir(join(dir, 'store', 'blobs'), { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
    assert.deepEqual(files.map((entry) => entry.name), []);
  });
});

test('each refusal at ingest is written as the failure the client reads it as', () => {
  const meant: Record<IngestErrorCode, StoreFailureKind> = {
    'not-dicom': 'cannot-understand',
    'not-an-instance': 'sop-class-not-supported',
    truncated: 'cannot-understand',
    malformed: 'cannot-understand',
    'missing-uid': 'does-not-match',
    'unsupported-transfer-syntax': 'transfer-syntax-not-supported',
    conflict: 'processing-failure',
    'study-mismatch': 'does-not-match',
    'limit-exceeded': 'out-of-resources',
    'out-of-space': 'out-of-resources',
  };
  for (const [code, kind] of Object.entries(meant)) {
    assert.equal(storeFailureKindOf(failureReasonOfIngestError[code as IngestErrorCode]), kind, code);
  }
});
