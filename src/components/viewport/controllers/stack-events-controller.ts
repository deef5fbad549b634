// What the element's parts do when its series and its stack viewport move on: a series starts or its images become
// known, Cornerstone asks for an image, draws one, loses one, changes the window or the camera, or loading stalls.
// The stack viewport controller calls these (StackViewportCallbacks); this one hands each event to the parts it
// concerns (shown image, view binding, view state, progress, overlays) and fires the element's events.
import type { DicomwebSource } from '../../../dicomweb/source.js';
import { DicomErrorEvent, type DicomErrorDetail } from '../../../events/error.js';
import { DicomImageRenderedEvent } from '../../../events/image-rendered.js';
import { DicomViewPresentedEvent } from '../../../events/view-presented.js';
import type { VoiWindow } from '../../../dicom/voi-window.js';
import type { ImageFailure } from '../../../imaging/image-failure.js';
import { imageFailureMessage, type Translate } from '../../../i18n/index.js';
import type { StackImages } from '../../../imaging/stack-frames.js';
import type { ViewportOverlays } from '../overlays/viewport-overlays.js';
import type { StackViewportCallbacks, StackViewportController } from '../stack-viewport-controller.js';
import type { ProgressController } from './progress-controller.js';
import type { SeriesLoadingController } from './series-loading-controller.js';
import type { ShownImageController } from './shown-image-controller.js';
import type { ViewBindingController } from './view-binding-controller.js';
import type { ViewOrigin, ViewStateController } from './view-state-controller.js';

/** The element as these events see it. */
export interface StackEventsElement extends EventTarget {
  preset: string;
  readonly source: DicomwebSource | undefined;
  readonly study: string;
}

export interface StackEventsParts {
  shown: ShownImageController;
  binding: ViewBindingController;
  viewState: ViewStateController;
  progress: ProgressController;
  overlays: ViewportOverlays;
  loading: () => SeriesLoadingController;
  stack: () => StackViewportController | undefined;
  /** The element's words. */
  t: Translate;
}

export class StackEventsController implements StackViewportCallbacks {
  constructor(
    private readonly element: StackEventsElement,
    private readonly parts: StackEventsParts,
  ) {}

  /** A series starts loading (or none is to be shown): the shown one is forgotten, what the page asked for kept. */
  seriesStarting(): void {
    const { binding, progress, shown } = this.parts;
    const { askedIndex } = binding.seriesStarting();
    progress.reset();
    binding.reflectImageIndex(shown.seriesStarting(this.parts.loading().key, askedIndex));
  }

  /** The series' images are known: the index the stack opens at. */
  stackKnown(stack: StackImages): number {
    const first = this.parts.shown.stackKnown(stack);
    this.parts.progress.reset(this.parts.shown.imageTotal);
    this.parts.binding.reflectImageIndex(first);
    return first;
  }

  /** The stack opens while an index was asked for (a property or setViewportState()): the page's scroll. */
  openingIndex(): number {
    const start = this.parts.shown.firstImageIndex();
    this.parts.viewState.expectScroll(start, 'programmatic');
    return start;
  }

  imageRequested(imageIndex: number): void {
    const { binding, shown, viewState } = this.parts;
    const stack = this.parts.stack();
    binding.reflectImageIndex(imageIndex);
    // Decoded already: Cornerstone draws it on the next frame, and the overlays change with it then (one render a
    // step while scrolling, the canvas never hidden in between). Read-outs meanwhile say nothing: the canvas does
    // not show the named image yet. Should it not come, the blank state does (ShownImageController.awaitShown).
    if (shown.shownOnce && stack?.isImageReady(imageIndex)) shown.awaitShown(imageIndex);
    else shown.showRequested(imageIndex);
    const origin = viewState.imageRequested(imageIndex, (stack?.playing ?? false) || !shown.shownOnce);
    if (origin) viewState.changed(origin);
  }

  imageShown(imageIndex: number, imageId: string): void {
    const { binding, progress, shown } = this.parts;
    const first = shown.imageShown(imageIndex);
    progress.stopStallWatch();
    binding.reflectImageIndex(imageIndex);
    if (first) binding.firstImageShown(shown.takePendingState());
    this.element.dispatchEvent(new DicomImageRenderedEvent({ imageIndex, imageCount: shown.imageTotal, imageId }));
  }

  voiChanged(voi: VoiWindow, origin: ViewOrigin): void {
    if (origin === 'programmatic') return;
    this.parts.binding.reflectVoi(voi);
    if (origin === 'user') this.element.preset = '';
    this.parts.viewState.changed(origin);
  }

  imageSettled(loaded: number, failed: number): void {
    this.parts.progress.imageSettled(loaded, failed);
  }

  imageFailed(failure: ImageFailure, imageIndex: number): void {
    const { progress, shown } = this.parts;
    // The image loading waited for ended in an error the reader sees: loading is over, not stalled.
    if (!shown.shownOnce && imageIndex === shown.shownImageIndex) {
      progress.stopStallWatch();
      this.parts.loading().firstImageFailed();
    }
    // Said in the reader's language, from the failure's kind and facts.
    const said = { ...failure, message: imageFailureMessage(failure, this.parts.t) };
    this.element.dispatchEvent(new DicomErrorEvent(shown.imageFailed(said, imageIndex)));
  }

  cameraChanged(origin: ViewOrigin): void {
    this.parts.overlays.cameraChanged();
    this.parts.viewState.changed(origin);
    this.element.dispatchEvent(new DicomViewPresentedEvent());
  }

  /**
   * Loading stalled before the first image came on screen: while the load runs, it fails; after it (the stack was
   * handed to Cornerstone, which never drew it), the series fails the same way, with an error in the element.
   */
  stalled(): void {
    const loading = this.parts.loading();
    if (loading.stall() || this.parts.shown.shownOnce) return;
    loading.release(this.parts.stack());
    const { source, study } = this.element;
    const detail: DicomErrorDetail = {
      kind: 'bad-response',
      message: this.parts.t('viewport.error.neverDrawn'),
      url: source && study ? source.seriesUrl(study, loading.chosenSeries) : undefined,
    };
    this.parts.shown.seriesFailed(detail);
    this.element.dispatchEvent(new DicomErrorEvent(detail));
  }
}
