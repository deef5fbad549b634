// The DICOMweb data layer in Node (it has no DOM): against the real reference server, and against a small
// scripted HTTP server for the failure paths a real backend shows only now and then (5xx, dropped connections).
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DicomwebError, DicomwebSource, stringOf } from '../../src/dicomweb/index.js';
import { generateSampleInstances } from '../../src/sample-data/generate.js';
import { sampleStudy, secondStudy } from '../../src/sample-data/phantom.js';
import { buildApp } from '../../src/server/app.js';
import { openFileStore, type DicomStore } from '../../src/server/store/store.js';

/** A server that answers each request with the next scripted reply, recording what it was sent. */
async function scriptedServer(replies: Array<{ status: number; body?: string; headers?: Record<string, string> } | 'drop'>) {
  const requests: IncomingMessage[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request);
    const reply = replies.shift() ?? { status: 500 };
    if (reply === 'drop') {
      request.socket.destroy();
      return;
    }
    response.writeHead(reply.status, { 'Content-Type': 'application/dicom+json', ...reply.headers });
    response.end(reply.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { root: `http://127.0.0.1:${port}/dicom-web`, requests, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('DicomwebSource against the reference server', () => {
  let dir: string;
  let store: DicomStore;
  let app: FastifyInstance;
  let source: DicomwebSource;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-source-test-'));
    store = await openFileStore(dir);
    for (const { bytes } of generateSampleInstances({ ctSlices: 4 })) await store.ingest(bytes);
    app = await buildApp({ store });
    source = new DicomwebSource(`${await app.listen({ host: '127.0.0.1', port: 0 })}/dicom-web`);
  });

  after(async () => {
    await app?.close();
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('searches studies, series and instances, and reads series metadata', async () => {
    const studies = await source.searchForStudies({ PatientID: sampleStudy.patientId, includefield: ['StudyDescription'] });
    assert.deepEqual(studies.map((study) => stringOf(study, 'StudyInstanceUID')), [sampleStudy.studyInstanceUid]);
    assert.equal(stringOf(studies[0]!, 'StudyDescription'), sampleStudy.studyDescription);
    const series = await source.searchForSeries(sampleStudy.studyInstanceUid, { Modality: 'CT' });
    const ct = sampleStudy.series[0];
    assert.deepEqual(series.map((item) => stringOf(item, 'SeriesInstanceUID')), [ct.seriesInstanceUid]);
    const metadata = await source.retrieveSeriesMetadata(sampleStudy.studyInstanceUid, ct.seriesInstanceUid);
    assert.equal(metadata.length, 4);
    assert.ok(metadata.every((instance) => stringOf(instance, 'SeriesInstanceUID') === ct.seriesInstanceUid));
  });

  test('a study that does not exist is a typed not-found error with the server’s reason', async () => {
    await assert.rejects(source.retrieveSeriesMetadata(secondStudy.studyInstanceUid, '1.2.3.4'), (error: unknown) => {
      assert.ok(error instanceof DicomwebError);
      assert.equal(error.kind, 'not-found');
      assert.equal(error.status, 404);
      assert.equal(error.retryable, false);
      assert.ok(error.reason, 'the server says why');
      assert.match(error.message, /^Series metadata: not found \(HTTP 404: /);
      return true;
    });
  });

  test('a series thumbnail is an image', async () => {
    const ct = sampleStudy.series[0];
    const thumbnail = await source.retrieveSeriesThumbnail(sampleStudy.studyInstanceUid, ct.seriesInstanceUid);
    assert.match(thumbnail.type, /^image\/(jpeg|png)/);
    assert.ok(thumbnail.size > 100);
  });
});

describe('DicomwebSource on an unreliable backend', () => {
  test('tries again after 5xx answers and dropped connections, with the auth hook asked each time', async () => {
    const server = await scriptedServer([{ status: 503 }, 'drop', { status: 200, body: '[]' }]);
    let tokens = 0;
    const source = new DicomwebSource({ root: server.root, retries: 2, retryDelayMs: 5, getAuthorization: () => `Bearer token-${(tokens += 1)}` });
    try {
      assert.deepEqual(await source.searchForStudies(), []);
      assert.equal(server.requests.length, 3);
      assert.deepEqual(server.requests.map((request) => request.headers.authorization), ['Bearer token-1', 'Bearer token-2', 'Bearer token-3']);
      assert.equal(server.requests[0]!.headers.accept, 'application/dicom+json');
    } finally {
      await server.close();
    }
  });

  test('never tries a 4xx again, and gives up on 5xx after its retries', async () => {
    const unauthorized = await scriptedServer([{ status: 401, body: 'token expired', headers: { 'Content-Type': 'text/plain' } }]);
    const failing = await scriptedServer([{ status: 500 }, { status: 502 }]);
    try {
      const once = new DicomwebSource({ root: unauthorized.root, retryDelayMs: 5 });
      await assert.rejects(once.searchForStudies(), { kind: 'unauthorized', status: 401, reason: 'token expired' });
      assert.equal(unauthorized.requests.length, 1);
      const twice = new DicomwebSource({ root: failing.root, retries: 1, retryDelayMs: 5 });
      await assert.rejects(twice.searchForStudies(), { kind: 'server', status: 502 });
      assert.equal(failing.requests.length, 2);
    } finally {
      await unauthorized.close();
      await failing.close();
    }
  });

  test('a 204 search is an empty list, and a body that is not JSON is a bad response', async () => {
    const server = await scriptedServer([{ status: 204 }, { status: 200, body: '<html>' }]);
    try {
      const source = new DicomwebSource({ root: server.root, retries: 0 });
      assert.deepEqual(await source.searchForStudies(), []);
      await assert.rejects(source.searchForStudies(), { kind: 'bad-response' });
    } finally {
      await server.close();
    }
  });

  test('a backend without thumbnails gets rendered frames instead, and is remembered as such', async () => {
    const instance = JSON.stringify([{ '00080018': { vr: 'UI', Value: ['1.2.3.9'] }, '00200013': { vr: 'IS', Value: [1] } }]);
    const server = await scriptedServer([
      { status: 404 },
      { status: 200, body: instance },
      { status: 200, body: 'jpeg bytes', headers: { 'Content-Type': 'image/jpeg' } },
      { status: 200, body: instance },
      { status: 200, body: 'jpeg bytes', headers: { 'Content-Type': 'image/jpeg' } },
    ]);
    try {
      const source = new DicomwebSource({ root: server.root, retries: 0 });
      assert.equal((await source.retrieveSeriesThumbnail('1.2.3', '1.2.3.4')).type, 'image/jpeg');
      assert.deepEqual(source.capabilities, { thumbnail: false, rendered: true });
      await source.retrieveSeriesThumbnail('1.2.3', '1.2.3.5');
      const paths = server.requests.map((request) => request.url);
      assert.deepEqual(paths, [
        '/dicom-web/studies/1.2.3/series/1.2.3.4/thumbnail',
        '/dicom-web/studies/1.2.3/series/1.2.3.4/instances?includefield=InstanceNumber',
        '/dicom-web/studies/1.2.3/series/1.2.3.4/instances/1.2.3.9/frames/1/rendered',
        // Learnt: no second try of /thumbnail.
        '/dicom-web/studies/1.2.3/series/1.2.3.5/instances?includefield=InstanceNumber',
        '/dicom-web/studies/1.2.3/series/1.2.3.5/instances/1.2.3.9/frames/1/rendered',
      ]);
    } finally {
      await server.close();
    }
  });

  test('a backend that refuses frame lists is asked for each frame alone, and is remembered as such', async () => {
    const frame = (body: string) => ({
      status: 200,
      body: `--b\r\nContent-Type: application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1\r\n\r\n${body}\r\n--b--\r\n`,
      headers: { 'Content-Type': 'multipart/related; type="application/octet-stream"; boundary=b' },
    });
    const server = await scriptedServer([
      { status: 400, body: 'frame list not supported', headers: { 'Content-Type': 'text/plain' } },
      frame('frame two'),
      frame('frame three'),
      frame('frame four'),
      frame('frame five'),
    ]);
    try {
      const source = new DicomwebSource({ root: server.root, retries: 0 });
      const first = await source.retrieveInstanceFrames('1.2.3', '1.2.3.4', '1.2.3.9', [2, 3]);
      assert.deepEqual(first.map(({ frameNumber, bytes }) => [frameNumber, Buffer.from(bytes).toString()]), [[2, 'frame two'], [3, 'frame three']]);
      assert.equal(source.capabilities.frameLists, false);
      const second = await source.retrieveInstanceFrames('1.2.3', '1.2.3.4', '1.2.3.9', [4, 5]);
      assert.deepEqual(second.map(({ bytes }) => Buffer.from(bytes).toString()), ['frame four', 'frame five']);
      const frames = server.requests.map((request) => request.url!.replace(/.*\/frames\//, ''));
      // The list once; then every frame alone, the second list never tried.
      assert.deepEqual(frames.slice(0, 1), ['2,3']);
      assert.deepEqual(frames.slice(1, 3).sort(), ['2', '3']);
      assert.deepEqual(frames.slice(3).sort(), ['4', '5']);
    } finally {
      await server.close();
    }
  });

  test('a frame list the backend answers is remembered as supported; a refusal after that is an error', async () => {
    const list = {
      status: 200,
      body: '--b\r\nContent-Type: application/octet-stream\r\n\r\none\r\n--b\r\nContent-Type: application/octet-stream\r\n\r\ntwo\r\n--b--\r\n',
      headers: { 'Content-Type': 'multipart/related; type="application/octet-stream"; boundary=b' },
    };
    const server = await scriptedServer([list, { status: 406, body: 'no', headers: { 'Content-Type': 'text/plain' } }]);
    try {
      const source = new DicomwebSource({ root: server.root, retries: 0 });
      assert.equal((await source.retrieveInstanceFrames('1.2.3', '1.2.3.4', '1.2.3.9', [1, 2])).length, 2);
      assert.equal(source.capabilities.frameLists, true);
      await assert.rejects(source.retrieveInstanceFrames('1.2.3', '1.2.3.4', '1.2.3.9', [3, 4]), { kind: 'not-acceptable' });
      assert.equal(server.requests.length, 2);
    } finally {
      await server.close();
    }
  });

  test('an aborted request rejects at once and is not tried again', async () => {
    const server = await scriptedServer([{ status: 503 }, { status: 200, body: '[]' }]);
    try {
      const source = new DicomwebSource({ root: server.root, retries: 3, retryDelayMs: 10_000 });
      const controller = new AbortController();
      const search = source.searchForStudies({}, { signal: controller.signal });
      // Aborted once the first try has reached the server (a fixed delay can beat it on a loaded machine).
      while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      controller.abort();
      await assert.rejects(search, { name: 'AbortError' });
      assert.equal(server.requests.length, 1);
    } finally {
      await server.close();
    }
  });
});
