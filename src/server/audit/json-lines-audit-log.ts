// The audit trail as an append-only file of JSON lines, one event a line, hash-chained (hash-chain.ts) and anchored
// (audit-anchor.ts). A file is one chain written by one process: with several worker processes each writes its own.
//
// Durability: an event is chained when appended, in call order, and written with the other events of the same turn
// of the event loop in one write; `append` resolves once that write is done (the record is then in the operating
// system's hands and survives the process being killed). The file is fsynced, and its anchor rewritten, at most
// `syncIntervalMs` (default 1 s) after a write and at close: a power failure loses at most that last second, and lines
// cut from the end are detected up to the last anchor. A write that fails keeps its lines, which go out with the next
// write: the chain runs through them, so none can be skipped.
import { writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { anchorMismatch, anchorPathOf, readAnchor, writeAnchor, type AuditAnchor } from './audit-anchor.js';
import type { AuditEvent, AuditLog } from './audit-log.js';
import { chainStart, chainedLine, verifyChain } from './hash-chain.js';
import { basename } from 'node:path';

export interface AuditLogOptions {
  /** Where the anchor is kept; default: beside the chain. */
  anchorDir?: string;
  /** Longest time between a write and the fsync and anchor that follow it; default 1000 ms. */
  syncIntervalMs?: number;
}

/** A chain's position: entries so far and the hash of the last. */
interface Position {
  entries: number;
  lastHash: string;
}

export class JsonLinesAuditLog implements AuditLog {
  readonly #file: FileHandle;
  readonly #path: string;
  readonly #anchorPath: string;
  readonly #syncIntervalMs: number;
  /** Where the chain stands with every append so far. */
  #appended: Position;
  /** Where it stands with what is written to the file. */
  #written: Position;
  /** Where the last anchor put it. */
  #anchored: AuditAnchor;
  /** Lines chained but not yet written (a failed write's remainder first), and the appends waiting for them. */
  #pending: Buffer[] = [];
  #waiting: Array<{ resolve(): void; reject(error: unknown): void }> = [];
  #flushing: Promise<void> | undefined;
  #syncTimer: NodeJS.Timeout | undefined;
  #syncing: Promise<void> = Promise.resolve();
  #closed = false;

  private constructor(file: FileHandle, path: string, anchorPath: string, position: Position, anchor: AuditAnchor, options: AuditLogOptions) {
    this.#file = file;
    this.#path = path;
    this.#anchorPath = anchorPath;
    this.#appended = position;
    this.#written = position;
    this.#anchored = anchor;
    this.#syncIntervalMs = options.syncIntervalMs ?? 1000;
  }

  /**
   * Opens `path` (0600) for appending, continuing the chain already in it; refuses a file whose chain is broken, or
   * shorter than or different from its anchor, rather than extend a trail that can no longer be trusted.
   */
  static async open(path: string, options: AuditLogOptions = {}): Promise<JsonLinesAuditLog> {
    const file = await open(path, 'a+', 0o600);
    try {
      // The trail names patients and studies: the owner's alone, whatever the umask, and narrowed if it was not.
      await file.chmod(0o600);
      const existing = await file.readFile('utf8');
      const anchorPath = anchorPathOf(path, options.anchorDir);
      const previousAnchor = await readAnchor(anchorPath);
      const check = verifyChain(existing, previousAnchor?.entries);
      if (!check.ok) throw new Error(`the audit trail ${path} is broken at line ${check.line}: ${check.reason}`);
      const mismatch = previousAnchor && anchorMismatch(check, previousAnchor);
      if (mismatch) throw new Error(`the audit trail ${path} does not match its anchor ${anchorPath}: ${mismatch}`);
      const position = { entries: check.entries, lastHash: check.entries > 0 ? check.lastHash : chainStart };
      // Anchored at once, so that every chain has an anchor from its first moment.
      await file.sync();
      const anchor = { chain: basename(path), ...position, time: new Date().toISOString() };
      await writeAnchor(anchorPath, anchor);
      return new JsonLinesAuditLog(file, path, anchorPath, position, anchor, options);
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  /** The chain's file. */
  get path(): string {
    return this.#path;
  }

  /** The last anchor written: what `audit --verify` will hold the chain to. */
  get anchor(): AuditAnchor {
    return this.#anchored;
  }

  append(event: AuditEvent): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the audit trail is closed'));
    // The chain advances now, in call order; the line is written with the others of this turn.
    const { line, hash } = chainedLine(this.#appended.lastHash, event);
    this.#appended = { entries: this.#appended.entries + 1, lastHash: hash };
    this.#pending.push(Buffer.from(line, 'utf8'));
    const written = new Promise<void>((resolve, reject) => this.#waiting.push({ resolve, reject }));
    this.#flushing ??= this.#flush();
    return written;
  }

  /**
   * Writes what is pending in one write, a turn of the event loop after the first append; a failed write leaves its
   * bytes pending. The write is synchronous: a few hundred bytes into the page cache cost less than a hop through
   * libuv's thread pool, which profiling showed to be most of the trail's cost per request.
   */
  async #flush(): Promise<void> {
    // Every append of this turn of the event loop joins the batch.
    await new Promise((resolve) => setImmediate(resolve));
    this.#flushing = undefined;
    const batch = this.#pending.length === 1 ? this.#pending[0]! : Buffer.concat(this.#pending);
    const waiting = this.#waiting;
    const reached = this.#appended;
    this.#pending = [];
    this.#waiting = [];
    let offset = 0;
    try {
      while (offset < batch.length) offset += writeSync(this.#file.fd, batch, offset, batch.length - offset);
    } catch (error) {
      // What was not written waits for the next write: the chain's later lines follow from it.
      this.#pending.unshift(batch.subarray(offset));
      for (const append of waiting) append.reject(error);
      return;
    }
    this.#written = reached;
    for (const append of waiting) append.resolve();
    this.#syncTimer ??= setTimeout(() => void this.#sync(), this.#syncIntervalMs).unref();
  }

  /** Fsyncs the file, then anchors what it holds. */
  #sync(): Promise<void> {
    this.#syncing = this.#syncing.then(async () => {
      clearTimeout(this.#syncTimer);
      this.#syncTimer = undefined;
      const reached = this.#written;
      if (reached.entries === this.#anchored.entries) return;
      await this.#file.datasync();
      const anchor = { chain: basename(this.#path), ...reached, time: new Date().toISOString() };
      await writeAnchor(this.#anchorPath, anchor);
      this.#anchored = anchor;
    }).catch(() => {
      // A sync that failed is tried again with the next write; the anchor stays where it was, which verify reports
      // as entries past the anchor, never as a cut.
    });
    return this.#syncing;
  }

  /** Writes what is pending, syncs, anchors and closes; `anchor` is then the final one. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#flushing;
    // One more try for lines a failed write left pending.
    if (this.#pending.length > 0) await this.#flush();
    await this.#sync();
    await this.#file.close();
    if (this.#pending.length > 0) throw new Error(`the audit trail ${this.#path} could not be written: its last ${this.#appended.entries - this.#written.entries} entries are lost`);
  }
}
