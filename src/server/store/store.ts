// The store routes talk to: ingest of one Part 10 buffer (parse → validate → blob → index, in that order) and the
// reads DICOMweb needs, over an InstanceIndex and a BlobStore.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { asPart10File } from '../dicom/file-meta-information.js';
import { DicomParseError, parseInstance, type BulkDataLocation, type ByteRange, type ParseLimits } from '../dicom/parse-instance.js';
import { defaultLimits } from '../limits.js';
import { attributesAtLevel } from '../dicom/query-levels.js';
import { transferSyntaxUids } from '../../dicom/transfer-syntax.js';
import type { BlobStore, DetachedBlob } from './blob-store.js';
import { makePrivateDirectory, privateFileMode, tightenPrivateTree } from './private-files.js';
import { FileBlobStore } from './file-blob-store.js';
import type { EntityTarget, InstanceIndex, InstanceLocation, SearchMatch, SearchQuery } from './instance-index.js';
import { IndexConflictError, SqliteIndex } from './sqlite-index.js';
import { dicomwebPath } from '../../dicom/dicomweb-path.js';

/**
 * 'stored': new. 'unchanged': the same SOP Instance UID with the same bytes was already stored (re-sending is
 * idempotent). 'kept-existing': the UID was stored with different bytes; the first copy stays (what clients
 * already retrieved must not change under them; Orthanc does the same) and the caller can warn.
 */
export type IngestStatus = 'stored' | 'unchanged' | 'kept-existing';

export interface IngestResult {
  status: IngestStatus;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
  numberOfFrames: number;
  /**
   * Stored, but not byte for byte as sent: what was changed (a data set without Part 10 header is stored with one),
   * for the warning a caller gives. Absent when the file was stored as sent.
   */
  changed?: string;
}

/** 'out-of-space': the disk is full (ENOSPC, EDQUOT); the instance may be sent again once there is room. */
export type IngestErrorCode = DicomParseError['code'] | 'conflict' | 'study-mismatch' | 'out-of-space';

