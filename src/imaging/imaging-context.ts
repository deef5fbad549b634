// The imaging context: what viewport elements share, owned by one object instead of module globals. It holds the
// per-image registry (image-registry.ts), the rendering engine and who uses it, the cache budgets elements state,
// and a count of the listeners elements hold, so that a leak check sees everything. No Cornerstone here: elements
// reach their context (through @lit/context, or the page's) before the rendering engine chunk has loaded; the
// chunk's functions (rendering-engine.ts, cache-budget.ts, stack-images.ts, init.ts) act on it.
import type { RenderingEngine } from '@cornerstonejs/core';
import { ImageRegistry, type ImageRegistryCounts } from './image-registry.js';

/** What Cornerstone holds for a context, read by the engine chunk once it has loaded. */
export interface CornerstoneCounts {
  renderingEngines: number;
  viewports: number;
  toolGroups: number;
  /** Bytes of decoded images in Cornerstone's cache. */
  cacheBytes: number;
  /** Measurements in Cornerstone's annotation state. */
  annotations: number;
}

export interface ImagingContextStats extends CornerstoneCounts, ImageRegistryCounts {
  /** Elements' cache budgets in force. */
  cacheBudgets: number;
  /** Users of the context's rendering engine. */
  engineUsers: number;
  /** Event listeners elements hold on Cornerstone's targets through the context. */
  listeners: number;
  /** Volumes viewports show (one a series and source, however many viewports show it). */
  volumes: number;
}

/** A volume of the context, shared by the viewports that show it (volume-store.ts makes and frees them). */
export interface SharedVolumeEntry {
  readonly volumeId: string;
  /** Viewports showing it. */
  users: number;
  /** Settles with the volume once Cornerstone has made it. */
  readonly ready: Promise<unknown>;
}

/** A context's share of the page's one Cornerstone: the engine and its users. */
export interface EngineSlot {
  engine?: RenderingEngine;
  users: number;
  pendingDestroy?: ReturnType<typeof setTimeout>;
}

export class ImagingContext {
  /** Unique on the page: names the context's image loader scheme and its rendering engine. */
  readonly id: string;
  readonly images: ImageRegistry;
  readonly engineSlot: EngineSlot = { users: 0 };
  /** Each owner's (element's) stated cache budget in MB. */
  readonly cacheBudgets = new Map<object, number>();
  /** Volumes by the series they hold (its first image id and image count): one a series, shared (volume-store.ts). */
  readonly volumes = new Map<string, SharedVolumeEntry>();
  /** Numbers the context's volume ids. */
  volumeCount = 0;
  /** Cornerstone's own cache size, restored when no budget is stated. */
  cornerstoneCacheDefault?: number;
  /** Set by the engine chunk when it has registered this context's image loader. */
  loaderRegistered = false;
  /** Set by the volume chunk when it has registered the loader of this context's decimated image ids. */
  decimatedLoaderRegistered = false;
  /** Set by the engine chunk: reads what Cornerstone holds. */
  readCornerstone?: () => CornerstoneCounts;
  private listenerCount = 0;

  constructor(id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`) {
    this.id = id;
    this.images = new ImageRegistry(`dicom-lightbox-${id}`);
  }

  get renderingEngineId(): string {
    return `dicom-lightbox-${this.id}`;
  }

  /** Adds a listener an element holds for as long as it shows something; the returned function removes it. */
  listen(target: EventTarget, type: string, listener: (event: Event) => void): () => void {
    target.addEventListener(type, listener);
    this.listenerCount += 1;
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      target.removeEventListener(type, listener);
      this.listenerCount -= 1;
    };
  }

  stats(): ImagingContextStats {
    const cornerstone = this.readCornerstone?.() ?? { renderingEngines: 0, viewports: 0, toolGroups: 0, cacheBytes: 0, annotations: 0 };
    return {
      ...cornerstone,
      ...this.images.counts(),
      cacheBudgets: this.cacheBudgets.size,
      engineUsers: this.engineSlot.users,
      listeners: this.listenerCount,
      volumes: this.volumes.size,
    };
  }
}

const pageContextKey = Symbol.for('dicom-lightbox.page-imaging-context');

/**
 * The page's context, for elements that no provider (a `<dicom-viewer>`) gives one: the document owns it, so every
 * copy of this module on the page (two bundles, or a bundle and its source) finds the same one.
 */
export function pageImagingContext(document: Document = globalThis.document): ImagingContext {
  const owner = document as Document & { [pageContextKey]?: ImagingContext };
  return (owner[pageContextKey] ??= new ImagingContext('page'));
}
