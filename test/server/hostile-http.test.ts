// Bounded work over HTTP: QIDO lists (400 past the limit, never 500; a statement cache that stays small), repeated
// frame numbers collapsed, the STOW request size, idle timeouts, the per-client connection cap, and shutdown of a
// process holding a stalled upload.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { storeFailureReasons } from '../../src/dicom/store-status.js';
import { SqliteIndex } from '../../src/server/store/sqlite-index.js';
import { instance } from './hostile-files.js';
import { failureReasons, startServer, stow, type HostileServer } from './hostile-harness.js';
import { exited, killGroup, serve } from './serve-process.js';
import { newBoundary, stowContentType } from './stow-helpers.js';

const study = '1.2.826.0.1.3680043.10.1341.2';
const series = `${study}.1`;
const options = (n: number) => ({ studyInstanceUid: study, seriesInstanceUid: series, sopInstanceUid: `${study}.1.${n}`, frames: 3, rows: 4, columns: 4 });

let server: HostileServer;

before(async () => {
  server = await startServer({ maxRequestBytes: 64 * 1024, maxQueryValues: 1000 });
  assert.equal((await stow(server.root, [instance(options(1))])).status, 200);
});

after(async () => server?.close());

test('long value lists in QIDO answer 200 up to the limit and 400 with the reason past it, never 500', async () => {
  const modalities = Array.from({ length: 999 }, (_, index) => `M${index}`).concat('OT').join(',');
  assert.equal((await fetch(`${server.root}/series?Modality=${modalities}`)).status, 200);
  const found = await (await fetch(`${server.root}/studies?ModalitiesInStudy=${modalities}`)).json();
  assert.equal(found.length, 1);
  // As many UIDs as fit in Node's 16 KB request head.
  const uids = Array.from({ length: 399 }, (_, index) => `${study}.${index}`).concat(study).join(',');
  assert.equal((await (await fetch(`${server.root}/studies?StudyInstanceUID=${uids}`)).json()).length, 1);
  const tooMany = await fetch(`${server.root}/series?Modality=${modalities},XA`);
  assert.equal(tooMany.status, 400);
  assert.match((await tooMany.json()).message, /max-query-values/);
});

test('the prepared-statement cache stays small whatever the lengths of UID lists', async () => {
  const index = server.store.index as SqliteIndex;
  for (let length = 2; length < 400; length++) {
    const uids = Array.from({ length }, (_, at) => `${study}.${at}`).join(',');
    assert.equal((await fetch(`${server.root}/studies?StudyInstanceUID=${uids}`)).status, 200);
  }
  assert.ok(index.cachedStatementCount < 30, `${index.cachedStatementCount} statements cached`);
});

test('a repeated frame number is answered once', async () => {
  const response = await fetch(`${server.root}/studies/${study}/series/${series}/instances/${study}.1.1/frames/2,2,2,1,2`, { headers: { Accept: 'multipart/related; type="application/octet-stream"' } });
  assert.equal(response.status, 200);
  const body = Buffer.from(await response.arrayBuffer()).toString('latin1');
  assert.equal(body.match(/Content-Location/gi)?.length, 2);
});

test('a STOW body larger than max-request-bytes is refused: 413 when declared, Out of Resources when streamed', async () => {
  const boundary = newBoundary();
  const declared = await fetch(`${server.root}/studies`, {
    method: 'POST',
    headers: { 'Content-Type': stowContentType(boundary), Accept: 'application/dicom+json' },
    body: Buffer.alloc(100 * 1024),
  });
  assert.equal(declared.status, 413);
  assert.match((await declared.json()).message, /max-request-bytes/);
  const parts = Array.from({ length: 40 }, (_, index) => instance({ ...options(100 + index), rows: 16, columns: 16 }));
  // Streamed: no Content-Length, so the limit is found while reading.
  const streamed = await stow(server.root, parts, { stream: true });
  assert.equal(streamed.status, 202, streamed.warnings);
  assert.ok(failureReasons(streamed).includes(storeFailureReasons.outOfResources));
  assert.match(streamed.warnings, /max-request-bytes/);
});

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

const closed = (socket: Socket) => new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));

test('a stalled upload is cut after the idle timeout; connections past the per-client cap are closed', async () => {
  const tight = await startServer({ idleTimeoutMs: 300, maxConnectionsPerClient: 3 });
  try {
    const port = Number(new URL(tight.root).port);
    const stalled = await openSocket(port);
    stalled.on('error', () => undefined);
    stalled.write(`POST /dicom-web/studies HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${stowContentType('b')}\r\nContent-Length: 100000\r\n\r\n--b\r\n`);
    const began = performance.now();
    await closed(stalled);
    assert.ok(performance.now() - began < 10_000);

    const sockets = await Promise.all(Array.from({ length: 5 }, () => openSocket(port)));
    for (const socket of sockets) socket.on('error', () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(sockets.filter((socket) => socket.destroyed || socket.readyState !== 'open').length, 2);
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal((await fetch(`${tight.root}/studies`)).status, 200);
  } finally {
    await tight.close();
  }
});

test('SIGTERM stops a server holding a stalled upload after the grace period', { timeout: 90_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-shutdown-'));
  const child = await serve(join(dir, 'store'), ['--workers', '1', '--limit', 'shutdown-grace-ms=500']);
  try {
    const stalled = await openSocket(child.port);
    stalled.on('error', () => undefined);
    stalled.write(`POST /dicom-web/studies HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${stowContentType('b')}\r\nContent-Length: 100000\r\n\r\n--b\r\n`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const began = performance.now();
    child.child.kill('SIGTERM');
    await exited(child.child);
    assert.ok(performance.now() - began < 20_000, `${Math.round(performance.now() - began)} ms`);
    stalled.destroy();
  } finally {
    killGroup(child.child);
    await rm(dir, { recursive: true, force: true });
  }
});
