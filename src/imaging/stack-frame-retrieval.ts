// Fetching a stack's frames ahead of their decode, outward from the image on screen. No Cornerstone: an element
// starts this as soon as the series metadata is in, so the network works while the rendering engine downloads and
// starts, and the first image's frame is usually there before the engine asks for it. The loader (frame-loader.ts)
// takes each frame from here; a frame it asks for that is not fetched yet is fetched at once, ahead of the rest.
import type { RetrievedFrame } from '../dicomweb/source.js';
import type { FrameLocation } from './frame-locations.js';
import type { ImageRegistry } from './image-registry.js';

export interface StackFrameRetrievalOptions {
  /**
   * Frames in flight at once while the frames are being decoded (default 32; a request may carry several).
   * Browsers keep 6 connections to an HTTP/1.1 origin; requests queued behind them keep every connection busy from
   * one answer to the next, and through the moments the page's thread is too busy to ask for more.
   */
  concurrency?: number;
  /**
   * Frames in flight at once until the decoding starts (default 6: one a connection). The engine is then
   * still downloading and starting on the page's thread, which also receives every answer: on a small machine a
   * flood of frames would hold up the first image.
   */
  initialConcurrency?: number;
  /**
   * Frames of one multi-frame instance asked for in one request (default 8; PS3.18 frame lists, `frames/2,3,4`):
   * fewer round trips, and far fewer for a server that reads the whole file for each frame request (Orthanc).
   * The image on screen, and a frame the loader asks for out of turn, are asked for alone.
   */
  framesPerRequest?: number;
  /** Bytes fetched but not yet taken by the loader that may be held (while the engine is not there to decode). */
  maxHeldBytes?: number;
  /** The byte length of each frame when known (native frames), by stack index: the answers are read without a scan. */
  frameLengths?: ReadonlyArray<number | undefined>;
  /** Frames Cornerstone has decoded already (another viewport showed the series): not fetched again. */
  isLoaded?: (imageId: string) => boolean;
  /**
   * The imaging context's registry the loader takes frames from (image-registry.ts); without one, the retrieval
   * is nobody's but its creator's.
   */
  registry?: ImageRegistry;
}

type FrameState = 'waiting' | 'requested' | 'arrived' | 'taken';

interface FrameEntry {
  state: FrameState;
  retrieval?: Promise<RetrievedFrame>;
  bytes: number;
  abort?: AbortController;
}

export class StackFrameRetrieval {
  private readonly entries: FrameEntry[];
  private readonly indexById = new Map<string, number>();
  /** Undefined until the first focus(), which starts the fetching. */
  private focusIndex?: number;
  private inFlight = 0;
  private heldBytes = 0;
  private waitingCount: number;
  private cancelled = false;
  private arrivalListener?: (imageId: string) => void;
  private activityListener?: () => void;
  private concurrency: number;
  private readonly steadyConcurrency: number;
  private readonly maxHeldBytes: number;

  constructor(
    readonly imageIds: readonly string[],
    private readonly locations: readonly FrameLocation[],
    private readonly options: StackFrameRetrievalOptions = {},
  ) {
    this.steadyConcurrency = options.concurrency ?? 32;
    this.concurrency = Math.min(options.initialConcurrency ?? 6, this.steadyConcurrency);
    this.maxHeldBytes = options.maxHeldBytes ?? 64 * 1024 * 1024;
    this.entries = imageIds.map(() => ({ state: 'waiting', bytes: 0 }));
    this.waitingCount = imageIds.length;
    imageIds.forEach((imageId, index) => {
      this.indexById.set(imageId, index);
      options.registry?.holdFrame(imageId, this);
    });
  }

  /** Fetches outward from this index from now on (the first call starts the fetching). */
  focus(index: number): void {
    this.focusIndex = Math.min(Math.max(0, Math.trunc(index) || 0), this.entries.length - 1);
    this.fill();
  }

