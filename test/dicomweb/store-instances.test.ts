// STOW-RS from the data layer (DicomwebSource.storeInstances) against the real reference server: instances stored,
// then retrieved and compared with what was sent; per-instance failures typed; and, against a scripted server, what
// the request looks like and when it is (not) tried again.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import dicomParser from 'dicom-parser';
import type { FastifyInstance } from 'fastify';
import { DicomwebError, DicomwebSource, stringOf } from '../../src/dicomweb/index.js';
import { readMultipart } from '../../src/dicomweb/multipart.js';
import { variantInstance } from '../../src/sample-data/variant-instances.js';
import { variantByName, variantSeriesUid, variantSopInstanceUid, variantStudy } from '../../src/sample-data/variants.js';
import { buildApp } from '../../src/server/app.js';
import { openFileStore, type DicomStore } from '../../src/server/store/store.js';

const syntax = 'explicit-le';
const mono = variantInstance(variantByName('mono2-u16'), syntax, 1);
const palette = variantInstance(variantByName('palette'), syntax, 2);
const notDicom = new TextEncoder().encode('this is not a DICOM instance');

/** The native pixel data of a Part 10 file, as bytes. */
function pixelDataOf(part10: Uint8Array): Uint8Array {
  const element = dicomParser.parseDicom(part10).elements.x7fe00010!;
  return part10.subarray(element.dataOffset, element.dataOffset + element.length);
}

describe('storeInstances against the reference server', () => {
  let dir: string;
  let store: DicomStore;
  let app: FastifyInstance;
  let source: DicomwebSource;
  let authorizations = 0;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-stow-source-test-'));
    store = await openFileStore(dir);
    app = await buildApp({ store });
    const root = `${await app.listen({ host: '127.0.0.1', port: 0 })}/dicom-web`;
    source = new DicomwebSource({ root, getAuthorization: () => `Bearer ${(authorizations += 1)}` });
  });

  after(async () => {
    await app?.close();
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('stores instances, which then retrieve with the pixels that were sent', async () => {
    const before = authorizations;
    const result = await source.storeInstances([mono, palette]);
    assert.equal(authorizations, before + 1, 'the auth hook is asked for the request');
    assert.equal(result.status, 200);
    assert.deepEqual(result.failed, []);
    assert.deepEqual(
      result.stored.map((instance) => instance.sopInstanceUid).sort(),
      [variantSopInstanceUid('mono2-u16', syntax), variantSopInstanceUid('palette', syntax)].sort(),
    );
    assert.equal(result.retrieveUrl, `${source.stowRoot}/studies/${variantStudy.studyInstanceUid}`);
    const monoSeries = variantSeriesUid('mono2-u16', syntax);
    const stored = result.stored.find((instance) => instance.sopInstanceUid === variantSopInstanceUid('mono2-u16', syntax))!;
    assert.equal(stored.retrieveUrl, `${source.stowRoot}/studies/${variantStudy.studyInstanceUid}/series/${monoSeries}/instances/${stored.sopInstanceUid}`);

    const metadata = await source.retrieveSeriesMetadata(variantStudy.studyInstanceUid, monoSeries);
    assert.deepEqual(metadata.map((instance) => stringOf(instance, 'SOPInstanceUID')), [stored.sopInstanceUid]);
    const [frame] = await source.retrieveInstanceFrames(variantStudy.studyInstanceUid, monoSeries, stored.sopInstanceUid!, [1]);
    assert.deepEqual(frame!.bytes, pixelDataOf(mono));
  });

  test('a part that is not DICOM fails on its own, typed, while the others are stored', async () => {
    const result = await source.storeInstances([notDicom, mono]);
    assert.equal(result.status, 202);
    assert.deepEqual(result.stored.map((instance) => instance.sopInstanceUid), [variantSopInstanceUid('mono2-u16', syntax)]);
    assert.equal(result.failed.length, 1);
    assert.equal(result.failed[0]!.kind, 'cannot-understand');
    assert.equal(result.failed[0]!.failureReason, 0xc000);
    assert.equal(result.failed[0]!.sopInstanceUid, undefined);
    assert.match(result.failed[0]!.message, /cannot read it as a DICOM instance \(0xC000\)/);
    assert.ok(result.warnings.some((warning) => /part 1/.test(warning)), `the server's reason is kept: ${result.warnings.join(' | ')}`);
  });

  test('when nothing is stored (409) the result still says why for each instance', async () => {
    const result = await source.storeInstances([notDicom]);
    assert.equal(result.status, 409);
    assert.deepEqual(result.stored, []);
    assert.deepEqual(result.failed.map((failure) => failure.kind), ['cannot-understand']);
  });

  test('an instance sent to another study does not match, and names itself', async () => {
    const result = await source.storeInstances([mono], { studyInstanceUid: '1.2.826.0.1.3680043.8.498.1' });
    assert.equal(result.status, 409);
    assert.equal(result.failed[0]!.kind, 'does-not-match');
    assert.equal(result.failed[0]!.sopInstanceUid, variantSopInstanceUid('mono2-u16', syntax));
  });

  test('a request the server refuses as a whole is a typed error', async () => {
    await assert.rejects(source.storeInstances([mono], { studyInstanceUid: 'not a uid' }), (error: unknown) => {
      assert.ok(error instanceof DicomwebError);
      assert.equal(error.kind, 'bad-request');
      assert.equal(error.status, 400);
      assert.match(error.message, /^Store instances: the server refused the request/);
      return true;
    });
    await assert.rejects(source.storeInstances([]), RangeError);
  });
});

