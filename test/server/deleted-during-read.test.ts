// An instance whose file is gone when its frames are read (deleted by another request or worker process between the
// index lookup and the read) answers 404 "was deleted", for frames read as stored and for frames decoded first.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FileBlobStore } from '../../src/server/store/file-blob-store.js';
import { openFileStore, type DicomStore } from '../../src/server/store/store.js';
import { startListeningServer, type ListeningServer } from '../support/listening-server.js';
import { multiFrame, writeMultiFrameFiles } from './fixtures.js';

let server: ListeningServer;
let store: DicomStore;

before(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-deleted-during-read-test-'));
  const files = await writeMultiFrameFiles(await mkdtemp(join(dir, 'multi-frame-')));
  store = await openFileStore(join(dir, 'store'));
  for (const file of [files.native, files.rle]) await store.ingest(await readFile(file));
  server = await startListeningServer({ store }, { dir });
});

after(() => server?.close());

describe('a file deleted behind the index', () => {
  for (const [variant, how] of [
    ['native', 'as stored'],
    ['rle', 'decoded'],
  ] as const) {
    test(`frames read ${how}: 404, the instance was deleted`, async () => {
      const sopInstanceUid = multiFrame.sopInstanceUidOf(variant);
      const instance = (await store.findInstance(sopInstanceUid))!;
      // The store's own blob path: removed without the index knowing, as another process's delete would.
      assert.ok(store.blobs instanceof FileBlobStore);
      await rm(store.blobs.pathOf(instance.blobKey));
      const response = await fetch(`${server.root}/studies/${multiFrame.studyInstanceUid}/series/${multiFrame.seriesInstanceUid}/instances/${sopInstanceUid}/frames/1`, {
        headers: { Accept: 'multipart/related; type="application/octet-stream"' },
      });
      assert.equal(response.status, 404);
      assert.match(((await response.json()) as { message: string }).message, new RegExp(`instance ${sopInstanceUid} was deleted`));
    });
  }
});
