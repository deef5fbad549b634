// Integrity at rest: the store is the owner's alone whatever the umask, a DELETE that fails leaves index and files
// as they were, a full disk answers 0xA700 with 507, no filesystem path reaches a response, and a delete cut short
// by a crash is settled at the next start.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { storeFailureReasons } from '../../src/dicom/store-status.js';
import { defaultLimits } from '../../src/server/limits.js';
import { FileBlobStore, trashFolder } from '../../src/server/store/file-blob-store.js';
import type { DetachedBlob } from '../../src/server/store/blob-store.js';
import { SqliteIndex } from '../../src/server/store/sqlite-index.js';
import { DicomStore, openFileStore } from '../../src/server/store/store.js';
import { instance } from './hostile-files.js';
import { failureReasons, startServer, stow, storeDigest } from './hostile-harness.js';

const study = '1.2.826.0.1.3680043.10.1341.3';
const series = `${study}.1`;
const options = (n: number) => ({ studyInstanceUid: study, seriesInstanceUid: series, sopInstanceUid: `${study}.1.${n}` });
const cleanup: string[] = [];
after(async () => Promise.all(cleanup.map((dir) => rm(dir, { recursive: true, force: true }))));

async function modesUnder(root: string): Promise<Array<[string, number]>> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  const modes: Array<[string, number]> = [[root, (await stat(root)).mode & 0o777]];
  for (const entry of entries) modes.push([join(entry.parentPath, entry.name), (await stat(join(entry.parentPath, entry.name))).mode & 0o777]);
  return modes;
}

test('the data folder and everything in it is created 0700 / 0600, whatever the umask', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-modes-'));
  cleanup.push(dir);
  const previous = process.umask(0);
  try {
    const store = await openFileStore(join(dir, 'data'));
    await store.ingest(instance(options(1)));
    await store.close();
  } finally {
    process.umask(previous);
  }
  const modes = await modesUnder(join(dir, 'data'));
  assert.ok(modes.length > 5);
  for (const [path, mode] of modes) {
    const isDirectory = (await stat(path)).isDirectory();
    assert.equal(mode, isDirectory ? 0o700 : 0o600, `${path}: ${mode.toString(8)}`);
  }
});

/** A blob store whose detach fails on the `failAt`-th call: a file that cannot be moved. */
class FailingDetachBlobStore extends FileBlobStore {
  calls = 0;
  constructor(root: string, readonly failAt: number) {
    super(root);
  }
  override async detach(key: string): Promise<DetachedBlob> {
    this.calls += 1;
    if (this.calls === this.failAt) throw Object.assign(new Error(`EACCES: permission denied, rename '${this.pathOf(key)}'`), { code: 'EACCES' });
    return super.detach(key);
  }
}

/** An index whose removal fails (a disk error while committing). */
class FailingRemoveIndex extends SqliteIndex {
  override async remove(): Promise<never> {
    throw new Error('disk I/O error');
  }
}

test('a DELETE that fails leaves every file and every index row as they were, and names no path', async () => {
  for (const variant of ['a file cannot be moved', 'the index cannot remove rows'] as const) {
    let blobs: FailingDetachBlobStore | undefined;
    const server = await startServer({}, async (dataDir) => {
      const seeded = await openFileStore(dataDir);
      await seeded.close();
      blobs = new FailingDetachBlobStore(join(dataDir, 'blobs'), variant === 'a file cannot be moved' ? 3 : 0);
      const index = variant === 'a file cannot be moved' ? new SqliteIndex(join(dataDir, 'index.sqlite')) : new FailingRemoveIndex(join(dataDir, 'index.sqlite'));
      return new DicomStore(index, blobs);
    });
    try {
      assert.equal((await stow(server.root, [1, 2, 3, 4].map((n) => instance(options(n))))).status, 200);
      const before = await storeDigest(server);
      const response = await fetch(`${server.root}/studies/${study}`, { method: 'DELETE' });
      assert.equal(response.status, 500, variant);
      const text = await response.text();
      assert.ok(!text.includes(server.dir) && !(response.headers.get('warning') ?? '').includes(server.dir), `${variant}: ${text}`);
      assert.deepEqual(await storeDigest(server), before, variant);
      assert.deepEqual(await readdir(join(server.dir, 'store', 'blobs', trashFolder)), [], variant);
      // Once the fault is gone, the delete goes through and leaves nothing.
      if (blobs) blobs.calls = -100;
      if (variant === 'a file cannot be moved') {
        assert.equal((await fetch(`${server.root}/studies/${study}`, { method: 'DELETE' })).status, 204);
        const after = await storeDigest(server);
        assert.deepEqual([after.files.size, after.instances.length], [0, 0]);
      }
    } finally {
      await server.close();
    }
  }
});

