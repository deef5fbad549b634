// Crash safety with a real process: `dicom-lightbox serve` is killed (SIGKILL, the whole process group: the primary
// and every worker at once) while STOW-RS requests are being stored; after a restart every acknowledged instance
// is there and readable, and no half-written file is visible. Once with one process, once with two workers
// writing to the same index and blob folder.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { generateSampleInstances } from '../../src/sample-data/generate.js';
import { parseInstance } from '../../src/server/dicom/parse-instance.js';
import { incomingFolder, temporarySuffix } from '../../src/server/store/file-blob-store.js';
import { exited, groupAlive, killGroup, serve } from './serve-process.js';
import { multipartBuffer, newBoundary, sameLengthUid, stowContentType, withUid } from './stow-helpers.js';

let dir: string;
const children: ChildProcess[] = [];

after(async () => {
  for (const child of children) killGroup(child);
  if (dir) await rm(dir, { recursive: true, force: true });
});

for (const workers of [1, 2]) {
  test(`kill -9 during STOW-RS (${workers} process${workers > 1 ? 'es' : ''}), restart: every acknowledged instance is stored whole, nothing half-written shows`, { timeout: 90_000 }, async () => {
    dir ??= await mkdtemp(join(tmpdir(), 'dicom-lightbox-crash-test-'));
    const dataDir = join(dir, `data-${workers}`);
    const source = [...generateSampleInstances({ ctSlices: 1 })][0]!.bytes;
    const sourceUid = parseInstance(source, () => '').sopInstanceUid;
    const instanceOf = (index: number) => withUid(source, sourceUid, sameLengthUid(sourceUid, index));

    const first = await serve(dataDir, ['--workers', String(workers)]);
    children.push(first.child);
    const acknowledged = new Map<string, Buffer>();
    let next = 0;
    let killed = false;
    /** Requests sent whose answer had not arrived yet. */
    let outstanding = 0;
    // Four clients store instances two at a time until the server dies under them.
    const sender = async () => {
      while (!killed) {
        const batch = [next++, next++].map(instanceOf);
        const boundary = newBoundary();
        outstanding += 1;
        try {
          const response = await fetch(`${first.root}/studies`, {
            method: 'POST',
            headers: { 'Content-Type': stowContentType(boundary) },
            body: await multipartBuffer(boundary, batch),
          });
          if (response.status === 200) {
            const body = (await response.json()) as Record<string, { Value?: Array<Record<string, { Value?: string[] }>> }>;
            for (const item of body['00081199']?.Value ?? []) {
              const uid = item['00081155']!.Value![0]!;
              acknowledged.set(uid, batch.find((bytes) => parseInstance(bytes, () => '').sopInstanceUid === uid)!);
            }
          }
        } catch {
          return; // the connection died with the server
        } finally {
          outstanding -= 1;
        }
      }
    };
    const senders = Array.from({ length: 4 }, sender);
    while (acknowledged.size < 60) await new Promise((resolve) => setTimeout(resolve, 5));
    killGroup(first.child);
    killed = true;
    // Counted at the kill: an answer already written but not yet read may still arrive and be acknowledged, so
    // counting what stayed unacknowledged afterwards can find nothing even though the server was working.
    const outstandingAtKill = outstanding;
    await Promise.all(senders);
    await exited(first.child);
    while (groupAlive(first.child)) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.ok(outstandingAtKill > 0, 'some requests were in flight when the server died');

    // The restart is a single process: recovery runs the same way whatever served before.
    const second = await serve(dataDir, ['--workers', '1']);
    children.push(second.child);
    for (const [uid, bytes] of acknowledged) {
      const study = parseInstance(bytes, () => '');
      const response = await fetch(`${second.root}/studies/${study.studyInstanceUid}/series/${study.seriesInstanceUid}/instances/${uid}`);
      assert.equal(response.status, 200, `acknowledged instance ${uid} is missing after the restart`);
      const text = Buffer.from(await response.arrayBuffer());
      assert.ok(text.includes(bytes), `acknowledged instance ${uid} came back different`);
    }
    const files = (await readdir(join(dataDir, 'blobs'), { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
    assert.deepEqual(files.filter((entry) => entry.parentPath.includes(incomingFolder) || entry.name.endsWith(temporarySuffix)).map((entry) => entry.name), []);
    // Every file a reader can see is a whole instance (a rename either happened or did not).
    for (const entry of files) parseInstance(await readFile(join(entry.parentPath, entry.name)), () => '');
    assert.ok(files.length >= acknowledged.size);
    second.child.kill('SIGTERM');
    await exited(second.child);
  });
}
