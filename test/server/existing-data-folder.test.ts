// A --data folder that exists already: loosened modes (an older version, a copy made by hand, a restored backup) are
// narrowed to 0700/0600 at startup; a folder, or anything in it, owned by another user is refused with its path,
// changing nothing, and `serve` says so and exits non-zero.
import assert from 'node:assert/strict';
import { chmod, chown, lstat, mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openFileStore } from '../../src/server/store/store.js';
import { instance } from './hostile-files.js';
import { serve } from './serve-process.js';

const study = '1.2.826.0.1.3680043.10.1341.77';
const uids = (n: number) => ({ studyInstanceUid: study, seriesInstanceUid: `${study}.1`, sopInstanceUid: `${study}.1.${n}` });
/** Another user: nobody. Giving a folder away needs root, as the tests run in CI; elsewhere those tests skip. */
const stranger = 65534;
const isRoot = process.getuid?.() === 0;

let root: string;
before(async () => (root = await mkdtemp(join(tmpdir(), 'dicom-lightbox-existing-data-'))));
after(() => rm(root, { recursive: true, force: true }));

async function modesUnder(dir: string): Promise<Map<string, number>> {
  const modes = new Map([[dir, (await stat(dir)).mode & 0o777]]);
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    modes.set(path, (await lstat(path)).mode & 0o777);
  }
  return modes;
}

/** A store with one instance, then every folder opened to 0755 and every file to 0644, as under umask 022. */
async function looseStore(name: string): Promise<string> {
  const data = join(root, name);
  const store = await openFileStore(data);
  await store.ingest(instance(uids(1)));
  await store.close();
  for (const [path] of await modesUnder(data)) await chmod(path, (await stat(path)).isDirectory() ? 0o755 : 0o644);
  await writeFile(join(data, 'notes.txt'), 'left by an operator', { mode: 0o666 });
  await chmod(join(data, 'notes.txt'), 0o666);
  return data;
}

test('a data folder with loose modes is narrowed to 0700 folders and 0600 files when the store opens', async () => {
  const data = await looseStore('loose');
  // A link out of the folder is left alone: chmod would change the file it points to.
  const outside = join(root, 'outside.txt');
  await writeFile(outside, 'not the store\'s');
  await chmod(outside, 0o644);
  await symlink(outside, join(data, 'link-out'));
  const store = await openFileStore(data);
  try {
    assert.equal((await store.instancesAt({ studyInstanceUid: study })).length, 1, 'the stored instance is still there');
  } finally {
    await store.close();
  }
  const modes = await modesUnder(data);
  assert.ok(modes.size > 5);
  for (const [path, mode] of modes) {
    const status = await lstat(path);
    if (status.isSymbolicLink()) continue;
    assert.equal(mode, status.isDirectory() ? 0o700 : 0o600, `${path}: ${mode.toString(8)}`);
  }
  assert.equal((await stat(outside)).mode & 0o777, 0o644);
});

test('a data folder owned by another user is refused, naming it, and nothing in it changes', { skip: !isRoot && 'giving a folder to another user needs root' }, async () => {
  const data = await looseStore('foreign');
  await chown(data, stranger, stranger);
  const before = await modesUnder(data);
  await assert.rejects(openFileStore(data), (error: Error) => {
    assert.match(error.message, new RegExp(`^${data.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} belongs to user ${stranger}, not to user 0`));
    assert.match(error.message, /chown -R 0 .* or choose another --data/);
    return true;
  });
  assert.deepEqual(await modesUnder(data), before);
});

test('a file inside owned by another user is refused, naming the file', { skip: !isRoot && 'giving a file to another user needs root' }, async () => {
  const data = await looseStore('foreign-file');
  const planted = join(data, 'blobs', 'planted.dcm');
  await writeFile(planted, 'x');
  await chown(planted, stranger, stranger);
  await assert.rejects(openFileStore(data), new RegExp(`${planted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} belongs to user ${stranger}`));
});

test('`serve --data` on another user\'s folder exits non-zero with the reason', { skip: !isRoot && 'giving a folder to another user needs root' }, async () => {
  const data = join(root, 'foreign-serve');
  await mkdir(data);
  await chown(data, stranger, stranger);
  const served = serve(data, ['--workers', '1']).then((started) => {
    started.child.kill('SIGKILL');
    throw new Error('it serves another user\'s folder');
  });
  await assert.rejects(served, /exited with 1: .*foreign-serve belongs to user 65534/s);
});
