// Owns one Cornerstone stack viewport's lifecycle for a host element: enable on show, free everything on disconnect.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { cache, Enums, eventTarget, metaData, type StackViewport, type Types } from '@cornerstonejs/core';
import { utilities as toolUtilities } from '@cornerstonejs/tools';
import { ContextConsumer } from '@lit/context';
import { toolGroupKey } from '../shared/tool-group-key.js';
import type { ViewportState } from '../../events/viewport-changed.js';
import { readImageData, type ViewportImageData } from '../../imaging/image-readout.js';
import { connectImagingContext, startImaging } from '../../imaging/init.js';
import type { ImagingContext } from '../../imaging/imaging-context.js';
import { acquireRenderingEngine, releaseRenderingEngine } from '../../imaging/rendering-engine.js';
import { releaseStackImages } from '../../imaging/stack-images.js';
import { StackDecodeQueue } from '../../imaging/stack-decode-queue.js';
import type { StackFrameRetrieval } from '../../imaging/stack-frame-retrieval.js';
import { describeImageFailure, type ImageFailure } from '../../imaging/image-failure.js';
import { observeImageIndexChanges } from '../../imaging/load-rejections.js';
import { addViewportToToolGroup, destroyToolGroup, ensureToolGroup, removeViewportFromToolGroup, setPrimaryTool } from '../../tools/stack-tools.js';
import { setAnnotationScope } from '../../tools/annotation-scope.js';
import type { PrimaryTool } from '../../tools/primary-tools.js';
import type { VoiWindow } from '../../dicom/voi-window.js';
import * as ops from '../../imaging/viewports/viewport-ops.js';
import type { ViewOrigin } from './controllers/view-state-controller.js';

export type { VoiWindow };

export interface StackViewportCallbacks {
  /** The viewport moved to another image of the stack (by a tool or a method); it shows once loaded. */
  imageRequested(imageIndex: number): void;
  /** A new image of the stack is on screen. */
  imageShown(imageIndex: number, imageId: string): void;
  /** The VOI changed, not by this controller (which reports nothing of its own VOI changes): a tool's, or a synchronizer's. */
  voiChanged(voi: VoiWindow, origin: ViewOrigin): void;
  /** One image of the stack finished loading (decoded and cached) or failed. */
  imageSettled(loaded: number, failed: number): void;
  imageFailed(failure: ImageFailure, imageIndex: number): void;
  /** Zoom, pan, rotation or flip changed: by a tool (`user`), or by this controller under the origin it ran with. */
  cameraChanged(origin: ViewOrigin): void;
}

export class StackViewportController implements ReactiveController {
  /** Unique on the page without a counter to share: Cornerstone's viewport and tool-group stores are the page's. */
  readonly viewportId = `dicom-viewport-${Math.random().toString(36).slice(2, 10)}`;
  /** The tool group the viewport is in while attached: its container's (handed down by context) or its own. */
  private toolGroupId = `${this.viewportId}-tools`;
  private ownsToolGroup = false;
  private readonly providedToolGroup: ContextConsumer<typeof toolGroupKey, ReactiveControllerHost & HTMLElement>;
  private viewport?: StackViewport;
  private element?: HTMLDivElement;
  private imageIds: string[] = [];
  private imageIndexById = new Map<string, number>();
  private settled = new Set<string>();
  private retrieval?: StackFrameRetrieval;
  private decodeQueue?: StackDecodeQueue;
  private failed = new Set<string>();
  /** The index last announced as shown; forgotten when another image is asked for, so it is announced again. */
  private announcedIndex = -1;
  private anyImageShown = false;
  /** The presentation last reported through `cameraChanged` (see presentationKey). */
  private reportedPresentation = '';
  private applyingVoi = false;
  private applyingCamera = false;
  /** A camera event waits for Cornerstone's change to end (see the CAMERA_MODIFIED listener). */
  private cameraCheck = false;
  private primaryTool: PrimaryTool = 'window-level';
  /** The user's invert, relative to the image's own (MONOCHROME1 images start inverted in Cornerstone). */
  private userInvert = false;
  private cinePlaying = false;
  private resizeObserver?: ResizeObserver;
  private containerWidth = 0;
  private readonly cleanups: Array<() => void> = [];
  /** The imaging context the shown stack lives in, from the first show() to detach(). */
  private context?: ImagingContext;

