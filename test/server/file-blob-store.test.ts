// The blob store's cache of read handles: a viewer reads a series' frames in turn, again and again, and each read
// must find its file already open rather than open and close it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { FileBlobStore } from '../../src/server/store/file-blob-store.js';

let dir: string;
let blobs: FileBlobStore;
/**
 * More blobs than the 64 handles the cache used to hold: a 300-slice CT series (fewer where the process may open
 * so few files that the cache holds fewer).
 */
const seriesLength = Math.min(300, FileBlobStore.openHandles);
const keys = Array.from({ length: seriesLength }, (_, index) => `study/series/instance-${index}.dcm`);
const contentOf = (index: number) => Buffer.from(`header ${index} `.padEnd(64, '.') + `pixels of slice ${index}`.padEnd(192, '#'));

/** The descriptors this process holds open on files under `root`, by descriptor number (Linux's /proc). */
async function openDescriptorsUnder(root: string): Promise<Map<string, string>> {
  const open = new Map<string, string>();
  for (const fd of await readdir('/proc/self/fd')) {
    const target = await readlink(join('/proc/self/fd', fd)).catch(() => undefined);
    if (target?.startsWith(`${root}/`)) open.set(fd, target);
  }
  return open;
}

/** Reads the "pixels" range of every blob in series order into one buffer each; answers what was read. */
async function readSeries(): Promise<string[]> {
  return Promise.all(
    keys.map(async (key) => {
      const target = Buffer.alloc(192);
      await blobs.readRangesInto(key, [{ offset: 64, length: 192 }], target, 0);
      return target.toString('latin1');
    }),
  );
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-blob-test-'));
  blobs = new FileBlobStore(dir);
  await blobs.recover();
  for (const [index, key] of keys.entries()) await blobs.put(key, contentOf(index));
});

after(async () => {
  await blobs?.close();
  await rm(dir, { recursive: true, force: true });
});

test('reading a series in turn twice opens each file once, and closing the store closes them all', { skip: !existsSync('/proc/self/fd') && 'needs /proc/self/fd' }, async () => {
  const expected = keys.map((_, index) => contentOf(index).subarray(64).toString('latin1'));
  assert.deepEqual(await readSeries(), expected);
  const afterFirstPass = await openDescriptorsUnder(blobs.root);
  assert.equal(afterFirstPass.size, seriesLength, 'one open handle per blob of the series');
  assert.deepEqual(await readSeries(), expected);
  // The same descriptors, not the same number of new ones: nothing was closed and opened again.
  assert.deepEqual(await openDescriptorsUnder(blobs.root), afterFirstPass);

  await blobs.delete(keys[0]!);
  const afterDelete = await openDescriptorsUnder(blobs.root);
  assert.equal(afterDelete.size, seriesLength - 1, "a deleted blob's handle is closed");
  assert.ok(![...afterDelete.values()].some((path) => path.endsWith('/instance-0.dcm')));

  await blobs.close();
  assert.equal((await openDescriptorsUnder(blobs.root)).size, 0);
  // Still readable after close: handles are opened again on demand.
  const target = Buffer.alloc(192);
  await blobs.readRangesInto(keys[1]!, [{ offset: 64, length: 192 }], target, 0);
  assert.equal(target.toString('latin1'), expected[1]);
});

test('out of descriptors, the store closes its idle handles to store, read and stream a blob', async () => {
  // A process of its own whose open-file limit is low, so that taking every descriptor left is quick and harms
  // nothing else; it says how each way of opening a file fared (test/support/blob-store-under-fd-limit.ts).
  const script = fileURLToPath(new URL('../support/blob-store-under-fd-limit.ts', import.meta.url));
  const filler = fileURLToPath(import.meta.url);
  const root = join(dir, 'under-fd-limit');
  const { stdout } = await promisify(execFile)('bash', ['-c', 'ulimit -n 96 && exec "$0" --import tsx "$@"', process.execPath, script, root, filler]);
  const results = JSON.parse(stdout) as Record<string, string>;
  assert.ok(Number(results.held) > 0, 'the child held every descriptor left before each attempt');
  for (const way of ['put', 'readRangesInto', 'read', 'readStream', 'readBack']) assert.equal(results[way], 'ok', `${way}: ${results[way]}`);
});
