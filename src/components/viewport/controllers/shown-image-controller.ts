// Which image of the stack the element names, which one the canvas shows, which failed, and what the page asked
// for before the series' first image came: the element's display bookkeeping, kept in one place. The overlays, the
// read-outs and the canvas's blank state all ask it, so they change together. No Cornerstone.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { stringOf } from '../../../dicomweb/dicom-json.js';
import type { DicomErrorDetail } from '../../../events/error.js';
import type { ViewportState } from '../../../events/viewport-changed.js';
import type { ImageFailure } from '../../../imaging/image-failure.js';
import type { StackImages } from '../../../imaging/stack-frames.js';

/** How long the overlays wait for a decoded image asked for to be drawn before they name it over a blank canvas (ms). */
export const awaitShownMs = 100;

/** A state kept for the series `key` (`study|series`) until its first image is shown. */
export interface PendingState {
  key: string;
  state: Partial<ViewportState>;
}

export class ShownImageController implements ReactiveController {
  // Read by the element's parts; changed only through the methods below, which ask the host to render again.
  /** The position (0-based) of the image the element names. */
  shownImageIndex = 0;
  /** Number of images in the stack; 0 before the series' images are known. */
  imageTotal = 0;
  /** The position of the image on the canvas; -1 when none of this series is. */
  renderedImageIndex = -1;
  /** The series loaded but its first image never came on screen. */
  showFailure?: DicomErrorDetail;
  /** The series' images, once known. */
  stackImages?: StackImages;
  /** Whether an image of this series has been on screen. */
  shownOnce = false;
  /** Each failed image's failure, said in the element's language when shown (the language may change meanwhile). */
  private readonly failedImages = new Map<number, ImageFailure>();
  /** The image index the page asked for before the series' first image was shown (property, method or state). */
  requestedImageIndex?: number;
  /**
   * A state to apply once the series' first image is shown: kept by setViewportState() while the series loads, or
   * when the element leaves the page, so that moving it in the page keeps the view.
   */
  pendingState?: PendingState;
  /** The image asked for whose drawing the overlays wait for (see awaitShown), and the wait's limit. */
  private awaitedImage?: { imageIndex: number; timer: ReturnType<typeof setTimeout> };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly awaitMs = awaitShownMs,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.stopAwaiting();
  }

  /** The header of the named image. */
  shownDataset() {
    return this.stackImages?.datasets[this.shownImageIndex];
  }

  /** The frame number of the named image in its instance. */
  shownFrameNumber(): number | undefined {
    return this.stackImages?.frameNumbers[this.shownImageIndex];
  }

  /** Why the named image failed, when it did. */
  shownImageFailure(): ImageFailure | undefined {
    return this.failedImages.get(this.shownImageIndex);
  }

  /**
   * Whether the overlays name the image drawn last (the series' image at shownImageIndex, loaded, not failed): what
   * the canvas and the overlay planes show follows this, so they change together with the overlays. While a decoded
   * image asked for waits one frame to be drawn, both still show the previous one (see awaitShown).
   */
  overlaysMatchCanvas(): boolean {
    return this.shownOnce && this.renderedImageIndex === this.shownImageIndex && !this.failedImages.has(this.shownImageIndex);
  }

  /** The index to open the stack at: the one asked for (clamped), else the first. */
  firstImageIndex(): number {
    const asked = Math.trunc(this.requestedImageIndex ?? 0) || 0;
    return Math.min(Math.max(0, asked), Math.max(0, this.imageTotal - 1));
  }

  /**
   * A series starts loading under `key`: the shown one is forgotten, a state kept for another series too. Returns the
   * index to open at: `askedIndex` (an index the page set), else the kept state's.
   */
  seriesStarting(key: string, askedIndex: number | undefined): number {
    if (this.pendingState && this.pendingState.key !== key) this.pendingState = undefined;
    this.reset();
    this.requestedImageIndex = askedIndex ?? this.pendingState?.state.imageIndex;
    return Math.max(0, Math.trunc(this.requestedImageIndex ?? 0) || 0);
  }

  /** Forgets the shown series. */
  reset(): void {
    this.set(() => {
      this.shownImageIndex = 0;
      this.imageTotal = 0;
      this.failedImages.clear();
      this.stackImages = undefined;
      this.shownOnce = false;
      this.renderedImageIndex = -1;
      this.showFailure = undefined;
    });
  }

  /** The series' images are known: returns the index the stack opens at, named from now on. */
  stackKnown(stack: StackImages): number {
    let first = 0;
    this.set(() => {
      this.stackImages = stack;
      this.imageTotal = stack.imageIds.length;
      first = this.firstImageIndex();
      this.shownImageIndex = first;
    });
    return first;
  }

  /** Keeps `state` for the series `key` until its first image is shown (on top of one kept for it already). */
  keepState(key: string, state: Partial<ViewportState>): void {
    const earlier = this.pendingState?.key === key ? this.pendingState.state : {};
    this.pendingState = { key, state: { ...earlier, ...state } };
    if (state.imageIndex !== undefined) this.requestedImageIndex = Math.max(0, Math.trunc(state.imageIndex) || 0);
  }

  /** The state kept for the series, taken (once). */
  takePendingState(): Partial<ViewportState> | undefined {
    const pending = this.pendingState;
    this.pendingState = undefined;
    return pending?.state;
  }

  /**
   * A decoded image was asked for: Cornerstone draws it on the next frame, and the overlays name it then (one render
   * a step while scrolling, the canvas never hidden in between). Should it not come, showRequested() names it.
   */
  awaitShown(imageIndex: number): void {
    this.stopAwaiting();
    const timer = setTimeout(() => this.showRequested(imageIndex), this.awaitMs);
    this.awaitedImage = { imageIndex, timer };
  }

  /** The element names the asked-for image now: its number in the overlays, the canvas blank until it is drawn. */
  showRequested(imageIndex: number): void {
    this.stopAwaiting();
    this.set(() => {
      if (imageIndex !== this.renderedImageIndex) this.renderedImageIndex = -1;
      this.shownImageIndex = imageIndex;
    });
  }

  /** The image at `imageIndex` is on screen; true when it is the series' first. */
  imageShown(imageIndex: number): boolean {
    this.stopAwaiting();
    const first = !this.shownOnce;
    this.requestedImageIndex = undefined;
    this.set(() => {
      this.shownOnce = true;
      this.shownImageIndex = imageIndex;
      this.renderedImageIndex = imageIndex;
    });
    return first;
  }

  /** The image at `imageIndex` failed: the event's detail, naming its instance and frame. */
  imageFailed(failure: ImageFailure, imageIndex: number): DicomErrorDetail {
    if (this.awaitedImage?.imageIndex === imageIndex) this.showRequested(imageIndex);
    this.failedImages.set(imageIndex, failure);
    this.host.requestUpdate();
    const dataset = this.stackImages?.datasets[imageIndex];
    return {
      kind: failure.kind,
      message: failure.message,
      detail: failure.detail,
      status: failure.status,
      url: failure.url,
      imageIndex,
      sopInstanceUid: dataset ? stringOf(dataset, 'SOPInstanceUID') : undefined,
      frameNumber: this.stackImages?.frameNumbers[imageIndex],
    };
  }

  /** An error about the named image (`detail` from what failed), its message `message` (which says what failed and why). */
  shownImageError(detail: DicomErrorDetail, message: string): DicomErrorDetail {
    const dataset = this.shownDataset();
    const sopInstanceUid = dataset ? stringOf(dataset, 'SOPInstanceUID') : undefined;
    return { ...detail, message, imageIndex: this.shownImageIndex, sopInstanceUid };
  }

  /** The series could not be shown at all: said in the element. */
  seriesFailed(detail: DicomErrorDetail): void {
    this.set(() => (this.showFailure = detail));
  }

  private stopAwaiting(): void {
    if (this.awaitedImage) clearTimeout(this.awaitedImage.timer);
    this.awaitedImage = undefined;
  }

  /** Applies a change of the bookkeeping, and has the host render it. */
  private set(change: () => void): void {
    change();
    this.host.requestUpdate();
  }
}
