// Run by test/server/file-blob-store.test.ts in a process whose open-file limit is low (`ulimit -n`): before each
// way the store opens a file, fills the blob store's handle cache and takes every descriptor left, then tries it.
// Prints one JSON line: what worked, and what failed with which error.
import { open, type FileHandle } from 'node:fs/promises';
import { FileBlobStore } from '../../src/server/store/file-blob-store.js';

const [root, filler] = process.argv.slice(2) as [string, string];
const blobs = new FileBlobStore(root);
await blobs.recover();
const contentOf = (index: number) => Buffer.from(`blob ${index}`.padEnd(1000, '.'));
const cached = FileBlobStore.openHandles;
for (let index = 0; index < cached + 4; index++) await blobs.put(`s/r/${index}.dcm`, contentOf(index));
const held: FileHandle[] = [];
/**
 * Every handle the cache may keep open and idle, then the rest of the process's descriptors held the way sockets
 * of many connections would hold them: the next open fails unless the store makes room.
 */
async function squeeze(): Promise<void> {
  await Promise.all(held.splice(0).map((handle) => handle.close()));
  for (let index = 0; index < cached; index++) await blobs.readRangesInto(`s/r/${index}.dcm`, [{ offset: 0, length: 10 }], Buffer.alloc(10), 0);
  for (;;) {
    try {
      held.push(await open(filler, 'r'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EMFILE') throw error;
      return;
    }
  }
}

const results: Record<string, string> = { cached: String(cached) };
async function attempt(name: string, action: () => Promise<unknown>) {
  await squeeze();
  results.held = String(held.length);
  try {
    await action();
    results[name] = 'ok';
  } catch (error) {
    results[name] = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  }
}
const uncached = `s/r/${cached + 1}.dcm`;
await attempt('put', () => blobs.put('s/r/new.dcm', contentOf(999)));
await attempt('readRangesInto', async () => {
  const target = Buffer.alloc(10);
  await blobs.readRangesInto(uncached, [{ offset: 0, length: 10 }], target, 0);
  if (target.toString('latin1') !== contentOf(cached + 1).subarray(0, 10).toString('latin1')) throw new Error('wrong bytes');
});
await attempt('read', async () => {
  if (!(await blobs.read(`s/r/${cached + 2}.dcm`)).equals(contentOf(cached + 2))) throw new Error('wrong bytes');
});
await attempt('readStream', async () => {
  const chunks: Buffer[] = [];
  for await (const chunk of blobs.readStream(`s/r/${cached + 3}.dcm`) as AsyncIterable<Buffer>) chunks.push(chunk);
  if (!Buffer.concat(chunks).equals(contentOf(cached + 3))) throw new Error('wrong bytes');
});
await attempt('readBack', async () => {
  if (!(await blobs.read('s/r/new.dcm')).equals(contentOf(999))) throw new Error('wrong bytes');
});
await Promise.all(held.map((handle) => handle.close()));
await blobs.close();
process.stdout.write(`${JSON.stringify(results)}\n`);
