// Owns one Cornerstone stack viewport's lifecycle for a host element: enable on show, free everything on disconnect.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Enums, eventTarget, utilities, type StackViewport, type Types } from '@cornerstonejs/core';
import { utilities as toolUtilities } from '@cornerstonejs/tools';
import { initImaging } from '../../imaging/init.js';
import { acquireRenderingEngine, releaseRenderingEngine } from '../../imaging/rendering-engine.js';
import { releaseStackImages } from '../../imaging/stack-images.js';
import { describeImageFailure, type ImageFailure } from '../../imaging/image-failure.js';
import { createStackToolGroup, destroyStackToolGroup } from '../../tools/stack-tools.js';

export interface VoiWindow {
  windowCenter: number;
  windowWidth: number;
}

export interface StackViewportCallbacks {
  /** The viewport moved to another image of the stack (by a tool or a method); it shows once loaded. */
  imageRequested(imageIndex: number): void;
  /** A new image of the stack is on screen. */
  imageShown(imageIndex: number, imageId: string): void;
  /** The VOI changed; `byUser` is false when this controller applied it. */
  voiChanged(voi: VoiWindow, byUser: boolean): void;
  /** One image of the stack finished loading (decoded and cached) or failed. */
  imageSettled(loaded: number, failed: number): void;
  imageFailed(failure: ImageFailure, imageIndex: number): void;
}

let viewportCount = 0;

function voiWindowOf({ lower, upper }: { lower: number; upper: number }): VoiWindow {
  const { windowWidth, windowCenter } = utilities.windowLevel.toWindowLevel(lower, upper);
  return { windowCenter, windowWidth };
}

export class StackViewportController implements ReactiveController {
  readonly viewportId = `dicom-viewport-${(viewportCount += 1)}`;
  private readonly toolGroupId = `${this.viewportId}-tools`;
  private viewport?: StackViewport;
  private element?: HTMLDivElement;
  private imageIds: string[] = [];
  private imageIndexById = new Map<string, number>();
  private settled = new Set<string>();
  private failed = new Set<string>();
  /** The index last announced as shown; forgotten when another image is asked for, so it is announced again. */
  private announcedIndex = -1;
  private anyImageShown = false;
  private applyingVoi = false;
  private resizeObserver?: ResizeObserver;
  private readonly cleanups: Array<() => void> = [];

  constructor(
    host: ReactiveControllerHost,
    private readonly callbacks: StackViewportCallbacks,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // Showing a stack enables the viewport lazily; nothing is held until then.
  }

  hostDisconnected(): void {
    this.detach();
  }

  get currentImageIndex(): number {
    return this.viewport?.getCurrentImageIdIndex() ?? 0;
  }

  get imageCount(): number {
    return this.imageIds.length;
  }

  /** The Cornerstone viewport, for code that builds on this element (tools, tests); undefined until a stack is shown. */
  get cornerstoneViewport(): StackViewport | undefined {
    return this.viewport;
  }

  /**
   * Shows a stack in the element's viewport container, enabling the viewport on first use. Resolves when the
   * stack is set (the first image is requested); loading goes on in the background and reports through callbacks.
   */
  async show(container: HTMLDivElement, imageIds: string[], imageIndex: number, signal: AbortSignal): Promise<void> {
    await initImaging();
    if (signal.aborted) {
      releaseStackImages(imageIds);
      return;
    }
    if (this.element !== container) {
      this.detach();
      this.attach(container);
    } else {
      this.forgetStack();
    }
    this.imageIds = imageIds;
    this.imageIndexById = new Map(imageIds.map((imageId, index) => [imageId, index]));
    const viewport = this.viewport!;
    await viewport.setStack(imageIds, Math.min(Math.max(0, imageIndex), imageIds.length - 1));
    if (this.viewport !== viewport) return; // detached while the first image was requested
    toolUtilities.stackPrefetch.enable(container);
  }

  scrollTo(imageIndex: number): void {
    if (!this.viewport || this.imageIds.length === 0) return;
    // A failed image is reported through the loader's events; the rejection itself says nothing more.
    this.viewport.setImageIdIndex(Math.min(Math.max(0, imageIndex), this.imageIds.length - 1)).catch(() => undefined);
  }

