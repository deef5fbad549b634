// Blobs as files under one directory, written atomically: temp file in `.incoming/`, fsync, rename into place, fsync the directory.
import { randomBytes } from 'node:crypto';
import { makePrivateDirectory } from './private-files.js';
import { readFileSync } from 'node:fs';
import { open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { dirname, join, resolve, sep } from 'node:path';
import type { ByteRange } from '../dicom/parse-instance.js';
import type { BlobStore, DetachedBlob } from './blob-store.js';
import { privateFileMode } from './private-files.js';

/** Suffix of files being written; a crash can leave one behind, never a half-written blob under its key. */
export const temporarySuffix = '.partial';
/**
 * Where files are written before they are renamed into place: one folder, so that recovery after a crash
 * empties it without walking every blob, and so that no reader listing a study's folder sees a partial file.
 */
export const incomingFolder = '.incoming';
/**
 * Where a DELETE moves blobs before removing their index rows; emptied once the rows are gone. A crash in between
 * leaves files here: recovery puts back those the index still names and removes the others. Each file is named by
 * its key with '/' written as '%' (keys hold UIDs, digits and dots, never '%').
 */
export const trashFolder = '.trash';

const trashNameOf = (key: string) => key.replaceAll('/', '%');
const keyOfTrashName = (name: string) => name.replaceAll('%', '/');

/** The process's soft limit on open files (Linux: /proc/self/limits); 4,096 where it cannot be read. */
function openFilesLimit(): number {
  try {
    const line = readFileSync('/proc/self/limits', 'latin1').split('\n').find((text) => text.startsWith('Max open files'));
    const soft = Number(line?.split(/\s{2,}/)[1]);
    return Number.isFinite(soft) && soft > 0 ? soft : 4096;
  } catch {
    return 4096;
  }
}

export class FileBlobStore implements BlobStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** The file of a key; keys are '/'-separated relative paths and may not climb out of the root. */
  pathOf(key: string): string {
    const path = resolve(this.root, ...key.split('/'));
    if (!path.startsWith(this.root + sep) || key.split('/').some((part) => part === '' || part === '.' || part === '..')) {
      throw new Error(`invalid blob key: ${key}`);
    }
    return path;
  }

  /** Folders known to exist (folders are never removed), so a put costs no mkdir; bounded by evicting all. */
  readonly #directories = new Set<string>();

  async #ensureDirectory(directory: string): Promise<void> {
    if (this.#directories.has(directory)) return;
    await makePrivateDirectory(directory);
    if (this.#directories.size > 10_000) this.#directories.clear();
    this.#directories.add(directory);
  }

  /**
   * Removes what a crash left half-written, and settles deletes a crash interrupted: a blob in the trash whose key
   * `isIndexed` still names goes back, any other is removed. Call once, before serving; answers the files reclaimed.
   */
  async recover(isIndexed: (key: string) => Promise<boolean> = async () => false): Promise<number> {
    const incoming = join(this.root, incomingFolder);
    const trash = join(this.root, trashFolder);
    await makePrivateDirectory(incoming);
    await makePrivateDirectory(trash);
    const leftovers = await readdir(incoming);
    await Promise.all(leftovers.map((name) => rm(join(incoming, name), { force: true })));
    let reclaimed = leftovers.length;
    for (const name of await readdir(trash)) {
      const key = keyOfTrashName(name);
      let path: string | undefined;
      try {
        path = this.pathOf(key);
      } catch {
        path = undefined;
      }
      if (path && (await isIndexed(key))) {
        await makePrivateDirectory(dirname(path));
        await rename(join(trash, name), path);
      } else {
        await rm(join(trash, name), { force: true });
        reclaimed += 1;
      }
    }
    return reclaimed;
  }

  async detach(key: string): Promise<DetachedBlob> {
    const path = this.pathOf(key);
    const trash = join(this.root, trashFolder);
    await this.#ensureDirectory(trash);
    await this.#forget(key);
    const parked = join(trash, trashNameOf(key));
    try {
      await rename(path, parked);
    } catch (error) {
      // Already gone (a delete that raced this one): nothing to restore or purge.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { restore: async () => undefined, purge: async () => undefined };
      throw error;
    }
    return {
      restore: () => rename(parked, path),
      purge: () => rm(parked, { force: true }),
    };
  }

  async *keys(): AsyncIterable<string> {
    const entries = await readdir(this.root, { withFileTypes: true, recursive: true });
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const relative = join(entry.parentPath, entry.name).slice(this.root.length + 1).split(sep);
      if (relative[0] === incomingFolder || relative[0] === trashFolder) continue;
      yield relative.join('/');
    }
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const path = this.pathOf(key);
    const directory = dirname(path);
    await this.#ensureDirectory(directory);
    await this.#ensureDirectory(join(this.root, incomingFolder));
    // Same file system as the blob, so the rename is atomic.
    const temporary = join(this.root, incomingFolder, `${randomBytes(8).toString('hex')}${temporarySuffix}`);
    const file = await this.#openMakingRoom(temporary, 'wx', privateFileMode);
    try {
      // The mode given to open is narrowed by the umask; fchmod sets it whatever the umask.
      await file.chmod(privateFileMode);
      await file.writeFile(bytes);
      // The data (and the size, which fdatasync includes) must be on disk before the rename makes it visible.
      await file.datasync();
    } catch (error) {
      await file.close();
      await rm(temporary, { force: true });
      throw error;
    }
    await file.close();
    try {
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    // The rename itself lives in the directory; without this a crash can forget it.
    await this.#syncDirectory(directory);
  }

  readonly #directorySyncs = new Map<string, { running?: Promise<void>; queued?: Promise<void> }>();

  /**
   * fsync of a directory, shared: instances of one series arrive together and land in one folder, and one
   * directory fsync that starts after a rename makes every rename before it durable. A caller joins a sync that
   * has not started yet, or queues the next one behind a running sync.
   */
  #syncDirectory(directory: string): Promise<void> {
    let state = this.#directorySyncs.get(directory);
    if (!state) {
      state = {};
      this.#directorySyncs.set(directory, state);
    }
    if (state.queued) return state.queued;
    const entry = state;
    const sync = async () => {
      entry.queued = undefined;
      const handle = await this.#openMakingRoom(directory, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    };
    const queued = (entry.running ?? Promise.resolve()).catch(() => undefined).then(sync);
    entry.queued = queued;
    entry.running = queued;
    void queued
      .finally(() => {
        if (entry.running === queued && !entry.queued) this.#directorySyncs.delete(directory);
      })
      .catch(() => undefined);
    return queued;
  }

  async has(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch {
      return false;
    }
  }

  async read(key: string): Promise<Buffer> {
    const file = await this.#open(key);
    try {
      return await file.readFile();
    } finally {
      await file.close();
    }
  }

  /**
   * Read-only handles of recently read blobs, most recent last: a viewer reads the frames of a series again and
   * again, and open + close cost as much as reading a 512² frame from the page cache. The cache must hold a whole
   * series: a least-recently-used cache smaller than the series a viewer cycles through never hits (each pass
   * evicts the very file the next request needs), and CT series of several hundred images are common. 1,024
   * handles, or a quarter of the process's descriptors where it may open fewer than 4,096 (Node raises its limit
   * to the hard one at start); should the descriptors run out anyway, the idle cached handles are closed and the
   * open (of a blob to read, a file being stored, a folder to sync) is tried again.
   */
  readonly #handles = new Map<string, { handle: Promise<FileHandle>; users: number }>();
  static readonly openHandles = Math.min(1024, Math.floor(openFilesLimit() / 4));

  async #open(key: string): Promise<FileHandle> {
    return this.#openMakingRoom(this.pathOf(key), 'r');
  }

  async #openMakingRoom(path: string, flags: string, mode?: number): Promise<FileHandle> {
    try {
      return await open(path, flags, mode);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EMFILE' && (error as NodeJS.ErrnoException).code !== 'ENFILE') throw error;
      await this.#closeIdle();
      return open(path, flags, mode);
    }
  }

  /** Closes every cached handle nobody is reading from. */
  async #closeIdle(): Promise<void> {
    const idle = [...this.#handles].filter(([, entry]) => entry.users === 0);
    for (const [key] of idle) this.#handles.delete(key);
    await Promise.all(idle.map(([, entry]) => entry.handle.then((handle) => handle.close()).catch(() => undefined)));
  }

  async #acquire(key: string): Promise<{ handle: FileHandle; release: () => void }> {
    let entry = this.#handles.get(key);
    if (entry) {
      this.#handles.delete(key);
    } else {
      entry = { handle: this.#open(key), users: 0 };
      entry.handle.catch(() => this.#handles.get(key) === entry && this.#handles.delete(key));
    }
    this.#handles.set(key, entry);
    entry.users += 1;
    const current = entry;
    this.#evict();
    try {
      const handle = await current.handle;
      return {
        handle,
        release: () => {
          current.users -= 1;
          if (current.users === 0 && this.#handles.get(key) !== current) void handle.close().catch(() => undefined);
        },
      };
    } catch (error) {
      current.users -= 1;
      throw error;
    }
  }

  #evict(): void {
    for (const [key, entry] of this.#handles) {
      if (this.#handles.size <= FileBlobStore.openHandles) return;
      this.#handles.delete(key);
      // A handle still being read from is closed by its last user.
      if (entry.users === 0) void entry.handle.then((handle) => handle.close()).catch(() => undefined);
    }
  }

  async *readRanges(key: string, ranges: readonly ByteRange[]): AsyncIterable<Buffer> {
    const { handle: file, release } = await this.#acquire(key);
    try {
      for (const { offset, length } of ranges) {
        const buffer = Buffer.allocUnsafe(length);
        let filled = 0;
        while (filled < length) {
          const { bytesRead } = await file.read(buffer, filled, length - filled, offset + filled);
          if (bytesRead === 0) throw new Error(`blob ${key} ends at ${offset + filled}, before the end of range ${offset}+${length}`);
          filled += bytesRead;
        }
        yield buffer;
      }
    } finally {
      release();
    }
  }

  async readRangesInto(key: string, ranges: readonly ByteRange[], target: Buffer, at: number): Promise<void> {
    const { handle: file, release } = await this.#acquire(key);
    try {
      let position = at;
      for (const { offset, length } of ranges) {
        let filled = 0;
        while (filled < length) {
          const { bytesRead } = await file.read(target, position + filled, length - filled, offset + filled);
          if (bytesRead === 0) throw new Error(`blob ${key} ends at ${offset + filled}, before the end of range ${offset}+${length}`);
          filled += bytesRead;
        }
        position += length;
      }
    } finally {
      release();
    }
  }

  /** Closes every cached handle (the store is closing). */
  async close(): Promise<void> {
    const entries = [...this.#handles.values()];
    this.#handles.clear();
    await Promise.all(entries.map((entry) => entry.handle.then((handle) => (entry.users === 0 ? handle.close() : undefined)).catch(() => undefined)));
  }

  /**
   * Streams the blob from a cached handle (an instance retrieved is often one whose frames were read, or will be),
   * 256 KB a read; a stream destroyed before its end lets the handle go.
   */
  readStream(key: string): NodeJS.ReadableStream {
    return Readable.from(this.#chunksOf(key), { objectMode: false });
  }

  async *#chunksOf(key: string): AsyncGenerator<Buffer> {
    const { handle: file, release } = await this.#acquire(key);
    try {
      for (let position = 0; ; ) {
        const buffer = Buffer.allocUnsafe(256 * 1024);
        const { bytesRead } = await file.read(buffer, 0, buffer.length, position);
        if (bytesRead === 0) return;
        position += bytesRead;
        yield bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
      }
    } finally {
      release();
    }
  }

  async delete(key: string): Promise<void> {
    await this.#forget(key);
    await rm(this.pathOf(key), { force: true });
  }

  /** Drops the cached handle of a key about to go. */
  async #forget(key: string): Promise<void> {
    const cached = this.#handles.get(key);
    if (cached) {
      this.#handles.delete(key);
      if (cached.users === 0) await cached.handle.then((handle) => handle.close()).catch(() => undefined);
    }
  }
}
