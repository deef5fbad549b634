// Where instances' Part 10 bytes live, by key: an interface, so an object store can replace local files.
import type { ByteRange } from '../dicom/parse-instance.js';

/** A blob taken out of reach by BlobStore.detach. */
export interface DetachedBlob {
  restore(): Promise<void>;
  purge(): Promise<void>;
}

export interface BlobStore {
  /** Stores `bytes` under `key` atomically: a reader sees the whole blob or none of it, even after a crash. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  has(key: string): Promise<boolean>;
  /** The whole blob. */
  read(key: string): Promise<Buffer>;
  /**
   * The bytes of each range in turn, one buffer per range, from one open handle: frames are served from
   * their ranges, never by reading the whole blob.
   */
  readRanges(key: string, ranges: readonly ByteRange[]): AsyncIterable<Buffer>;
  /** Reads the ranges one after another into `target` from `at` on: one buffer for a whole response, no copies. */
  readRangesInto(key: string, ranges: readonly ByteRange[], target: Buffer, at: number): Promise<void>;
  /** The whole blob as a stream, for retrieving instances without holding them in memory. */
  readStream(key: string): NodeJS.ReadableStream;
  delete(key: string): Promise<void>;
  /**
   * Takes the blob out of reach (a reader then fails as for a deleted one) without destroying it yet: `restore`
   * puts it back, `purge` destroys it. A DELETE takes every blob first, then removes the index rows, then purges,
   * so that a failure at any step leaves the store as it was and no file outlives its index row.
   */
  detach(key: string): Promise<DetachedBlob>;
  /** The keys of every blob, for `dicom-lightbox check`. */
  keys(): AsyncIterable<string>;
  /** Releases what the store holds open (file handles, connections). */
  close?(): Promise<void>;
}