  /**
   * Hands a frame to its decoder, and lets this retrieval forget it: already fetched, on its way, or fetched now
   * ahead of every frame not yet asked for. Undefined when this retrieval no longer holds the frame.
   */
  take(imageId: string): Promise<RetrievedFrame> | undefined {
    const index = this.indexById.get(imageId);
    if (index === undefined || this.cancelled) return undefined;
    const entry = this.entries[index]!;
    if (entry.state === 'taken') return undefined;
    if (entry.state === 'waiting') this.request(index, 'high');
    // An entry that arrived without a retrieval was in Cornerstone's cache: nothing fetched to hand over.
    const retrieval = entry.retrieval;
    if (entry.state === 'arrived') this.heldBytes -= entry.bytes;
    if (entry.state === 'requested' && retrieval && entry.abort) {
      // Still on its way: from now on the image's, aborted when the image is let go, not when this stack is.
      const adopted = this.options.registry?.adoptFrameRequest(imageId, entry.abort);
      if (adopted) retrieval.then(adopted.done, adopted.done);
    }
    entry.state = 'taken';
    entry.retrieval = undefined; // the bytes go with the decoder
    this.options.registry?.letGoFrame(imageId, this);
    this.fill();
    return retrieval;
  }

  /** Whether this retrieval has the frame fetched or on its way (not taken yet). */
  hasUnderWay(imageId: string): boolean {
    const index = this.indexById.get(imageId);
    const state = index === undefined || this.cancelled ? undefined : this.entries[index]!.state;
    return state === 'requested' || state === 'arrived';
  }

  /** Lets go of a fetched frame nobody will decode (its image was in the cache already). */
  discard(imageId: string): void {
    const index = this.indexById.get(imageId);
    if (index === undefined || this.entries[index]!.state !== 'arrived') return;
    this.take(imageId);
  }

  /**
   * Calls `listener` for each frame that arrives (fetched, or failed) and is not taken yet, starting with those
   * that arrived before it was set, nearest the focus first. Setting it means decoding has started: the full
   * number of requests may go out.
   */
  onArrival(listener: (imageId: string) => void): void {
    this.arrivalListener = listener;
    this.concurrency = this.steadyConcurrency;
    const arrived = this.entries.map((entry, index) => ({ entry, index })).filter(({ entry }) => entry.state === 'arrived');
    const focus = this.focusIndex ?? 0;
    arrived.sort((a, b) => Math.abs(a.index - focus) - Math.abs(b.index - focus));
    for (const { index } of arrived) listener(this.imageIds[index]!);
    this.fill();
  }

  /**
   * Calls `listener` whenever a frame's request settles: a sign of life for a watchdog. Unlike onArrival it says
   * nothing about decoding, so the requests stay few until the first image is decoded (the engine chunk and the
   * first frame are not crowded out by the rest of the series).
   */
  onActivity(listener: () => void): void {
    this.activityListener = listener;
  }