/** A blob store on a full disk. */
class FullDiskBlobStore extends FileBlobStore {
  override async put(key: string): Promise<void> {
    throw Object.assign(new Error(`ENOSPC: no space left on device, write '${this.pathOf(key)}'`), { code: 'ENOSPC' });
  }
}

/** A blob store failing with an error whose text holds a path (a bug, not a full disk). */
class BrokenBlobStore extends FileBlobStore {
  override async put(key: string): Promise<void> {
    throw Object.assign(new Error(`EIO: i/o error, open '${this.pathOf(key)}'`), { code: 'EIO' });
  }
}

test('a full disk answers 507 with Out of Resources (0xA700); other failures 0x0110; neither names a path', async () => {
  for (const [BlobStore, status, reason] of [
    [FullDiskBlobStore, 507, storeFailureReasons.outOfResources],
    [BrokenBlobStore, 409, storeFailureReasons.processingFailure],
  ] as const) {
    const server = await startServer({}, async (dataDir) => {
      const seeded = await openFileStore(dataDir);
      await seeded.close();
      return new DicomStore(new SqliteIndex(join(dataDir, 'index.sqlite')), new BlobStore(join(dataDir, 'blobs')), { limits: defaultLimits });
    });
    try {
      const answer = await stow(server.root, [instance(options(10))]);
      assert.equal(answer.status, status, answer.warnings);
      assert.deepEqual(failureReasons(answer), [reason]);
      assert.ok(!answer.text.includes(server.dir) && !answer.warnings.includes(server.dir), answer.warnings);
      assert.ok(!answer.warnings.includes('/blobs/'), answer.warnings);
      assert.deepEqual((await storeDigest(server)).files.size, 0);
    } finally {
      await server.close();
    }
  }
});

test('a delete cut short (files moved out, rows still there) is undone at the next start; trash nobody names is removed', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-trash-'));
  cleanup.push(dir);
  const data = join(dir, 'data');
  let store = await openFileStore(data);
  await store.ingest(instance(options(20)));
  const [location] = await store.instancesAt({ studyInstanceUid: study });
  await store.close();
  const blobs = join(data, 'blobs');
  // What a crash between moving the file and removing the row leaves, and a trashed file whose row went.
  await rename(join(blobs, ...location!.blobKey.split('/')), join(blobs, trashFolder, location!.blobKey.replaceAll('/', '%')));
  await rename(join(blobs, '.incoming'), join(blobs, '.incoming-old')).catch(() => undefined);
  const { writeFile, mkdir } = await import('node:fs/promises');
  await mkdir(join(blobs, '.incoming'), { recursive: true });
  await writeFile(join(blobs, '.incoming', 'abc.partial'), 'half');
  await writeFile(join(blobs, trashFolder, `${study}%${series}%9.9.0000000000000000.dcm`), 'deleted');
  store = await openFileStore(data);
  try {
    assert.equal((await store.instancesAt({ studyInstanceUid: study })).length, 1);
    assert.ok(await store.blobs.has(location!.blobKey));
    assert.deepEqual(await readdir(join(blobs, trashFolder)), []);
    assert.deepEqual(await readdir(join(blobs, '.incoming')), []);
  } finally {
    await store.close();
  }
});
