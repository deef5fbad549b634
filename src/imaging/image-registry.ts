// The per-image state of one imaging context, under one lifetime: for each image id, where its frame lives and
// which DICOMweb source (with its credentials) asked for it, how many shown stacks hold it, which stack retrievals
// hold its fetched frame, and the fetches in flight for it. No Cornerstone: elements key and hold their stacks here
// before the rendering engine has loaded.
import type { DicomwebSource, RetrievedFrame } from '../dicomweb/source.js';
import type { FrameLocation } from './frame-locations.js';
import type { StackImages } from './stack-frames.js';

/** A stack retrieval as the registry sees it (stack-frame-retrieval.ts): something that may hold a frame. */
export interface FrameHolder {
  hasUnderWay(imageId: string): boolean;
  take(imageId: string): Promise<RetrievedFrame> | undefined;
}

interface ImageEntry {
  /** Set while a shown stack holds the image: what the loader fetches it with. */
  location?: FrameLocation;
  /** Shown stacks that hold the image (two viewports with one source may show one series). */
  holders: number;
  /** Retrievals holding its frame, oldest first. */
  retrievals: FrameHolder[];
  /** Fetches in flight for it, aborted when no stack holds it any more. */
  requests: Set<AbortController>;
  /** Released, and waiting for its load to settle before it is evicted. */
  evicting: boolean;
}

/** What the registry holds, for leak checks. */
export interface ImageRegistryCounts {
  images: number;
  frameLocations: number;
  frameRetrievals: number;
  frameRequests: number;
}

export class ImageRegistry {
  private readonly entries = new Map<string, ImageEntry>();
  private readonly sourceKeys = new WeakMap<DicomwebSource, string>();
  private sourceCount = 0;

  /** `scheme` is the image loader scheme of the context's image ids (`<scheme>:<source key>|<frame URL>`). */
  constructor(readonly scheme: string) {}

  /**
   * The stack with image ids of this context, each naming the source that serves it: two sources on one server
   * root (two elements with different credentials) give different image ids, so the cache, the loader and every
   * registry here keep their frames apart, and each frame is fetched with its own source's credentials.
   */
  keyedStack(stack: StackImages): StackImages {
    const imageIds = stack.imageIds.map((imageId, index) => {
      const { source } = stack.locations[index]!;
      return `${this.scheme}:${this.keyOf(source)}|${imageId.replace(/^wadors:/, '')}`;
    });
    return { ...stack, imageIds };
  }

  /** The `wadors:` image id a keyed one was made from (its frame's URL, for messages). */
  wadorsImageIdOf(imageId: string): string {
    return this.owns(imageId) ? `wadors:${imageId.slice(imageId.indexOf('|') + 1)}` : imageId;
  }

  /** Whether an image id is one of this context's (registered or not). */
  owns(imageId: string): boolean {
    return imageId.startsWith(`${this.scheme}:`);
  }

  /** A shown stack takes hold of its images: the loader fetches each through its location from now on. */
  holdStack({ imageIds, locations }: StackImages): void {
    imageIds.forEach((imageId, index) => {
      const entry = this.entry(imageId);
      entry.location = locations[index]!;
      entry.holders += 1;
      entry.evicting = false;
    });
  }

  /** A stack lets go of its images; returns those no stack holds any more, their requests in flight aborted. */
  releaseStack(imageIds: readonly string[]): Set<string> {
    const released = new Set<string>();
    for (const imageId of imageIds) {
      const entry = this.entries.get(imageId);
      if (!entry || entry.holders === 0) continue;
      entry.holders -= 1;
      if (entry.holders > 0) continue;
      entry.evicting = true;
      released.add(imageId);
      for (const request of entry.requests) request.abort();
    }
    return released;
  }

  /** Whether a stack holds the image again (taken up again while its eviction waited). */
  isHeld(imageId: string): boolean {
    return (this.entries.get(imageId)?.holders ?? 0) > 0;
  }

  /** The image was evicted: its location goes (the rest of its entry once nothing else holds it). */
  evicted(imageId: string): void {
    const entry = this.entries.get(imageId);
    if (!entry || entry.holders > 0) return;
    entry.location = undefined;
    entry.evicting = false;
    this.deleteIfEmpty(imageId, entry);
  }

  locationOf(imageId: string): FrameLocation | undefined {
    return this.entries.get(imageId)?.location;
  }

  /** A retrieval holds the frame of this image (fetched, or to fetch). */
  holdFrame(imageId: string, retrieval: FrameHolder): void {
    this.entry(imageId).retrievals.push(retrieval);
  }

  letGoFrame(imageId: string, retrieval: FrameHolder): void {
    const entry = this.entries.get(imageId);
    if (!entry) return;
    entry.retrievals = entry.retrievals.filter((holder) => holder !== retrieval);
    this.deleteIfEmpty(imageId, entry);
  }

  /**
   * The frame of an image id from a stack's retrieval: one fetched or on its way if any retrieval has it so, else
   * asked for now by the newest; undefined when none holds it.
   */
  takeRetrievedFrame(imageId: string): Promise<RetrievedFrame> | undefined {
    const holders = this.entries.get(imageId)?.retrievals;
    if (!holders?.length) return undefined;
    const underWay = holders.find((retrieval) => retrieval.hasUnderWay(imageId));
    return (underWay ?? holders[holders.length - 1])?.take(imageId);
  }

  /** The signal for a fetch of this image's frame; `done()` when the request has settled. */
  frameRequestSignal(imageId: string): { signal: AbortSignal; done(): void } {
    return this.adoptFrameRequest(imageId, new AbortController());
  }

  /**
   * Makes a fetch already under way (a stack retrieval's, taken by the loader) this image's: releasing the image
   * aborts it. `done()` when the request has settled.
   */
  adoptFrameRequest(imageId: string, controller: AbortController): { signal: AbortSignal; done(): void } {
    this.entry(imageId).requests.add(controller);
    return {
      signal: controller.signal,
      done: () => {
        const entry = this.entries.get(imageId);
        if (!entry) return;
        entry.requests.delete(controller);
        this.deleteIfEmpty(imageId, entry);
      },
    };
  }

  counts(): ImageRegistryCounts {
    const counts: ImageRegistryCounts = { images: this.entries.size, frameLocations: 0, frameRetrievals: 0, frameRequests: 0 };
    for (const entry of this.entries.values()) {
      if (entry.location) counts.frameLocations += 1;
      counts.frameRetrievals += entry.retrievals.length;
      counts.frameRequests += entry.requests.size;
    }
    return counts;
  }

  /** A key for a source, the same for as long as the source lives, and never the same for two sources. */
  private keyOf(source: DicomwebSource): string {
    let key = this.sourceKeys.get(source);
    if (!key) this.sourceKeys.set(source, (key = `source-${(this.sourceCount += 1)}`));
    return key;
  }

  private entry(imageId: string): ImageEntry {
    let entry = this.entries.get(imageId);
    if (!entry) this.entries.set(imageId, (entry = { holders: 0, retrievals: [], requests: new Set(), evicting: false }));
    return entry;
  }

  private deleteIfEmpty(imageId: string, entry: ImageEntry): void {
    if (entry.holders === 0 && !entry.location && !entry.evicting && entry.retrievals.length === 0 && entry.requests.size === 0) {
      this.entries.delete(imageId);
    }
  }
}
