// A STOW-RS client for benchmarks: multipart bodies of a few instances, sent by several clients at once, either
// prepared beforehand (timed batches) or generated as they are sent (filling a store, with progress).
import { randomBytes } from 'node:crypto';

export interface StowBody {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  instances: number;
}

export function multipart(parts: readonly Uint8Array[]): StowBody {
  const boundary = `bench-${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), Buffer.from(part.buffer, part.byteOffset, part.byteLength), Buffer.from('\r\n'));
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: new Uint8Array(Buffer.concat(chunks)), contentType: `multipart/related; type="application/dicom"; boundary=${boundary}`, instances: parts.length };
}

/**
 * Sends one STOW-RS request (with `headers` added: credentials); anything but 200 (every instance stored) is an
 * error, so a count never overstates.
 */
export async function stow(root: string, { body, contentType }: StowBody, headers: Record<string, string> = {}): Promise<void> {
  const response = await fetch(`${root}/studies`, { method: 'POST', headers: { ...headers, 'Content-Type': contentType, Accept: 'application/dicom+json' }, body });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`STOW-RS to ${root}: ${response.status} ${text.slice(0, 300)}`);
}

/** Bodies of `perRequest` instances each (the last may hold fewer). */
export function* bodiesOf(instances: Iterable<{ bytes: Uint8Array }>, perRequest: number): Generator<StowBody> {
  let parts: Uint8Array[] = [];
  for (const { bytes } of instances) {
    parts.push(bytes);
    if (parts.length === perRequest) {
      yield multipart(parts);
      parts = [];
    }
  }
  if (parts.length > 0) yield multipart(parts);
}

export interface ParallelStowOptions {
  /** Requests in flight at once: the "parallel clients". */
  clients: number;
  /** Called after each request with the instances stored so far. */
  onStored?: (stored: number) => void;
  /** Fails (rather than runs on) past this `performance.now()` time. */
  deadline?: number;
}

/**
 * Sends every body with `clients` requests in flight, each client taking the next body when its last one is answered;
 * resolves with the instances stored. Bodies are pulled lazily, so a generator's output is never all in memory.
 */
export async function stowParallel(root: string, bodies: Iterable<StowBody>, options: ParallelStowOptions): Promise<number> {
  const source = bodies[Symbol.iterator]();
  let stored = 0;
  let failed = false;
  const client = async () => {
    try {
      // One client's failure stops the others at their next request rather than after the whole source.
      for (let next = source.next(); !next.done && !failed; next = source.next()) {
        if (options.deadline !== undefined && performance.now() > options.deadline) throw new Error(`STOW-RS to ${root} ran past its time limit after ${stored} instances`);
        await stow(root, next.value);
        stored += next.value.instances;
        options.onStored?.(stored);
      }
    } catch (error) {
      failed = true;
      throw error;
    }
  };
  await Promise.all(Array.from({ length: options.clients }, client));
  return stored;
}