/** Errors of a full disk or an exhausted quota. */
function isOutOfSpace(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/**
 * The 128-byte preamble as zeros. PS3.10 7.1 leaves it to applications, which makes a file both DICOM and, say, a
 * Windows executable or an ELF binary (a polyglot) that someone may later run from the store; zeros are what a file
 * without a use for it carries. Undefined when it is zeros already.
 */
function withZeroPreamble(part10: Buffer): Buffer | undefined {
  for (let index = 0; index < 128; index++) {
    if (part10[index] !== 0) {
      const copy = Buffer.from(part10);
      copy.fill(0, 0, 128);
      return copy;
    }
  }
  return undefined;
}

/** Why an instance was refused; nothing of it was kept. */
export class IngestError extends Error {
  constructor(
    readonly code: IngestErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IngestError';
  }
}

export type MetadataTarget = EntityTarget;

export interface IngestOptions {
  /** Refuse the instance unless it belongs to this study (STOW-RS to /studies/{StudyInstanceUID}). */
  studyInstanceUid?: string;
}

export interface Store {
  /** Stores a Part 10 file, or a bare data set (stored with the Part 10 header it lacks, see asPart10File). */
  ingest(part10: Uint8Array, options?: IngestOptions): Promise<IngestResult>;
  /** QIDO-RS at any level. */
  search(query: SearchQuery): Promise<SearchMatch[]>;
  /** The instances of a study, series or one instance, in retrieve order; [] when none is stored there. */
  instancesAt(target: EntityTarget): Promise<InstanceLocation[]>;
  /** The whole Part 10 file of an instance, streamed. */
  readInstance(instance: InstanceLocation): NodeJS.ReadableStream;
  /**
   * Deletes the target's instances: their files are taken out of reach first, then the index rows go, then the
   * files; a failure before the rows are gone puts every file back. Answers how many were removed, 0 when unknown.
   */
  delete(target: EntityTarget): Promise<number>;
  /** DICOM JSON text of each instance at the target (see InstanceIndex.metadata); undefined when unknown. */
  retrieveMetadata(target: MetadataTarget): Promise<string[] | undefined>;
  findInstance(sopInstanceUid: string): Promise<InstanceLocation | undefined>;
  /**
   * The bytes of ranges of an instance's file (for a deflated instance, of its inflated copy: the ranges the index
   * gives point there), one buffer per range, without reading the rest.
   */
  readRanges(instance: InstanceLocation, ranges: readonly ByteRange[]): AsyncIterable<Buffer>;
  /** The bytes of ranges, as readRanges, one after another, into `target` from `at` on. */
  readRangesInto(instance: InstanceLocation, ranges: readonly ByteRange[], target: Buffer, at: number): Promise<void>;
  findBulkData(sopInstanceUid: string, path: string): Promise<BulkDataLocation | undefined>;
  isEmpty(): Promise<boolean>;
  close(): Promise<void>;
}

/** The BulkDataURI of an element, relative to the DICOMweb root: routes make it absolute when answering. */
export function relativeBulkDataUri(
  instance: { studyInstanceUid: string; seriesInstanceUid: string; sopInstanceUid: string },
  path: string,
): string {
  return dicomwebPath(instance, { bulkdata: path });
}

/**
 * Where frames and bulk data of an instance are read from. Deflated instances (1.2.840.10008.1.2.1.99) keep, beside
 * the file as sent (which retrieve answers untouched), a copy with the dataset inflated, written at ingest, and
 * their indexed offsets point into it. Inflating at ingest rather than on each request: a deflate stream has no
 * random access, so a frame on demand would cost inflating the whole file (or a cache of whole inflated files per
 * worker process); the copy costs disk space for a syntax that is rare for images, and keeps every frame a plain
 * file range like any other native frame.
 */
function readableBlobKey(instance: { blobKey: string; transferSyntaxUid: string }): string {
  return instance.transferSyntaxUid === transferSyntaxUids.deflatedExplicitVrLittleEndian ? `${instance.blobKey}.inflated` : instance.blobKey;
}

/** The blobs of an instance: its file, and for a deflated one the inflated copy. */
function blobKeysOf(instance: { blobKey: string; transferSyntaxUid: string }): string[] {
  const readable = readableBlobKey(instance);
  return readable === instance.blobKey ? [instance.blobKey] : [instance.blobKey, readable];
}

/** Instance locations kept in memory: a viewer asks for the frames of the same instances again and again. */
const cachedLocations = 4096;

export interface DicomStoreOptions {
  /** Bounds on what one instance may make ingest do (see limits.ts); the defaults when absent. */
  limits?: ParseLimits;
}

export class DicomStore implements Store {
  readonly #locations = new Map<string, InstanceLocation>();
  readonly #limits: ParseLimits;

  constructor(
    readonly index: InstanceIndex,
    readonly blobs: BlobStore,
    options: DicomStoreOptions = {},
  ) {
    this.#limits = options.limits ?? defaultLimits;
  }

  async ingest(sent: Uint8Array, options: IngestOptions = {}): Promise<IngestResult> {
    let parsed;
    let part10: Buffer;
    let changed: string | undefined;
    try {
      ({ bytes: part10, changed } = asPart10File(sent));
      const zeroed = withZeroPreamble(part10);
      if (zeroed) {
        part10 = zeroed;
        const note = 'its 128-byte preamble was not zeros (it may hold another format\'s header, such as an executable\'s); it was zeroed';
        changed = changed === undefined ? note : `${changed}; ${note}`;
      }
      parsed = parseInstance(part10, relativeBulkDataUri, this.#limits);
    } catch (error) {
      if (error instanceof DicomParseError) throw new IngestError(error.code, error.message);
      throw error;
    }
    if (options.studyInstanceUid !== undefined && parsed.studyInstanceUid !== options.studyInstanceUid) {
      throw new IngestError(
        'study-mismatch',
        `the instance belongs to study ${parsed.studyInstanceUid}, not to ${options.studyInstanceUid} named in the URL`,
      );
    }
    const sha256 = createHash('sha256').update(part10).digest('hex');
    const result = {
      studyInstanceUid: parsed.studyInstanceUid,
      seriesInstanceUid: parsed.seriesInstanceUid,
      sopInstanceUid: parsed.sopInstanceUid,
      sopClassUid: parsed.sopClassUid,
      numberOfFrames: parsed.numberOfFrames,
      ...(changed !== undefined && { changed }),
    };
    const existing = await this.index.findInstance(parsed.sopInstanceUid);
    if (existing) return { ...result, status: existing.sha256 === sha256 ? 'unchanged' : 'kept-existing' };

    // The content hash in the key keeps two different files sent with one UID at the same time from
    // overwriting each other's blob before the index picks one.
    const blobKey = `${parsed.studyInstanceUid}/${parsed.seriesInstanceUid}/${parsed.sopInstanceUid}.${sha256.slice(0, 16)}.dcm`;
    const { inflated, ...indexed } = parsed;
    const keys = blobKeysOf({ blobKey, transferSyntaxUid: parsed.transferSyntaxUid });
    // Every blob is on disk before the index names it: a crash in between leaves files nothing points at, never a
    // row whose frames cannot be read.
    try {
      await this.blobs.put(blobKey, part10);
      if (inflated) await this.blobs.put(keys[1]!, inflated);
    } catch (error) {
      await Promise.all(keys.map((key) => this.blobs.delete(key).catch(() => undefined)));
      if (isOutOfSpace(error)) throw new IngestError('out-of-space', 'the server is out of disk space; nothing of the instance was kept');
      throw error;
    }
    let outcome;
    try {
      outcome = await this.index.add({
        ...indexed,
        studyAttributes: attributesAtLevel(parsed.metadata, 'study'),
        seriesAttributes: attributesAtLevel(parsed.metadata, 'series'),
        blobKey,
        size: part10.byteLength,
        sha256,
      });
    } catch (error) {
      await Promise.all(keys.map((key) => this.blobs.delete(key)));
      if (error instanceof IndexConflictError) throw new IngestError('conflict', error.message);
      if (isOutOfSpace(error) || (error as { code?: string }).code === 'SQLITE_FULL') {
        throw new IngestError('out-of-space', 'the server is out of disk space; nothing of the instance was kept');
      }
      throw error;
    }
    if (outcome === 'exists') {
      // Another ingest of the same UID won the race; keep its blob, drop ours unless it is the same file.
      const winner = await this.index.findInstance(parsed.sopInstanceUid);
      if (winner?.blobKey !== blobKey) await Promise.all(keys.map((key) => this.blobs.delete(key)));
      return { ...result, status: winner?.sha256 === sha256 ? 'unchanged' : 'kept-existing' };
    }
    return { ...result, status: 'stored' };
  }

  search(query: SearchQuery): Promise<SearchMatch[]> {
    return this.index.search(query);
  }

  instancesAt(target: EntityTarget): Promise<InstanceLocation[]> {
    return this.index.instancesAt(target);
  }

  readInstance(instance: InstanceLocation): NodeJS.ReadableStream {
    return this.blobs.readStream(instance.blobKey);
  }

  async delete(target: EntityTarget): Promise<number> {
    // Files out of reach first, then the rows, then the files for good: no file outlives its row (PHI nobody can
    // find or delete), and a failure before the rows go leaves both as they were. A crash in between leaves the
    // files in the blob store's trash, which recovery puts back or removes by what the index says.
    const found = await this.index.instancesAt(target);
    if (found.length === 0) return 0;
    const detached: DetachedBlob[] = [];
    let removed: InstanceLocation[];
    try {
      for (const key of found.flatMap(blobKeysOf)) detached.push(await this.blobs.detach(key));
      removed = await this.index.remove(target);
    } catch (error) {
      const restored = await Promise.allSettled(detached.map((blob) => blob.restore()));
      const lost = restored.filter((result) => result.status === 'rejected').length;
      if (lost > 0) throw new Error(`the delete failed (${(error as Error).message}), and ${lost} file(s) could not be put back; they are restored at the next start`);
      throw error;
    }
    for (const instance of removed) this.#locations.delete(instance.sopInstanceUid);
    // Instances stored under the target while the files were being taken: their rows went too, so their files go now.
    const taken = new Set(found.map((instance) => instance.sopInstanceUid));
    const late = removed.filter((instance) => !taken.has(instance.sopInstanceUid));
    await Promise.allSettled([...detached.map((blob) => blob.purge()), ...late.flatMap(blobKeysOf).map((key) => this.blobs.delete(key))]);
    return removed.length;
  }

  retrieveMetadata(target: MetadataTarget): Promise<string[] | undefined> {
    return this.index.metadata(target);
  }

  /** The index's change marker when the cached locations were last known valid. */
  #locationsMarker: number | undefined;

  async findInstance(sopInstanceUid: string): Promise<InstanceLocation | undefined> {
    // Another process (a worker of `serve --workers N`) may have deleted or replaced instances since the cache
    // was filled: when the index says anything changed, the cache is dropped. This process's own deletes drop
    // their entries as they happen. Blob handles need no such care: a blob key names its content (SHA-256 prefix),
    // and the index is asked here, before any read, whether the instance and its blob still exist.
    const marker = this.index.changeMarker?.();
    if (marker === undefined) return this.index.findInstance(sopInstanceUid);
    if (marker !== this.#locationsMarker) {
      this.#locations.clear();
      this.#locationsMarker = marker;
    }
    const cached = this.#locations.get(sopInstanceUid);
    if (cached) return cached;
    const location = await this.index.findInstance(sopInstanceUid);
    if (location) {
      if (this.#locations.size >= cachedLocations) this.#locations.delete(this.#locations.keys().next().value!);
      this.#locations.set(sopInstanceUid, location);
    }
    return location;
  }

  readRanges(instance: InstanceLocation, ranges: readonly ByteRange[]): AsyncIterable<Buffer> {
    return this.blobs.readRanges(readableBlobKey(instance), ranges);
  }

  readRangesInto(instance: InstanceLocation, ranges: readonly ByteRange[], target: Buffer, at: number): Promise<void> {
    return this.blobs.readRangesInto(readableBlobKey(instance), ranges, target, at);
  }

  findBulkData(sopInstanceUid: string, path: string): Promise<BulkDataLocation | undefined> {
    return this.index.bulkData(sopInstanceUid, path);
  }

  async isEmpty(): Promise<boolean> {
    return (await this.index.search({ level: 'study', conditions: [], limit: 1, offset: 0 })).length === 0;
  }

  async close(): Promise<void> {
    await this.blobs.close?.();
    await this.index.close();
  }
}

export interface OpenFileStoreOptions {
  /**
   * Remove the temporary files a crash left behind (default true). Only one process may do it, before any other
   * opens the store: `serve --workers N` recovers in the primary process and opens the workers' stores without it,
   * so that no worker deletes another's file being written.
   */
  recover?: boolean;
  /** See DicomStoreOptions. */
  limits?: ParseLimits;
}

/** Whether the index names the blob `key` (an instance's file, or a deflated instance's inflated copy). */
export async function isIndexedBlob(index: InstanceIndex, key: string): Promise<boolean> {
  const match = /^[^/]+\/[^/]+\/(.+)\.[0-9a-f]{16}\.dcm(\.inflated)?$/.exec(key);
  if (!match) return false;
  const instance = await index.findInstance(match[1]!);
  return instance !== undefined && blobKeysOf(instance).includes(key);
}

/** Creates an empty file readable by the owner only, unless it exists (SQLite gives its WAL files the database's mode). */
async function createPrivateFile(path: string): Promise<void> {
  let file;
  try {
    file = await open(path, 'wx', privateFileMode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw error;
  }
  try {
    await file.chmod(privateFileMode);
  } finally {
    await file.close();
  }
}

/**
 * The default store: `<dataDir>/index.sqlite` and `<dataDir>/blobs/`, created when missing (the owner's alone:
 * folders 0700, files 0600). An existing data folder is narrowed to those modes, or refused when it belongs to
 * another user (private-files.ts), once: by the process that recovers, not by each worker.
 */
export async function openFileStore(dataDir: string, options: OpenFileStoreOptions = {}): Promise<DicomStore> {
  if (options.recover ?? true) await tightenPrivateTree(dataDir);
  await makePrivateDirectory(dataDir);
  await makePrivateDirectory(join(dataDir, 'blobs'));
  const indexFile = join(dataDir, 'index.sqlite');
  await createPrivateFile(indexFile);
  const blobs = new FileBlobStore(join(dataDir, 'blobs'));
  const index = new SqliteIndex(indexFile);
  if (options.recover ?? true) {
    try {
      await blobs.recover((key) => isIndexedBlob(index, key));
    } catch (error) {
      await index.close();
      throw error;
    }
  }
  return new DicomStore(index, blobs, { ...(options.limits && { limits: options.limits }) });
}
