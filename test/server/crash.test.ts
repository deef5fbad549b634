// Crash safety with a real process: `dicom-lightbox serve` is killed (SIGKILL) while STOW-RS requests are being
// stored; after a restart every acknowledged instance is there and readable, and no half-written file is visible.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { generateSampleInstances } from '../../src/sample-data/generate.js';
import { parseInstance } from '../../src/server/dicom/parse-instance.js';
import { incomingFolder, temporarySuffix } from '../../src/server/store/file-blob-store.js';
import { multipartBuffer, newBoundary, sameLengthUid, stowContentType, withUid } from './stow-helpers.js';

const cli = fileURLToPath(new URL('../../src/server/cli.ts', import.meta.url));
let dir: string;
const children: ChildProcess[] = [];

/** Starts the CLI on an ephemeral loopback port; resolves with its DICOMweb root once it listens. */
async function serve(dataDir: string): Promise<{ child: ChildProcess; root: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'serve', '--data', dataDir, '--host', '127.0.0.1', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const root = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start: ${output}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      const match = /serving (http:\/\/[^/\s]+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(`${match[1]}/dicom-web`);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
    child.on('exit', (code) => reject(new Error(`the server exited with ${code}: ${output}`)));
  });
  return { child, root };
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

after(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('kill -9 during STOW-RS, restart: every acknowledged instance is stored whole, nothing half-written shows', { timeout: 90_000 }, async () => {
  dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-crash-test-'));
  const dataDir = join(dir, 'data');
  const source = [...generateSampleInstances({ ctSlices: 1 })][0]!.bytes;
  const sourceUid = parseInstance(source, () => '').sopInstanceUid;
  const instanceOf = (index: number) => withUid(source, sourceUid, sameLengthUid(sourceUid, index));

  const first = await serve(dataDir);
  const acknowledged = new Map<string, Buffer>();
  let next = 0;
  let killed = false;
  // Four clients store instances two at a time until the server dies under them.
  const sender = async () => {
    while (!killed) {
      const batch = [next++, next++].map(instanceOf);
      const boundary = newBoundary();
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
      }
    }
  };
  const senders = Array.from({ length: 4 }, sender);
  while (acknowledged.size < 60) await new Promise((resolve) => setTimeout(resolve, 5));
  first.child.kill('SIGKILL');
  killed = true;
  await Promise.all(senders);
  await exited(first.child);
  assert.ok(next > acknowledged.size, 'some requests were in flight when the server died');

  const second = await serve(dataDir);
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
