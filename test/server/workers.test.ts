// `dicom-lightbox serve --workers 2` as a real child process: instances stored by STOW-RS through one connection
// are read back through other connections (served by either worker) the same way, and once one connection
// deletes them no worker serves them any more: no stale cached location or file handle, and a re-stored instance
// with other bytes is served with its new bytes everywhere. SIGTERM to the primary stops every worker.
import assert from 'node:assert/strict';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { generateMultiFrameCt, multiFrameCt } from '../../src/sample-data/generate.js';
import { parseInstance } from '../../src/server/dicom/parse-instance.js';
import { childPids, exited, groupAlive, killGroup, serve } from './serve-process.js';
import { multipartBuffer, newBoundary, sameLengthUid, stowContentType, withUid } from './stow-helpers.js';

let dir: string | undefined;
const children: ChildProcess[] = [];

after(async () => {
  for (const child of children) killGroup(child);
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The client's port of the connection the answer came on. */
  localPort: number;
}

/** One HTTP request on `agent` (a keep-alive agent is one connection when it allows one socket). */
function send(agent: Agent, url: string, options: { method?: string; headers?: Record<string, string>; body?: Uint8Array } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { agent, method: options.method ?? 'GET', headers: options.headers }, (response) => {
      const chunks: Buffer[] = [];
      const localPort = response.socket.localPort!;
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks), localPort }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(options.body);
  });
}

/** The first part's body of a multipart/related answer. */
function firstPart(answer: Answer): Buffer {
  const boundary = /boundary="?([^";]+)"?/.exec(String(answer.headers['content-type']))![1]!;
  const start = answer.body.indexOf('\r\n\r\n') + 4;
  const end = answer.body.indexOf(`\r\n--${boundary}`, start);
  return answer.body.subarray(start, end);
}

/**
 * Which server process holds each established connection on `port`, by the client's port (needs `ss`);
 * undefined without it.
 */
