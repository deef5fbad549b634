// A real listening server over a store in a temporary folder, for the hostile-input tests: STOW of one or more
// parts, the store's digest (every file's SHA-256 and every indexed instance) to show nothing stored changed, and
// peak memory and elapsed time measured around a case.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { defaultLimits, type ServerLimits } from '../../src/server/limits.js';
import { openFileStore, type DicomStore } from '../../src/server/store/store.js';
import { multipartBuffer, newBoundary, stowContentType } from './stow-helpers.js';

export interface HostileServer {
  dir: string;
  root: string;
  app: FastifyInstance;
  store: DicomStore;
  close(): Promise<void>;
}

export async function startServer(limits: Partial<ServerLimits> = {}, storeOf?: (dataDir: string, all: ServerLimits) => Promise<DicomStore>): Promise<HostileServer> {
  const dir = await mkdtemp(join(tmpdir(), 'dicom-lightbox-hostile-'));
  const all = { ...defaultLimits, ...limits };
  const store = storeOf ? await storeOf(join(dir, 'store'), all) : await openFileStore(join(dir, 'store'), { limits: all });
  const app = await buildApp({ store, limits: all });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  return {
    dir,
    root: `http://127.0.0.1:${port}/dicom-web`,
    app,
    store,
    close: async () => {
      await app.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface StowAnswer {
  status: number;
  body: Record<string, { Value?: Array<Record<string, { Value?: unknown[] }>> }>;
  warnings: string;
  text: string;
}

/** STOW of `parts`; with `stream`, the body goes chunked, without Content-Length. */
export async function stow(root: string, parts: Uint8Array[], options: { stream?: boolean } = {}): Promise<StowAnswer> {
  const boundary = newBoundary();
  const sent = await multipartBuffer(boundary, parts);
  const response = await fetch(`${root}/studies`, {
    method: 'POST',
    headers: { 'Content-Type': stowContentType(boundary), Accept: 'application/dicom+json' },
    ...(options.stream
      ? { body: new Blob([sent]).stream(), duplex: 'half' }
      : { body: sent }),
  } as RequestInit);
  const text = await response.text();
  let body = {};
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: the test looks at the text.
  }
  return { status: response.status, body, warnings: response.headers.get('warning') ?? '', text };
}

/** Failure Reasons of a STOW answer, in order. */
export function failureReasons(answer: StowAnswer): number[] {
  return (answer.body['00081198']?.Value ?? []).map((item) => item['00081197']?.Value?.[0] as number);
}

export function storedCount(answer: StowAnswer): number {
  return answer.body['00081199']?.Value?.length ?? 0;
}

/** Every blob file's SHA-256 by its path under the blob folder, and every indexed SOP Instance UID. */
export async function storeDigest(server: HostileServer): Promise<{ files: Map<string, string>; instances: string[] }> {
  const blobs = join(server.dir, 'store', 'blobs');
  const files = new Map<string, string>();
  for (const entry of await readdir(blobs, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(path.slice(blobs.length + 1), createHash('sha256').update(await readFile(path)).digest('hex'));
  }
  const matches = await server.store.search({ level: 'instance', conditions: [], limit: 100_000, offset: 0 });
  const instances = matches.map((match) => String(match.instanceAttributes?.['00080018']?.Value?.[0])).sort();
  return { files, instances };
}

/** Throws unless everything in `before` is still there, unchanged (new files and instances are allowed). */
export function assertUnchanged(before: Awaited<ReturnType<typeof storeDigest>>, after: Awaited<ReturnType<typeof storeDigest>>, what: string): void {
  for (const [path, hash] of before.files) {
    if (after.files.get(path) !== hash) throw new Error(`${what}: stored file ${path} changed or vanished`);
  }
  const now = new Set(after.instances);
  for (const uid of before.instances) if (!now.has(uid)) throw new Error(`${what}: instance ${uid} vanished from the index`);
}

/** Runs `work`, sampling resident memory every 5 ms: its peak rise over the start and the elapsed time. */
export async function measured<T>(work: () => Promise<T>): Promise<{ result: T; peakRssRise: number; milliseconds: number }> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const began = performance.now();
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peakRssRise: peak - start, milliseconds: performance.now() - began };
  } finally {
    clearInterval(timer);
  }
}