  applyVoi({ windowCenter, windowWidth }: VoiWindow): void {
    if (!this.viewport || !(windowWidth >= 1)) return;
    this.applyingVoi = true;
    try {
      // Cornerstone takes a value range; PS3.3 C.11.2.1.2.1 relates it to center and width (upper - lower = width - 1).
      this.viewport.setProperties({ voiRange: utilities.windowLevel.toLowHighRange(windowWidth, windowCenter) });
      this.viewport.render();
    } finally {
      this.applyingVoi = false;
    }
  }

  currentVoi(): VoiWindow | undefined {
    const range = this.viewport?.getProperties().voiRange;
    return range ? voiWindowOf(range) : undefined;
  }

  resetView(): void {
    if (!this.viewport) return;
    this.viewport.resetCamera();
    this.viewport.resetProperties();
    this.viewport.render();
  }

  private attach(container: HTMLDivElement): void {
    const engine = acquireRenderingEngine();
    engine.enableElement({ viewportId: this.viewportId, type: Enums.ViewportType.STACK, element: container });
    this.element = container;
    this.viewport = engine.getViewport(this.viewportId) as StackViewport;
    createStackToolGroup(this.toolGroupId, this.viewportId, engine.id);

    this.listen(container, Enums.Events.PRE_STACK_NEW_IMAGE, (event) => {
      this.announcedIndex = -1;
      this.callbacks.imageRequested((event as CustomEvent<{ imageIdIndex: number }>).detail.imageIdIndex);
    });
    this.listen(container, Enums.Events.IMAGE_RENDERED, () => this.onRendered());
    this.listen(container, Enums.Events.VOI_MODIFIED, (event) => {
      const { range } = (event as CustomEvent<Types.EventTypes.VoiModifiedEventDetail>).detail;
      // Until the first image is on screen, VOI changes are the header's being applied: nobody's input.
      if (range && this.anyImageShown) this.callbacks.voiChanged(voiWindowOf(range), !this.applyingVoi);
    });
    this.listen(eventTarget, Enums.Events.IMAGE_LOADED, (event) => {
      const imageId = (event as CustomEvent<{ image: { imageId: string } }>).detail.image?.imageId;
      if (imageId && this.imageIndexById.has(imageId)) this.settle(imageId, false);
    });
    this.listen(eventTarget, Enums.Events.IMAGE_LOAD_FAILED, (event) => {
      const { imageId, error } = (event as CustomEvent<{ imageId: string; error: unknown }>).detail;
      const imageIndex = this.imageIndexById.get(imageId);
      if (imageIndex === undefined || this.settled.has(imageId)) return;
      this.settle(imageId, true);
      this.callbacks.imageFailed(describeImageFailure(error, imageId), imageIndex);
    });

    // The engine sizes canvases from their element; a container that changes size must tell it.
    this.resizeObserver = new ResizeObserver(() => engine.resize(true, true));
    this.resizeObserver.observe(container);
  }

  private onRendered(): void {
    const imageIndex = this.currentImageIndex;
    if (imageIndex === this.announcedIndex || !this.imageIds[imageIndex]) return;
    this.announcedIndex = imageIndex;
    this.anyImageShown = true;
    this.callbacks.imageShown(imageIndex, this.imageIds[imageIndex]);
  }

  private settle(imageId: string, failed: boolean): void {
    if (this.settled.has(imageId)) return;
    this.settled.add(imageId);
    if (failed) this.failed.add(imageId);
    this.callbacks.imageSettled(this.settled.size - this.failed.size, this.failed.size);
  }

  private listen(target: EventTarget, type: string, listener: (event: Event) => void): void {
    target.addEventListener(type, listener);
    this.cleanups.push(() => target.removeEventListener(type, listener));
  }

  /** Lets go of the shown stack's images (its metadata and cached decodes), keeping the viewport. */
  private forgetStack(): void {
    if (this.element) toolUtilities.stackPrefetch.disable(this.element);
    releaseStackImages(this.imageIds);
    this.imageIds = [];
    this.imageIndexById.clear();
    this.settled.clear();
    this.failed.clear();
    this.announcedIndex = -1;
    this.anyImageShown = false;
  }

  /** Frees everything attach() and show() created: listeners, tool group, viewport, images, the engine reference. */
  private detach(): void {
    if (!this.element) return;
    this.forgetStack();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
    destroyStackToolGroup(this.toolGroupId);
    const engine = this.viewport?.getRenderingEngine();
    engine?.disableElement(this.viewportId);
    releaseRenderingEngine();
    this.viewport = undefined;
    this.element = undefined;
  }
}