function serverPidsByClientPort(port: number): Map<number, number> | undefined {
  let text: string;
  try {
    text = execFileSync('ss', ['-tnpH', 'state', 'established', `( sport = :${port} )`], { encoding: 'utf8' });
  } catch {
    return undefined;
  }
  const pids = new Map<number, number>();
  for (const line of text.split('\n')) {
    const match = /:(\d+)\s+users:\(\(".*?",pid=(\d+)/.exec(line);
    if (match) pids.set(Number(match[1]), Number(match[2]));
  }
  return pids;
}

test('serve --workers 2: STOW on one connection, frames, metadata, QIDO and DELETE on others agree', { timeout: 120_000 }, async (t) => {
  dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-workers-test-'));
  const server = await serve(join(dir, 'data'), ['--workers', '2']);
  children.push(server.child);
  const workerPids = await childPids(server.child.pid!);
  assert.equal(workerPids.length, 2, 'two worker processes run under the primary');

  // A 20-frame CT and copies of it under other SOP Instance UIDs (same series, same study).
  const source = generateMultiFrameCt({ frames: 20 }).bytes;
  const parsed = parseInstance(source, () => '');
  const { studyInstanceUid, seriesInstanceUid } = parsed;
  assert.equal(parsed.sopInstanceUid, multiFrameCt.sopInstanceUid);
  const copies = [0, 1, 2].map((index) => {
    const uid = sameLengthUid(parsed.sopInstanceUid, index);
    return { uid, bytes: withUid(source, parsed.sopInstanceUid, uid) };
  });
  const frameBytes = (bytes: Uint8Array, frame: number) => {
    const ranges = parseInstance(bytes, () => '').frames![frame - 1]!;
    return Buffer.concat(ranges.map(({ offset, length }) => bytes.subarray(offset, offset + length)));
  };

  // STOW-RS through one keep-alive connection.
  const stowConnection = new Agent({ keepAlive: true, maxSockets: 1 });
  t.after(() => stowConnection.destroy());
  const boundary = newBoundary();
  const stored = await send(stowConnection, `${server.root}/studies`, {
    method: 'POST',
    headers: { 'Content-Type': stowContentType(boundary), Accept: 'application/dicom+json' },
    body: await multipartBuffer(boundary, copies.map((copy) => copy.bytes)),
  });
  assert.equal(stored.status, 200, stored.body.toString());

  // Reads through connections held open at once: the primary hands connections to the workers in turn (a busy
  // worker may be skipped, so connections are added until both workers hold some, when `ss` can tell).
  const readers: Agent[] = [];
  t.after(() => readers.forEach((agent) => agent.destroy()));
  const readerPorts: number[] = [];
  let servingPids = new Set<number>();
  let canTell = true;
  while (readers.length < 4 || (canTell && servingPids.size < 2 && readers.length < 24)) {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    readers.push(agent);
    readerPorts.push((await send(agent, `${server.root}/studies`, { headers: { Accept: 'application/dicom+json' } })).localPort);
    const byClientPort = serverPidsByClientPort(server.port);
    canTell = byClientPort !== undefined;
    if (byClientPort) servingPids = new Set(readerPorts.map((port) => byClientPort.get(port)!).filter(Boolean));
  }
  if (canTell) {
    assert.equal(servingPids.size, 2, `reading connections are served by both workers (${[...servingPids].join(', ')})`);
    for (const pid of servingPids) assert.ok(workerPids.includes(pid), `pid ${pid} is a worker`);
  } else {
    t.diagnostic('ss is not installed: which worker serves which connection is not checked');
  }
  const instanceUrl = (uid: string) => `${server.root}/studies/${studyInstanceUid}/series/${seriesInstanceUid}/instances/${uid}`;
  const frameAccept = { Accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*' };
  const readAll = async (bytesOf: (uid: string) => Uint8Array | undefined) => {
    await Promise.all(
      readers.map(async (agent, reader) => {
        for (const { uid } of copies) {
          const frame = 1 + ((reader * 7) % 20);
          const frames = await send(agent, `${instanceUrl(uid)}/frames/${frame}`, { headers: frameAccept });
          const metadata = await send(agent, `${instanceUrl(uid)}/metadata`, { headers: { Accept: 'application/dicom+json' } });
          const expected = bytesOf(uid);
          if (expected) {
            assert.equal(frames.status, 200, `reader ${reader}: frame ${frame} of ${uid}`);
            assert.ok(firstPart(frames).equals(frameBytes(expected, frame)), `reader ${reader}: frame ${frame} of ${uid} has the stored bytes`);
            assert.equal(metadata.status, 200);
            const [dataset] = JSON.parse(metadata.body.toString()) as Array<Record<string, { Value?: unknown[] }>>;
            assert.equal(dataset!['00080018']!.Value![0], uid);
          } else {
            assert.equal(frames.status, 404, `reader ${reader}: frame ${frame} of deleted ${uid} answers 404, not ${frames.status}`);
            assert.equal(metadata.status, 404, `reader ${reader}: metadata of deleted ${uid}`);
          }
        }
        const qido = await send(agent, `${server.root}/studies/${studyInstanceUid}/series/${seriesInstanceUid}/instances`, {
          headers: { Accept: 'application/dicom+json' },
        });
        const found = qido.status === 204 || qido.body.length === 0 ? [] : (JSON.parse(qido.body.toString()) as Array<Record<string, { Value?: string[] }>>);
        const uids = found.map((dataset) => dataset['00080018']!.Value![0]).sort();
        assert.deepEqual(uids, copies.filter(({ uid }) => bytesOf(uid)).map(({ uid }) => uid).sort(), `reader ${reader}: QIDO`);
      }),
    );
  };
  const original = new Map(copies.map(({ uid, bytes }) => [uid, bytes as Uint8Array]));
  await readAll((uid) => original.get(uid));

  // DELETE one instance through yet another connection; every worker has its location and file handle cached.
  const deleter = new Agent({ keepAlive: false });
  const [deleted, kept, replaced] = copies.map((copy) => copy.uid) as [string, string, string];
  assert.equal((await send(deleter, instanceUrl(deleted), { method: 'DELETE' })).status, 204);
  // Replace another with different bytes under the same UID: delete, then store a changed file.
  assert.equal((await send(deleter, instanceUrl(replaced), { method: 'DELETE' })).status, 204);
  const changed = Buffer.from(copies[2]!.bytes);
  const pixelRanges = parseInstance(changed, () => '').frames!;
  for (const ranges of pixelRanges) for (const { offset, length } of ranges) changed.fill(0x5a, offset, offset + length);
  const restowBoundary = newBoundary();
  const restored = await send(stowConnection, `${server.root}/studies`, {
    method: 'POST',
    headers: { 'Content-Type': stowContentType(restowBoundary), Accept: 'application/dicom+json' },
    body: await multipartBuffer(restowBoundary, [changed]),
  });
  assert.equal(restored.status, 200, restored.body.toString());
  const now = new Map<string, Uint8Array>([
    [kept, original.get(kept)!],
    [replaced, changed],
  ]);
  await readAll((uid) => now.get(uid));

  // SIGTERM to the primary stops the workers too.
  server.child.kill('SIGTERM');
  await exited(server.child);
  assert.equal(server.child.exitCode, 0, server.output());
  for (let wait = 0; wait < 100 && groupAlive(server.child); wait++) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(groupAlive(server.child), false, 'no worker outlives the primary');
});
