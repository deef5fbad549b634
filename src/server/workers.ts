// `dicom-lightbox serve --workers N`: N processes (node:cluster) serve one store on one port. The primary
// recovers the store, imports and stores samples before forking (all of it once), then only supervises: it
// hands connections to the workers in turn, restarts a worker that dies, and stops them all on SIGINT/SIGTERM.
// Each worker opens the store itself: SQLite in WAL mode lets them read at once and queues their writes
// (busy timeout, immediate transactions); blobs are written to unique temporary files and renamed into place.
import cluster, { type Worker } from 'node:cluster';
import type { FastifyInstance } from 'fastify';
import type { Store } from './store/store.js';

/** What a worker tells the primary once it listens. */
interface ListeningMessage {
  type: 'dicom-lightbox:listening';
  address: string;
}

function isListeningMessage(message: unknown): message is ListeningMessage {
  return typeof message === 'object' && message !== null && (message as ListeningMessage).type === 'dicom-lightbox:listening';
}

export const isWorker = cluster.isWorker;

/** Restarts allowed in `restartWindowMs` before the primary gives up (a worker that dies at once, again and again). */
const maxRestarts = 5;
const restartWindowMs = 60_000;
/** How long workers get to finish their requests after SIGTERM before they are killed. */
const stopGraceMs = 10_000;

/**
 * In the primary: forks `count` workers (running this same command line), resolves with the address they listen
 * on once every one of them listens, and rejects when one dies before that. Afterwards a worker that dies is
 * replaced; SIGINT or SIGTERM stops the workers and then the primary.
 */
export function superviseWorkers(count: number, log: NodeJS.WritableStream): Promise<string> {
  let stopping = false;
  let started = false;
  const restarts: number[] = [];
  const workers = new Set<Worker>();

  const stopAll = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    const exits = [...workers].map((worker) => new Promise<void>((resolve) => {
      if (worker.process.exitCode !== null || worker.process.signalCode !== null) return resolve();
      worker.process.once('exit', () => resolve());
      try {
        worker.process.kill('SIGTERM');
      } catch {
        resolve();
      }
    }));
    const timer = setTimeout(() => {
      for (const worker of workers) if (worker.process.exitCode === null && worker.process.signalCode === null) worker.process.kill('SIGKILL');
    }, stopGraceMs);
    await Promise.all(exits);
    clearTimeout(timer);
    process.exit(exitCode);
  };

  return new Promise<string>((resolve, reject) => {
    const listening = new Map<Worker, string>();
    const fork = () => {
      const worker = cluster.fork();
      workers.add(worker);
      worker.on('message', (message: unknown) => {
        if (!isListeningMessage(message)) return;
        listening.set(worker, message.address);
        if (!started && listening.size === count) {
          started = true;
          resolve(message.address);
        }
      });
      worker.on('exit', (code, signal) => {
        workers.delete(worker);
        listening.delete(worker);
        if (stopping) return;
        const how = signal ? `signal ${signal}` : `code ${code}`;
        if (!started) {
          reject(new Error(`a worker process exited with ${how} before listening`));
          void stopAll(1);
          return;
        }
        const now = Date.now();
        restarts.push(now);
        while (restarts.length > 0 && restarts[0]! < now - restartWindowMs) restarts.shift();
        if (restarts.length > maxRestarts) {
          log.write(`dicom-lightbox: workers keep dying (${restarts.length} in ${restartWindowMs / 1000} s); stopping\n`);
          void stopAll(1);
          return;
        }
        log.write(`dicom-lightbox: worker ${worker.process.pid} exited with ${how}; starting another\n`);
        fork();
      });
    };
    for (let index = 0; index < count; index++) fork();
    const onSignal = (signal: string) => {
      log.write(`${signal}: closing\n`);
      void stopAll(0);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/**
 * In a worker: tells the primary where it listens and closes the app, then `others` (its audit trail), then the store
 * on SIGINT or SIGTERM. A worker whose primary dies exits on its own (node:cluster does so when the IPC channel closes
 * unexpectedly).
 */
export function runAsWorker(app: FastifyInstance, store: Store, address: string, others: ReadonlyArray<{ close(): Promise<unknown> }> = []): void {
  const message: ListeningMessage = { type: 'dicom-lightbox:listening', address };
  process.send!(message);
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    try {
      await app.close();
      for (const other of others) await other.close();
      await store.close();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