/** A server that answers each request with the next scripted reply, recording each request's headers and body. */
async function recordingServer(replies: Array<{ status: number; body?: string; headers?: Record<string, string> }>) {
  const requests: Array<{ method: string; url: string; headers: IncomingHttpHeaders; body: Buffer }> = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ method: request.method!, url: request.url!, headers: request.headers, body: Buffer.concat(chunks) });
      const reply = replies.shift() ?? { status: 500 };
      response.writeHead(reply.status, { 'Content-Type': 'application/dicom+json', ...reply.headers });
      response.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { root: `http://127.0.0.1:${port}/dicom-web`, requests, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('storeInstances: the request, and when it is tried again', () => {
  test('multipart/related of application/dicom parts to stowRoot, below the study when one is named', async () => {
    const server = await recordingServer([{ status: 200, body: '{}' }]);
    try {
      const source = new DicomwebSource({ root: 'http://127.0.0.1:1/unused', stowRoot: server.root, getAuthorization: () => 'Bearer stow' });
      const result = await source.storeInstances([mono, notDicom], { studyInstanceUid: '1.2.3' });
      assert.deepEqual(result, { status: 200, retrieveUrl: undefined, stored: [], failed: [], warnings: [] });
      const [request] = server.requests;
      assert.equal(request!.method, 'POST');
      assert.equal(request!.url, '/dicom-web/studies/1.2.3');
      assert.equal(request!.headers.authorization, 'Bearer stow');
      assert.equal(request!.headers.accept, 'application/dicom+json');
      const contentType = request!.headers['content-type']!;
      assert.match(contentType, /^multipart\/related; type="application\/dicom"; boundary=dicom-lightbox-[0-9a-f]{32}$/);
      const parts = readMultipart(new Uint8Array(request!.body), contentType);
      assert.deepEqual(parts.map((part) => part.contentType), ['application/dicom', 'application/dicom']);
      assert.deepEqual(parts[0]!.body, mono);
      assert.deepEqual(parts[1]!.body, notDicom);
    } finally {
      await server.close();
    }
  });

  test('a 503 is tried again (the server did not take it); another 5xx is not (some may be stored)', async () => {
    const busy = await recordingServer([{ status: 503 }, { status: 200, body: '{}' }]);
    const failing = await recordingServer([{ status: 500, body: 'disk full', headers: { 'Content-Type': 'text/plain' } }, { status: 200, body: '{}' }]);
    try {
      const retrying = new DicomwebSource({ root: busy.root, retries: 2, retryDelayMs: 5 });
      assert.equal((await retrying.storeInstances([mono])).status, 200);
      assert.equal(busy.requests.length, 2);
      assert.deepEqual(busy.requests[1]!.body, busy.requests[0]!.body, 'the same body again');
      const once = new DicomwebSource({ root: failing.root, retries: 2, retryDelayMs: 5 });
      await assert.rejects(once.storeInstances([mono]), { kind: 'server', status: 500, reason: 'disk full' });
      assert.equal(failing.requests.length, 1);
    } finally {
      await busy.close();
      await failing.close();
    }
  });

  test('a 2xx answer that is not a DICOM JSON dataset is a bad response; a 409 without one is a plain error', async () => {
    const server = await recordingServer([
      { status: 200, body: '[1, 2]' },
      { status: 409, body: 'conflict', headers: { 'Content-Type': 'text/plain' } },
    ]);
    try {
      const source = new DicomwebSource({ root: server.root, retries: 0 });
      await assert.rejects(source.storeInstances([mono]), { kind: 'bad-response', status: 200 });
      await assert.rejects(source.storeInstances([mono]), { kind: 'bad-request', status: 409, reason: 'conflict' });
    } finally {
      await server.close();
    }
  });
});
