// The audit trail as an append-only file of JSON lines, one event a line, hash-chained (hash-chain.ts). A file is
// one chain written by one process: with several worker processes each writes its own file.
import { open, type FileHandle } from 'node:fs/promises';
import type { AuditEvent, AuditLog } from './audit-log.js';
import { chainStart, chainedLine, verifyChain } from './hash-chain.js';

export class JsonLinesAuditLog implements AuditLog {
  readonly #file: FileHandle;
  #previous: string;
  /** Appends in call order: each waits for the one before. */
  #writing: Promise<void> = Promise.resolve();

  private constructor(file: FileHandle, previous: string) {
    this.#file = file;
    this.#previous = previous;
  }

  /**
   * Opens `path` (0600) for appending, continuing the chain already in it; refuses a file whose chain is broken, rather
   * than extend a trail that can no longer be trusted.
   */
  static async open(path: string): Promise<JsonLinesAuditLog> {
    const file = await open(path, 'a+', 0o600);
    try {
      // The trail names patients and studies: the owner's alone, whatever the umask, and narrowed if it was not.
      await file.chmod(0o600);
      const existing = await file.readFile('utf8');
      const check = verifyChain(existing);
      if (!check.ok) throw new Error(`the audit trail ${path} is broken at line ${check.line}: ${check.reason}`);
      return new JsonLinesAuditLog(file, check.entries > 0 ? check.lastHash : chainStart);
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  append(event: AuditEvent): Promise<void> {
    // The chain advances now, in call order; the write follows the writes before it.
    const { line, hash } = chainedLine(this.#previous, event);
    this.#previous = hash;
    const written = this.#writing.then(() => this.#file.appendFile(line, 'utf8'));
    this.#writing = written.catch(() => {});
    return written;
  }

  async close(): Promise<void> {
    await this.#writing;
    await this.#file.sync();
    await this.#file.close();
  }
}