  constructor(
    host: ReactiveControllerHost & HTMLElement,
    private readonly callbacks: StackViewportCallbacks,
    private readonly imagingContext: () => ImagingContext,
    /** The origin of the change running now (view-state-controller.ts); none: a tool's, the reader's. */
    private readonly origin: () => ViewOrigin | undefined = () => undefined,
  ) {
    host.addController(this);
    this.providedToolGroup = new ContextConsumer(host, { context: toolGroupKey });
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
   * first image is loaded (or failed); the rest are decoded as `retrieval` fetches them, which goes on in the
   * background and reports through callbacks.
   */
  async show(container: HTMLDivElement, imageIds: string[], imageIndex: number, retrieval: StackFrameRetrieval, signal: AbortSignal): Promise<void> {
    await startImaging();
    const context = this.context ?? this.imagingContext();
    connectImagingContext(context);
    if (signal.aborted) {
      releaseStackImages(context, imageIds);
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
    this.retrieval = retrieval;
    const viewport = this.viewport!;
    const decodeQueue = new StackDecodeQueue(retrieval);
    this.decodeQueue = decodeQueue;
    await viewport.setStack(imageIds, Math.min(Math.max(0, imageIndex), imageIds.length - 1));
    // Cornerstone keeps the previous stack's zoom and pan when the new images have the same size: a new series
    // opens fitted, unrotated and unflipped (the element re-applies a state it was asked to carry). No render of
    // its own: Cornerstone draws the new image on its next frame with this camera, and an image it failed to set
    // up is not drawn half-made (the element's watchdog reports it).
    if (this.decodeQueue === decodeQueue) {
      this.applyingCamera = true;
      try {
        viewport.resetCamera();
      } finally {
        this.applyingCamera = false;
      }
      this.reportedPresentation = this.presentationKey();
      this.callbacks.cameraChanged('programmatic');
    }
    // The rest once the first image is drawn, on the next animation frame (a hidden page has none till shown).
    const start = () => this.decodeQueue === decodeQueue && decodeQueue.start();
    if (document.visibilityState === 'hidden') start();
    else requestAnimationFrame(start);
  }

  /**
   * Lets go of the shown stack's images now, aborting their requests, while the next stack's metadata is fetched:
   * the browser's few connections to the server go to the new series, not to the rest of the old one.
   */
  releaseStack(): void {
    this.forgetStack();
    this.clear();
  }

  /** Empties the canvas: what it showed belongs to no image the element names now. */
  clear(): void {
    const canvas = this.viewport?.canvas;
    canvas?.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
  }

  /**
   * Whether the viewport shows the image its stack position names, loaded: not the previous one while the next
   * loads, nor a previous series' image.
   */
  showsCurrentImage(): boolean {
    const imageId = this.imageIds[this.currentImageIndex];
    return imageId !== undefined && !this.failed.has(imageId) && this.viewport?.getCornerstoneImage()?.imageId === imageId;
  }

  /** The transfer syntax the shown image's frame came in (from the frame response), when it is the current one. */
  shownTransferSyntax(): string | undefined {
    if (!this.showsCurrentImage()) return undefined;
    return (this.viewport?.getCornerstoneImage() as { transferSyntaxUID?: string } | undefined)?.transferSyntaxUID;
  }

  /** Whether the stack's image at this position is decoded and in the cache: asked for, it is drawn on the next frame. */
  isImageReady(imageIndex: number): boolean {
    const imageId = this.imageIds[imageIndex];
    return imageId !== undefined && !this.failed.has(imageId) && cache.isLoaded(imageId);
  }

  /** Zoom 1 and no pan: the image as fitted to the viewport (rotation and flips aside). */
  isFitted(): boolean {
    return this.viewport ? ops.isFitted(this.viewport) : true;
  }

  scrollTo(imageIndex: number): void {
    if (!this.viewport || this.imageIds.length === 0) return;
    // A failed image is reported through the loader's events; the rejection itself says nothing more.
    this.viewport.setImageIdIndex(Math.min(Math.max(0, imageIndex), this.imageIds.length - 1)).catch(() => undefined);
  }

  /** Puts a window on screen; the caller reports it (its VOI_MODIFIED is not passed on). */
  applyVoi(voi: VoiWindow): void {
    if (!this.viewport || !(voi.windowWidth > 0)) return;
    this.applyingVoi = true;
    try {
      ops.setVoi(this.viewport, voi);
      this.viewport.render();
    } finally {
      this.applyingVoi = false;
    }
  }

  currentVoi(): VoiWindow | undefined {
    return this.viewport ? ops.voiOf(this.viewport) : undefined;
  }

  resetView(): void {
    if (!this.viewport) return;
    this.changeCamera(() => {
      this.viewport!.resetCamera();
      this.viewport!.resetProperties();
    });
    this.userInvert = false;
  }

  setPrimaryTool(tool: PrimaryTool): void {
    this.primaryTool = tool;
    setPrimaryTool(this.toolGroupId, tool);
  }

  /** Multiplies the zoom (about the viewport's centre). */
  zoomBy(factor: number): void {
    this.changeCamera((viewport) => ops.zoomBy(viewport, factor));
  }

  /** Moves the image by `by` in the units of the presentation's pan. */
  panBy(by: [number, number]): void {
    this.changeCamera((viewport) => ops.panBy(viewport, by));
  }

  /** The image fitted to the viewport, centred. */
  fit(): void {
    this.changeCamera((viewport) => ops.fit(viewport));
  }

  /** One image pixel to one device pixel; `columnSpacing` is the image's mm a pixel (1 without PixelSpacing). */
  actualSize(columnSpacing: number): void {
    const viewport = this.viewport;
    const zoom = viewport?.getViewPresentation().zoom;
    const mmPerCssPixel = this.mmPerCssPixel();
    if (!viewport || !zoom || !mmPerCssPixel) return;
    const wanted = columnSpacing * devicePixelRatio;
    this.changeCamera(() => viewport.setViewPresentation({ zoom: (zoom * mmPerCssPixel) / wanted }));
  }

  /** Rotates by a multiple of 90° clockwise. */
  rotateBy(degrees: number): void {
    this.changeCamera((viewport) => ops.rotateBy(viewport, degrees));
  }

  flip(direction: 'horizontal' | 'vertical'): void {
    this.changeCamera((viewport) => ops.flip(viewport, direction));
  }

  /** Inverts relative to the image's own presentation. */
  setInvert(invert: boolean): void {
    this.userInvert = invert;
    this.applyInvert();
  }

  get invert(): boolean {
    return this.userInvert;
  }

  /**
   * The viewport's width in CSS pixels as last observed: overlays read it on every image, where asking the element
   * (clientWidth) would force a layout each time.
   */
  get width(): number {
    return this.containerWidth;
  }

  /** Millimetres (world units) a CSS pixel of the canvas spans horizontally at the current zoom. */
  mmPerCssPixel(): number | undefined {
    const viewport = this.viewport;
    return viewport?.getCornerstoneImage() ? ops.mmPerCssPixel(viewport) : undefined;
  }

  camera(): Types.ICamera | undefined {
    return this.viewport?.getCamera();
  }

  /** What the viewport shows, for getViewportState() and dicom-viewport-changed. */
  state(): ViewportState | undefined {
    return this.viewport ? ops.viewStateOf(this.viewport, this.currentImageIndex, this.userInvert) : undefined;
  }

  /** Applies the camera part of a state (the element applies image index, VOI and invert through its properties). */
  applyCamera(state: Partial<ops.Presentation>): void {
    this.changeCamera((viewport) => ops.setPresentation(viewport, state));
  }

  /** Plays the stack as a loop at `framesPerSecond`. */
  play(framesPerSecond: number): void {
    if (!this.element || this.imageIds.length < 2) return;
    toolUtilities.cine.playClip(this.element, { framesPerSecond, loop: true });
    this.cinePlaying = true;
  }

  pause(): void {
    if (this.element && this.cinePlaying) toolUtilities.cine.stopClip(this.element);
    this.cinePlaying = false;
  }

  get playing(): boolean {
    return this.cinePlaying;
  }

  /** The shown image's values (modality values for grey images). */
  imageData(photometricInterpretation: string): ViewportImageData | undefined {
    if (!this.showsCurrentImage()) return undefined;
    return readImageData(this.viewport?.getCornerstoneImage(), photometricInterpretation);
  }

  private applyInvert(): void {
    const viewport = this.viewport;
    const image = viewport?.getCornerstoneImage();
    if (!viewport || !image) return;
    const imageInverts = this.isMonochrome1(this.currentImageIndex);
    this.changeCamera(() => ops.setInvert(viewport, imageInverts !== this.userInvert));
  }

  private isMonochrome1(imageIndex: number): boolean {
    const imageId = this.imageIds[imageIndex];
    const module = imageId ? (metaData.get('imagePixelModule', imageId) as { photometricInterpretation?: string } | undefined) : undefined;
    return module?.photometricInterpretation === 'MONOCHROME1';
  }

  /**
   * A change this controller makes: Cornerstone's camera events meanwhile are not passed on; it is reported once,
   * with the origin the element runs it under (none: the page's, as a method's or a property's).
   */
  private changeCamera(change: (viewport: StackViewport) => void): void {
    const viewport = this.viewport;
    if (!viewport) return;
    this.applyingCamera = true;
    try {
      change(viewport);
      viewport.render();
    } finally {
      this.applyingCamera = false;
    }
    this.reportedPresentation = this.presentationKey();
    this.callbacks.cameraChanged(this.origin() ?? 'programmatic');
  }

  /** The view as the reader sees it (zoom, pan, rotation, flips), to tell a change of it from a repeated event. */
  private presentationKey(): string {
    const presentation = this.viewport?.getViewPresentation();
    if (!presentation) return '';
    const { zoom, pan, rotation, flipHorizontal, flipVertical } = presentation;
    return JSON.stringify([zoom, pan, rotation, flipHorizontal, flipVertical]);
  }

  private attach(container: HTMLDivElement): void {
    this.context = this.imagingContext();
    const engine = acquireRenderingEngine(this.context);
    engine.enableElement({ viewportId: this.viewportId, type: Enums.ViewportType.STACK, element: container });
    this.element = container;
    this.viewport = engine.getViewport(this.viewportId) as StackViewport;
    // A failed image is the element's dicom-error; Cornerstone's own scrolling drops the promise that says so again.
    observeImageIndexChanges(this.viewport);
    const containerToolGroup = this.providedToolGroup.value;
    this.ownsToolGroup = !containerToolGroup;
    this.toolGroupId = containerToolGroup ?? `${this.viewportId}-tools`;
    // The measurement tools join the group later (their chunk), unbound: the chosen tool is given the button again then.
    void ensureToolGroup(this.toolGroupId, this.primaryTool).then(() => setPrimaryTool(this.toolGroupId, this.primaryTool));
    addViewportToToolGroup(this.toolGroupId, this.viewportId, engine.id);
    setAnnotationScope(container, this.toolGroupId);

    this.listen(container, Enums.Events.PRE_STACK_NEW_IMAGE, (event) => {
      this.announcedIndex = -1;
      const { imageIdIndex } = (event as CustomEvent<{ imageIdIndex: number }>).detail;
      // Frames not fetched yet come outward from the image the reader went to.
      this.retrieval?.focus(imageIdIndex);
      this.callbacks.imageRequested(imageIdIndex);
    });
    this.listen(container, Enums.Events.IMAGE_RENDERED, () => this.onRendered());
    this.listen(container, Enums.Events.CAMERA_MODIFIED, () => {
      // Cornerstone also announces camera "changes" with each new image of a stack: it puts the presentation back
      // step by step (aspect, zoom, pan, rotation), each step an event, the view unchanged at the end. Only a change
      // of what the reader sees (zoom, pan, rotation, flips) once Cornerstone is done is input.
      if (this.applyingCamera || !this.anyImageShown || this.cameraCheck) return;
      const origin = this.origin() ?? 'user';
      this.cameraCheck = true;
      queueMicrotask(() => {
        this.cameraCheck = false;
        if (!this.viewport || this.presentationKey() === this.reportedPresentation) return;
        this.reportedPresentation = this.presentationKey();
        this.callbacks.cameraChanged(origin);
      });
    });
    this.listen(container, Enums.Events.VOI_MODIFIED, (event) => {
      const { range } = (event as CustomEvent<Types.EventTypes.VoiModifiedEventDetail>).detail;
      // Until the first image is on screen, VOI changes are the header's being applied: nobody's input. This
      // controller's own are reported by whoever asked for them.
      if (range && this.anyImageShown && !this.applyingVoi) this.callbacks.voiChanged(ops.voiWindowOfRange(range), this.origin() ?? 'user');
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
      // The previous image must not stay on screen under the failed one's number.
      if (imageIndex === this.currentImageIndex) this.clear();
      this.callbacks.imageFailed(describeImageFailure(error, this.context!.images.wadorsImageIdOf(imageId)), imageIndex);
    });

    // The engine sizes canvases from their element; a container that changes size must tell it.
    this.resizeObserver = new ResizeObserver((entries) => {
      this.containerWidth = entries[entries.length - 1]?.contentRect.width ?? this.containerWidth;
      // Keeping the camera keeps the visible height: a fitted image whose limiting side changed would be cut off
      // or shrink. A fitted image is fitted again; one the reader zoomed or panned stays as framed.
      const fitted = this.anyImageShown && this.isFitted();
      this.applyingCamera = true;
      try {
        engine.resize(true, true);
        if (fitted) this.viewport?.setViewPresentation({ zoom: 1, pan: [0, 0] });
      } finally {
        this.applyingCamera = false;
      }
      if (fitted) this.viewport?.render();
      this.reportedPresentation = this.presentationKey();
      this.callbacks.cameraChanged('programmatic');
    });
    this.resizeObserver.observe(container);
  }

  private onRendered(): void {
    const imageIndex = this.currentImageIndex;
    if (imageIndex === this.announcedIndex || !this.imageIds[imageIndex]) return;
    // A render of the previous image may come after the index moved on: announce only the image asked for.
    if (this.viewport?.getCornerstoneImage()?.imageId !== this.imageIds[imageIndex]) return;
    this.announcedIndex = imageIndex;
    this.anyImageShown = true;
    // Cornerstone derives invert from each new image's photometric interpretation; the user's invert is on top.
    const image = this.viewport?.getCornerstoneImage();
    if (image && this.viewport!.getProperties().invert !== (this.isMonochrome1(imageIndex) !== this.userInvert)) this.applyInvert();
    this.callbacks.imageShown(imageIndex, this.imageIds[imageIndex]);
  }

  private settle(imageId: string, failed: boolean): void {
    if (this.settled.has(imageId)) return;
    this.settled.add(imageId);
    if (failed) this.failed.add(imageId);
    this.callbacks.imageSettled(this.settled.size - this.failed.size, this.failed.size);
  }

  private listen(target: EventTarget, type: string, listener: (event: Event) => void): void {
    this.cleanups.push(this.context!.listen(target, type, listener));
  }

  /** Lets go of the shown stack's images (its metadata and cached decodes), keeping the viewport. */
  private forgetStack(): void {
    this.pause();
    this.decodeQueue?.stop();
    this.decodeQueue = undefined;
    this.retrieval = undefined; // its owner, the element, cancels it
    if (this.context) releaseStackImages(this.context, this.imageIds);
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
    const engine = this.viewport?.getRenderingEngine();
    if (engine) removeViewportFromToolGroup(this.toolGroupId, this.viewportId, engine.id);
    if (this.ownsToolGroup) destroyToolGroup(this.toolGroupId);
    // Asked for again on connection: a container answers, or the viewport makes its own (the consumer keeps an old answer).
    this.providedToolGroup.value = undefined;
    engine?.disableElement(this.viewportId);
    releaseRenderingEngine(this.context!);
    this.context = undefined;
    this.viewport = undefined;
    this.element = undefined;
  }
}
