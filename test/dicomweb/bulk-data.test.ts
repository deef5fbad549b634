// WADO-RS Retrieve Bulkdata through the data layer (DicomwebSource.retrieveBulkData), and the PALETTE COLOR lookup
// tables that go through it: against the real reference server, and a scripted one for retries and odd answers.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DicomwebSource, tagOf, type DicomJsonDataset } from '../../src/dicomweb/index.js';
import { needsPaletteBulkData, resolvePaletteBulkData } from '../../src/imaging/palette-bulk-data.js';
import { variantInstance } from '../../src/sample-data/variant-instances.js';
import { paletteLut, variantByName, variantSeriesUid, variantStudy } from '../../src/sample-data/variants.js';
import { buildApp } from '../../src/server/app.js';
import { openFileStore, type DicomStore } from '../../src/server/store/store.js';

const lutTags = [tagOf('RedPaletteColorLookupTableData'), tagOf('GreenPaletteColorLookupTableData'), tagOf('BluePaletteColorLookupTableData')];

describe('palette lookup tables from the reference server', () => {
  let dir: string;
  let store: DicomStore;
  let app: FastifyInstance;
  let source: DicomwebSource;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-bulk-data-test-'));
    store = await openFileStore(dir);
    await store.ingest(variantInstance(variantByName('palette'), 'explicit-le', 1));
    app = await buildApp({ store });
    source = new DicomwebSource(`${await app.listen({ host: '127.0.0.1', port: 0 })}/dicom-web`);
  });

  after(async () => {
    await app?.close();
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('the metadata refers to the tables, and resolving them gives the 16-bit entries that were stored', async () => {
    const [instance] = await source.retrieveSeriesMetadata(variantStudy.studyInstanceUid, variantSeriesUid('palette', 'explicit-le'));
    assert.ok(instance);
    assert.equal(needsPaletteBulkData(instance), true, 'the server gives the tables by BulkDataURI');
    await resolvePaletteBulkData(source, instance);
    assert.equal(needsPaletteBulkData(instance), false);
    lutTags.forEach((tag, channel) => assert.deepEqual(instance[tag]!.Value, Array.from(paletteLut[channel]!), tag));
  });
});

/** A server that answers each request with the next scripted reply, recording what it was sent. */
async function scriptedServer(replies: Array<{ status: number; body?: string | Buffer; headers?: Record<string, string> }>) {
  const requests: IncomingMessage[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request);
    const reply = replies.shift() ?? { status: 500 };
    response.writeHead(reply.status, reply.headers);
    response.end(reply.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { root: `http://127.0.0.1:${port}/dicom-web`, requests, close: () => new Promise((resolve) => server.close(resolve)) };
}

const part = (body: string) => ({
  status: 200,
  body: `--b\r\nContent-Type: application/octet-stream\r\n\r\n${body}\r\n--b--\r\n`,
  headers: { 'Content-Type': 'multipart/related; type="application/octet-stream"; boundary=b' },
});

describe('retrieveBulkData on an unreliable or unusual backend', () => {
  test('palette tables are tried again after a 503, with the auth hook asked each time', async () => {
    const server = await scriptedServer([{ status: 503 }, part('\x01\x00\x02\x01')]);
    let tokens = 0;
    try {
      const source = new DicomwebSource({ root: server.root, retryDelayMs: 5, getAuthorization: () => `Bearer ${(tokens += 1)}` });
      const instance: DicomJsonDataset = { [lutTags[0]!]: { vr: 'OW', BulkDataURI: `${server.root}/studies/1/series/2/instances/3/bulkdata/00281201` } };
      await resolvePaletteBulkData(source, instance);
      assert.deepEqual(instance[lutTags[0]!]!.Value, [1, 0x0102]);
      assert.deepEqual(server.requests.map((request) => request.headers.authorization), ['Bearer 1', 'Bearer 2']);
      assert.equal(server.requests[0]!.headers.accept, 'multipart/related; type="application/octet-stream"');
    } finally {
      await server.close();
    }
  });

  test('a single-part answer is the value; a non-multipart answer is the value itself; two parts are a bad response', async () => {
    const server = await scriptedServer([
      part('value'),
      { status: 200, body: 'plain', headers: { 'Content-Type': 'application/octet-stream' } },
      { status: 200, body: '--b\r\n\r\none\r\n--b\r\n\r\ntwo\r\n--b--\r\n', headers: { 'Content-Type': 'multipart/related; boundary=b' } },
      { status: 404, body: 'no such element', headers: { 'Content-Type': 'text/plain' } },
    ]);
    try {
      const source = new DicomwebSource({ root: server.root, retries: 0 });
      const url = `${server.root}/bulk`;
      assert.equal(Buffer.from(await source.retrieveBulkData(url)).toString(), 'value');
      assert.equal(Buffer.from(await source.retrieveBulkData(url)).toString(), 'plain');
      await assert.rejects(source.retrieveBulkData(url), { kind: 'bad-response', message: 'Bulk data: one part expected, 2 answered' });
      await assert.rejects(source.retrieveBulkData(url), { kind: 'not-found', status: 404, reason: 'no such element' });
    } finally {
      await server.close();
    }
  });
});