  /** Stops: requests in flight that no loader took are aborted, and nothing fetched is kept. */
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.arrivalListener = undefined;
    this.activityListener = undefined;
    this.entries.forEach((entry, index) => {
      if (entry.state === 'requested') entry.abort?.abort();
      entry.retrieval = undefined;
      this.options.registry?.letGoFrame(this.imageIds[index]!, this);
    });
    this.heldBytes = 0;
  }

  /** Frames asked for and not yet arrived (for tests and diagnostics); a request may carry several. */
  get requestsInFlight(): number {
    return this.inFlight;
  }

  /** Starts requests, nearest the focus first, while there is room. */
  private fill(): void {
    while (this.focusIndex !== undefined && !this.cancelled && this.inFlight < this.concurrency && this.heldBytes < this.maxHeldBytes) {
      const index = this.nextWaiting();
      if (index === undefined) return;
      // The image on screen before the ones fetched ahead of the reader.
      this.request(index, index === this.focusIndex ? 'high' : 'low');
    }
  }

  /** The waiting frame nearest the focus (the one after it before the one before it). */
  private nextWaiting(): number | undefined {
    const count = this.entries.length;
    const focus = this.focusIndex ?? 0;
    for (let distance = 0; distance < count && this.waitingCount > 0; distance += 1) {
      for (const index of distance === 0 ? [focus] : [focus + distance, focus - distance]) {
        if (index < 0 || index >= count || this.entries[index]!.state !== 'waiting') continue;
        if (this.options.isLoaded?.(this.imageIds[index]!)) {
          // Cornerstone holds it decoded: nothing to fetch, but it still counts as arrived, so that the element
          // loads it from the cache and reports it loaded.
          this.waitingCount -= 1;
          this.arrived(index, undefined, 0);
          continue;
        }
        return index;
      }
    }
    return undefined;
  }

  /**
   * The frame at `index` and the waiting frames of the same instance beyond it, away from the focus (the order
   * the reader will reach them in), up to framesPerRequest; in frame number order.
   */
  private batchFrom(index: number): number[] {
    const batch = [index];
    // Frames count against the frames in flight, whatever requests carry them.
    const limit = Math.max(1, Math.min(this.options.framesPerRequest ?? 8, this.concurrency - this.inFlight));
    const { source, sopInstanceUid, seriesInstanceUid } = this.locations[index]!;
    const step = index >= (this.focusIndex ?? 0) ? 1 : -1;
    for (let next = index + step; batch.length < limit && next >= 0 && next < this.entries.length; next += step) {
      const location = this.locations[next]!;
      const sameInstance = location.sopInstanceUid === sopInstanceUid && location.seriesInstanceUid === seriesInstanceUid && location.source === source;
      if (!sameInstance || this.entries[next]!.state !== 'waiting' || this.options.isLoaded?.(this.imageIds[next]!)) break;
      batch.push(next);
    }
    return batch.sort((a, b) => this.locations[a]!.frameNumber - this.locations[b]!.frameNumber);
  }

  private request(index: number, priority: RequestPriority): void {
    const batch = priority === 'high' ? [index] : this.batchFrom(index);
    const { source, studyInstanceUid, seriesInstanceUid, sopInstanceUid } = this.locations[index]!;
    // The request is aborted once every frame it carries is let go: each frame has its own controller (a loader
    // that took one frame keeps the request alive when this stack is cancelled), and the last abort ends it.
    const request = new AbortController();
    let wanted = batch.length;
    this.inFlight += batch.length;
    const frames = source.retrieveInstanceFrames(
      studyInstanceUid,
      seriesInstanceUid,
      sopInstanceUid,
      batch.map((at) => this.locations[at]!.frameNumber),
      { signal: request.signal, priority, frameLength: this.options.frameLengths?.[index] },
    );
    const retrievals = batch.map((at, position) => {
      const entry = this.entries[at]!;
      const abort = new AbortController();
      abort.signal.addEventListener('abort', () => --wanted === 0 && request.abort(), { once: true });
      entry.state = 'requested';
      entry.abort = abort;
      this.waitingCount -= 1;
      const retrieval = frames.then((list) => list[position]!);
      entry.retrieval = retrieval;
      retrieval.then(
        (frame) => this.arrived(at, retrieval, frame.bytes.byteLength),
        () => this.arrived(at, retrieval, 0),
      );
      return retrieval;
    });
    // Once every frame of the answer has arrived: the request's place goes to the next.
    void Promise.allSettled(retrievals).then(() => {
      this.inFlight -= batch.length;
      this.fill();
    });
  }

  /** A frame's request settled (or, without a retrieval, the frame was found in the cache instead of fetched). */
  private arrived(index: number, retrieval: Promise<RetrievedFrame> | undefined, bytes: number): void {
    const entry = this.entries[index]!;
    if (retrieval) entry.abort = undefined;
    if (this.cancelled) return;
    if (retrieval ? entry.state === 'requested' && entry.retrieval === retrieval : entry.state === 'waiting') {
      entry.state = 'arrived';
      entry.bytes = bytes;
      this.heldBytes += bytes;
      this.activityListener?.();
      this.arrivalListener?.(this.imageIds[index]!);
    }
  }
}
