// Decoding a stack's frames into Cornerstone's cache as they arrive (stack-frame-retrieval.ts), a few at a time
// and each few in a task of its own, so that rendering and input are never held up for long by a burst of frames.
// It takes the place of Cornerstone's stackPrefetch, whose requests were started all at once by the loader anyway
// and whose request pool waited a timer tick before each refill.
import { Enums, imageLoader } from '@cornerstonejs/core';
import type { StackFrameRetrieval } from './stack-frame-retrieval.js';

/** Loads in flight at once: a native frame decodes in a millisecond or two, others in the decode worker. */
const maxInFlight = 6;

/** Runs `callback` in a task of its own, unthrottled (a timer nested in timers waits at least 4 ms). */
function inNextTask(callback: () => void): void {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    callback();
  };
  channel.port2.postMessage(undefined);
}

export class StackDecodeQueue {
  private queue: string[] = [];
  private inFlight = 0;
  private scheduled = false;
  private stopped = false;

  constructor(private readonly retrieval: StackFrameRetrieval) {}

  /** Decodes every frame that has arrived, then each one as it arrives. */
  start(): void {
    this.retrieval.onArrival((imageId) => {
      this.queue.push(imageId);
      this.schedule();
    });
  }

  stop(): void {
    this.stopped = true;
    this.queue = [];
  }

  private schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    inNextTask(() => {
      this.scheduled = false;
      this.run();
    });
  }

  private run(): void {
    while (!this.stopped && this.inFlight < maxInFlight && this.queue.length > 0) {
      const imageId = this.queue.shift()!;
      this.inFlight += 1;
      imageLoader
        .loadAndCacheImage(imageId, { requestType: Enums.RequestType.Prefetch, priority: 0 } as never)
        .catch(() => undefined) // a failure is reported through Cornerstone's IMAGE_LOAD_FAILED event
        .finally(() => {
          // The cache held it already (another viewport showed the series): the fetched bytes are not needed.
          this.retrieval.discard(imageId);
          this.inFlight -= 1;
          this.schedule();
        });
    }
  }
}
