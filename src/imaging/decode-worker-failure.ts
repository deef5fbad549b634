// A decode worker that cannot load (its script on another origin, refused by a Content Security Policy, missing, or
// throwing as it starts) never answers: Cornerstone 5.14's worker manager waits on it for ever, and the image stays
// "loading". Its `error` event is remembered on the worker itself, so that every decode sent to it since fails
// instead, saying why.
import { getWebWorkerManager } from '@cornerstonejs/core';

const workerName = 'dicomImageLoader';
const failure = Symbol('dicom-lightbox decode worker failure');
const watching = Symbol('dicom-lightbox decode worker watched');

type WatchedWorker = Worker & { [failure]?: Error; [watching]?: Array<(error: Error) => void> };

export class DecodeWorkerError extends Error {
  override name = 'DecodeWorkerError';
}

function workersOf(): WatchedWorker[] {
  const registry = (getWebWorkerManager() as unknown as { workerRegistry?: Record<string, { nativeWorkers?: Array<Worker | null> }> }).workerRegistry;
  return (registry?.[workerName]?.nativeWorkers ?? []).filter((worker): worker is WatchedWorker => Boolean(worker));
}

/** The error of a worker that failed to start (ErrorEvent, or a message error), as an Error with the browser's words. */
function errorOf(event: Event): Error {
  const message = event instanceof ErrorEvent && event.message ? event.message : `the worker's ${event.type} event (its script could not be loaded or run)`;
  return new DecodeWorkerError(`worker error event: ${message}`);
}

/**
 * Resolves never; rejects with a DecodeWorkerError as soon as any decode worker has failed (or already had).
 * `signal` ends the watch (the decode it raced has finished).
 */
export function decodeWorkerFailure(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    for (const worker of workersOf()) {
      if (worker[failure]) {
        reject(worker[failure]);
        return;
      }
      if (!worker[watching]) {
        const waiting: Array<(error: Error) => void> = [];
        worker[watching] = waiting;
        const onFailure = (event: Event) => {
          worker[failure] = errorOf(event);
          for (const waiter of waiting.splice(0)) waiter(worker[failure]);
        };
        worker.addEventListener('error', onFailure);
        worker.addEventListener('messageerror', onFailure);
      }
      const waiting = worker[watching]!;
      waiting.push(reject);
      signal.addEventListener('abort', () => waiting.splice(waiting.indexOf(reject) >>> 0, 1), { once: true });
    }
  });
}
