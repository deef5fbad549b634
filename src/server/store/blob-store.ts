// Where instances' Part 10 bytes live, by key: an interface, so an object store can replace local files.
import type { ByteRange } from '../dicom/parse-instance.js';

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
  /** Releases what the store holds open (file handles, connections). */
  close?(): Promise<void>;
}
