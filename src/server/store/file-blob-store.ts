// Blobs as files under one directory, written atomically: temp file in the same directory, fsync, rename, fsync the directory.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { ByteRange } from '../dicom/parse-instance.js';
import type { BlobStore } from './blob-store.js';

/** Suffix of files being written; a crash can leave one behind, never a half-written blob under its key. */
export const temporarySuffix = '.partial';

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

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const path = this.pathOf(key);
    const directory = dirname(path);
    await mkdir(directory, { recursive: true });
    const temporary = join(directory, `.${randomBytes(8).toString('hex')}${temporarySuffix}`);
    const file = await open(temporary, 'wx');
    try {
      await file.writeFile(bytes);
      // The data must be on disk before the rename makes it visible under its key.
      await file.sync();
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
    const directoryHandle = await open(directory, 'r');
    try {
      await directoryHandle.sync();
    } finally {
      await directoryHandle.close();
    }
  }

  async has(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch {
      return false;
    }
  }

  async read(key: string): Promise<Buffer> {
    return readFile(this.pathOf(key));
  }

  async *readRanges(key: string, ranges: readonly ByteRange[]): AsyncIterable<Buffer> {
    const file = await open(this.pathOf(key), 'r');
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
      await file.close();
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
