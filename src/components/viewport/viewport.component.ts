import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { styleMap } from 'lit/directives/style-map.js';
import { property, query, state } from 'lit/decorators.js';
import { Task, TaskStatus } from '@lit/task';
import { ContextConsumer } from '@lit/context';
import { DicomwebError } from '../../dicomweb/errors.js';
import type { DicomwebSource } from '../../dicomweb/source.js';
import { DicomwebSourceHolder } from '../shared/dicomweb-source-holder.js';
import { imagingContextKey } from '../shared/imaging-context-key.js';
import { pageImagingContext, type ImagingContext } from '../../imaging/imaging-context.js';
import { nativeFrameLengthOf, stackImagesOf, type StackImages } from '../../imaging/stack-frames.js';
import { StackFrameRetrieval } from '../../imaging/stack-frame-retrieval.js';
import { defaultCacheMb } from '../../imaging/defaults.js';
import type { ViewportImageData } from '../../imaging/image-readout.js';
import { orientationMarkersOf, patientOrientationMarkersOf } from '../../imaging/orientation-markers.js';
import { needsPaletteBulkData, resolvePaletteBulkData } from '../../imaging/palette-bulk-data.js';
import { scaleBarFor } from '../../imaging/scale-bar.js';
import { overlayMaskOf, type OverlayMask } from '../../imaging/overlay-bulk-data.js';
import { imageToCanvasMatrix, worldOfImagePoint } from '../../imaging/image-to-canvas.js';
import { isPrimaryTool, type PrimaryTool } from '../../tools/primary-tools.js';
import { presetsFor, type WindowPreset } from '../../tools/window-presets.js';
import { numberOf, numbersOf, stringOf, type DicomJsonDataset, type DicomJsonElement } from '../../dicomweb/dicom-json.js';
import { imageSeriesInOrder } from '../../dicomweb/series-choice.js';
import type { ViewportState } from '../../events/viewport-changed.js';
import { keyboardCommandOf, type KeyboardCommand } from './keyboard-commands.js';
import { overlayTextOf } from './overlay-text.js';
import type { ImageFailure } from '../../imaging/image-failure.js';
import { describeClientFailure } from '../../imaging/client-failure.js';
import { DicomErrorEvent, type DicomErrorDetail } from '../../events/error.js';
import { DicomImageRenderedEvent } from '../../events/image-rendered.js';
import { DicomLoadProgressEvent } from '../../events/load-progress.js';
import { DicomViewportChangedEvent } from '../../events/viewport-changed.js';
import type { StackViewportCallbacks, StackViewportController, VoiWindow } from './stack-viewport-controller.js';
import { loadViewportEngine, type ViewportEngine } from './load-viewport-engine.js';
import { viewportStyles } from './viewport.styles.js';
import type { MeasurementController, MeasurementPlace } from '../../measurements/measurement-controller.js';
import { checkMeasurements, type Measurement } from '../../measurements/measurement.js';
import { StallWatchdog } from './stall-watchdog.js';

/** How often the progress bar may be redrawn while a series loads (ms). */
const progressDrawMs = 250;

/**
 * How long loading may go on with no request outstanding and nothing happening before it counts as failed (ms):
 * a failure Cornerstone swallows (a metadata provider or a decoder that throws inside its promise chain, a worker
 * that never starts) would otherwise leave "Loading series…" for ever.
 */
const stallMs = 15_000;

/** How long the overlays wait for a decoded image asked for to be drawn before they name it over a blank canvas (ms). */
const awaitShownMs = 100;

/** Patient Orientation (0020,0020), which the shared tag table does not name yet. */
const patientOrientationTag = '00200020';

/** Patient Orientation's two directions (rows, columns), when the header gives both. */
function patientOrientationOf(dataset: DicomJsonDataset): string[] {
  const values = (dataset[patientOrientationTag]?.Value ?? []).map(String);
  return values.length === 2 ? values : [];
}

/** A number attribute whose absence, emptiness or non-number means unset (Lit's Number converter makes "" 0). */
const optionalNumber = {
  fromAttribute(value: string | null): number | undefined {
    if (value === null || value.trim() === '') return undefined;
    const number = Number(value);
    return Number.isFinite(number) ? number : undefined;
  },
};

/**
 * @tag dicom-viewport
 * @summary One viewport showing a DICOM series from a DICOMweb server as a stack, with the DICOM grayscale
 * pipeline (modality LUT, VOI window or VOI LUT function, MONOCHROME1), colour images (RGB, YBR, palette),
 * multi-frame instances, tools for mouse, touch and keyboard, overlays from the header, progress and errors.
 *
 * Mouse: the `tool` (default window/level) on the left button, zoom on the right, pan on the middle, scroll on
 * the wheel, zoom on Ctrl + wheel. Touch: the `tool` with one finger, pinch to zoom and pan with two, scroll with
 * three. Keyboard (when the image has focus): ↑/← and ↓/→ previous/next image, Page Up/Down ten images,
 * Home/End first/last; `w` `z` `p` `s` choose window/level, zoom, pan, scroll for the left button; `+`/`-` zoom,
 * `f` fit, `a` actual size (one image pixel a screen pixel); `r`/`R` rotate 90° clockwise/anticlockwise; `h`/`v`
 * flip horizontally/vertically; `i` invert; `o` shows/hides the overlay planes; `Escape` reset; space plays/pauses
 * cine; `1`…`9` the window presets in the order of `presets`.
 *
 * Overlay planes (60xx, PS3.3 C.9.2) are drawn over the image in its own pixel grid, so they follow zoom, pan,
 * rotation and flips; their Overlay Data is retrieved (bulk data) when their image is shown.
 *
 * Reading values: `getImageData()` returns the shown image's values (modality values, PS3.3 C.11.1, for grey
 * images; RGB for colour ones) and `getPixelValue(x, y)` one pixel's, so an integrator can measure what the reader
 * sees. `getViewportState()` / `setViewportState()` save and restore the view (image, window, invert, zoom, pan,
 * rotation, flips).
 *
 * @event {DicomImageRenderedEvent} dicom-image-rendered - A new image of the stack is on screen.
 * @event {DicomLoadProgressEvent} dicom-load-progress - Another image of the series was loaded (or failed).
 * @event {DicomViewportChangedEvent} dicom-viewport-changed - The user changed the view (window/level, zoom, pan, rotation, flip, invert or image); never for property sets or method calls. `detail` is the `ViewportState`.
 * @event {DicomMeasurementAddedEvent} dicom-measurement-added - The reader drew a measurement; `detail` is its JSON (`measurement.schema.json`).
 * @event {DicomMeasurementChangedEvent} dicom-measurement-changed - The reader edited one (once the edit ends), renamed it, or undid/redid an edit.
 * @event {DicomMeasurementRemovedEvent} dicom-measurement-removed - The reader deleted one (or undid its drawing).
 * @event {Event} dicom-measurements-replaced - `setMeasurements()` / `clearMeasurements()` replaced them, or another series brought its own.
 * @event {DicomErrorEvent} dicom-error - The series or one of its images could not be loaded or decoded (`kind`, `message`, `status`, `url`, `imageIndex`, `sopInstanceUid`, `frameNumber`).
 *
 * @csspart base - The element's frame.
 * @csspart canvas - The rendering surface (Cornerstone draws into it); focusable, takes the keyboard.
 * @csspart overlay - Every text overlay (each also has its own part below).
 * @csspart overlay-patient - Patient name, ID, birth date and sex (top left).
 * @csspart overlay-study - Study date and description, series number and description (top right).
 * @csspart overlay-image - Image number / total, slice location and thickness (bottom left).
 * @csspart overlay-view - Window center/width and zoom (bottom right).
 * @csspart lossy - The LOSSY marker of an image that was lossy compressed (top centre).
 * @csspart scale-bar - The scale bar in mm (bottom centre), shown when the header gives the pixel spacing.
 * @csspart orientation - The orientation markers (A/P/R/L/H/F) at the middle of each edge.
 * @csspart overlay-plane - The image's overlay planes (60xx), one pixel a set overlay bit.
 * @csspart progress - The loading bar along the top edge.
 * @csspart message - The centred loading or error message.
 *
 * @cssproperty --dicom-viewport-background - Behind the image. Defaults to `--dicom-color-background`, black.
 * @cssproperty --dicom-viewport-text-color - Overlay text. Defaults to `--dicom-color-overlay-text`.
 * @cssproperty --dicom-viewport-accent - Progress bar and focus ring. Defaults to `--dicom-color-accent`.
 * @cssproperty --dicom-viewport-error-background - Behind error messages.
 * @cssproperty --dicom-viewport-lossy-color - The LOSSY marker. Defaults to `--dicom-color-warning`.
 * @cssproperty --dicom-viewport-font - Overlay font.
 * @cssproperty --dicom-viewport-overlay-plane-color - Overlay planes (60xx), read when an image's planes are drawn. Defaults to `--dicom-color-overlay-plane`, yellow.
 */
export class DicomViewport extends LitElement {
  static override styles = viewportStyles;

  /** The DICOMweb service root, e.g. `https://pacs.example/dicom-web` or `/dicom-web`. Ignored when `source` is set. */
  @property({ attribute: 'dicomweb-root' }) dicomwebRoot = '';

  /** StudyInstanceUID of the series to show. */
  @property() study = '';

  /**
   * SeriesInstanceUID of the series to show. Without it, the study's first series with images is shown (the lowest
   * Series Number; `shownSeries` says which).
   */
  @property() series = '';

  /** The SeriesInstanceUID being shown: `series`, or the one chosen for a study given alone; empty when none. */
  @state() private chosenSeries = '';

  /**
   * Window center of the VOI (PS3.3 C.11.2.1.2); reflects the header's until set, and follows user input. An empty
   * attribute is no value.
   */
  @property({ attribute: 'window-center', converter: optionalNumber }) windowCenter?: number;

  /** Window width of the VOI; reflects the header's until set, and follows user input. Empty, or under 1, is no window. */
  @property({ attribute: 'window-width', converter: optionalNumber }) windowWidth?: number;

  /** Index (0-based) of the image on screen; setting it scrolls there. Follows scrolling. */
  @property({ attribute: 'image-index', type: Number }) imageIndex = 0;

  /**
   * What the left mouse button and one finger do: `window-level` (default), `zoom`, `pan`, `scroll` or `length`
   * (measures a distance; measurements stay shown, and are this viewport's own or its viewer's).
   */
  @property() tool: PrimaryTool = 'window-level';

  /** A window preset by id (see `presets`): `soft-tissue`, `lung`, `bone`, `brain`, `abdomen`, `liver`, `mediastinum` for CT, `header-1`… for the header's windows. Cleared by user window/level input. */
  @property() preset = '';

  /** Shows the image inverted (relative to its own presentation: MONOCHROME1 stays right with `invert` unset). */
  @property({ type: Boolean }) invert = false;

  /** Hides every overlay. */
  @property({ attribute: 'no-overlay', type: Boolean }) noOverlay = false;

  /**
   * Overlays to hide, space-separated: `patient study image view lossy scale-bar orientation overlay-planes`
   * (`o` toggles `overlay-planes`).
   */
  @property({ attribute: 'hide-overlays' }) hideOverlays = '';

  /** Memory budget of the page's image cache in MB (the largest budget of the connected viewports applies). */
  @property({ attribute: 'cache-mb', type: Number }) cacheMb = defaultCacheMb;

  /** Cine speed in frames per second; 0 takes the header's (RecommendedDisplayFrameRate, FrameTime), else 10. */
  @property({ type: Number }) fps = 0;

  @state() private shownImageIndex = 0;
  @state() private imageTotal = 0;
  /** Images of the stack loaded or failed so far, and the count the progress bar last drew (see drawProgressSoon). */
  private settledCount = 0;
  @state() private drawnSettledCount = 0;
  private progressTimer?: ReturnType<typeof setTimeout>;
  /** Bumped when the camera changes, so the overlays that depend on it (zoom, scale bar, markers) render again. */
  @state() private cameraVersion = 0;
  private readonly failedImages = new Map<number, string>();
  private stackImages?: StackImages;
  /** The shown stack's frames being fetched (from the metadata's arrival on, before the engine is there). */
  private retrieval?: StackFrameRetrieval;

  @query('.canvas') private readonly container!: HTMLDivElement;

  /** Overlay Data retrieved for the shown series' instances, by element: lives as long as their metadata does. */
  private readonly overlayBulkData = new WeakMap<DicomJsonElement, Promise<Uint8Array>>();
  /** The mask last drawn into the overlay plane layer, which keeps its pixels until another mask is drawn. */
  private drawnOverlay?: { layer: HTMLCanvasElement; overlay: OverlayMask };

  /** The shown image's overlay planes as one mask, once it is on screen and while they are shown. */
  private readonly overlayPlanesTask = new Task(this, {
    args: () =>
      [
        this.source,
        this.overlayShown('overlay-planes') && this.overlaysMatchCanvas() ? this.shownDataset() : undefined,
        this.stackImages?.frameNumbers[this.shownImageIndex] ?? 1,
      ] as const,
    task: ([source, dataset, frame], { signal }) =>
      source && dataset ? overlayMaskOf(source, dataset, frame, this.overlayBulkData, signal) : Promise.resolve(undefined),
    onError: (error) => {
      if ((error as Error)?.name === 'AbortError') return;
      // The image is on screen; what it lacks is said, for the shown image.
      const dataset = this.shownDataset();
      this.dispatchEvent(
        new DicomErrorEvent({
          ...errorDetail(error),
          message: `The overlay planes could not be loaded: ${errorDetail(error).message}`,
          imageIndex: this.shownImageIndex,
          sopInstanceUid: dataset ? stringOf(dataset, 'SOPInstanceUID') : undefined,
        }),
      );
    },
  });

  private readonly sources = new DicomwebSourceHolder();
  /** The imaging context a provider (a `<dicom-viewer>`) gives this element; the page's when none does. */
  private readonly providedImaging = new ContextConsumer(this, { context: imagingContextKey });
  /** The VOI this element last wrote into its own properties (from the header or user input), to tell it from one set by the page. */
  private reflectedVoi?: VoiWindow;
  /** The VOI last put on screen (reflected, or set by the page): a different one at a series change is asked for it. */
  private appliedVoi?: VoiWindow;
  /** `study|series` of the load under way or shown: a state set for another is for the load about to start. */
  private loadingKey = '';
  /** The image index this element last wrote into `imageIndex` (it follows scrolling), to tell it from one set by the page. */
  private reflectedImageIndex = 0;
  /** Image indices asked for by a method or property, whose arrival is not user input. */
  private readonly programmaticScrolls = new Set<number>();
  private shownOnce = false;
  private lastRequestedIndex = -1;
  /** The stack position whose image is on screen (the named image is shown when it equals shownImageIndex). */
  @state() private renderedImageIndex = -1;
  /** The image index the page asked for before the series' first image was shown (property, method or state). */
  private requestedImageIndex?: number;
  /**
   * A state to apply once the series' first image is shown: set by setViewportState() while the series loads, or
   * kept when the element leaves the page, so that moving it in the page keeps the view.
   */
  private pendingState?: { key: string; state: Partial<ViewportState> };
  private readonly watchdog = new StallWatchdog(stallMs, () => this.onStalled());
  /** The series loaded but its first image never came on screen (the watchdog said so after the load ended). */
  @state() private showFailure?: DicomErrorDetail;
  private stallLoading?: () => void;
  private endLoadingAtFailure?: () => void;
  /** Whether a request the shown series' loading waits for (its metadata, the engine chunk) is under way. */
  private awaitingRequest = false;

  /** Made when the engine chunk has loaded (on first connection): until then there is no viewport to drive. */
  private stack?: StackViewportController;
  private viewportEngine?: ViewportEngine;
  /** The measurements of the shown stack (src/measurements/measurement-controller.ts); made with the engine. */
  private measurements?: MeasurementController;
  /** Measurements set before the engine was there. */
  private measurementsToSet?: Measurement[];

  private readonly stackCallbacks: StackViewportCallbacks = {
    imageRequested: (imageIndex) => {
      this.reflectImageIndex(imageIndex);
      if (this.shownOnce && this.stack?.isImageReady(imageIndex)) {
        // Decoded already: Cornerstone draws it on the next frame, and the overlays change with it then (one
        // render a step while scrolling, the canvas never hidden in between). Read-outs meanwhile say nothing:
        // the canvas does not show the named image yet (namedImageShown). Should it not come, the blank state does.
        this.awaitShown(imageIndex);
      } else this.showRequested(imageIndex);
      // Cornerstone announces a requested image more than once while it loads: report each move once.
      if (imageIndex === this.lastRequestedIndex) return;
      this.lastRequestedIndex = imageIndex;
      const programmatic = this.programmaticScrolls.delete(imageIndex) || this.stack?.playing || !this.shownOnce;
      if (!programmatic) this.fireChanged();
    },
    imageShown: (imageIndex, imageId) => this.onImageShown(imageIndex, imageId),
    voiChanged: (voi, byUser) => this.onVoiChanged(voi, byUser),
    imageSettled: (loaded, failed) => {
      this.watchdog.activity();
      this.settledCount = loaded + failed;
      this.dispatchEvent(new DicomLoadProgressEvent({ loaded, failed, total: this.imageTotal }));
      this.drawProgressSoon();
    },
    imageFailed: (failure, imageIndex) => this.onImageFailed(failure, imageIndex),
    cameraChanged: (byUser) => {
      this.cameraVersion += 1;
      if (byUser) this.fireChanged();
    },
  };

  constructor() {
    super();
    // The engine chunk starts downloading as soon as there is a viewport, connected or not yet: a page that builds
    // its viewports before it shows them (or shows them later) finds the engine there.
    void loadViewportEngine().catch(() => undefined); // a failure is reported when the element needs the engine
  }

  /** The study's series that may hold images, the one to show first first (QIDO-RS); not found when it has none. */
  private async imageSeriesOf(source: DicomwebSource, study: string, signal: AbortSignal): Promise<string[]> {
    const series = imageSeriesInOrder(await source.searchForSeries(study, {}, { signal }));
    this.throwIfGone(signal);
    if (series.length === 0) throw new DicomwebError('not-found', 'The study has no series with images', source.studyUrl(study));
    return series;
  }

  /** Loads the rendering engine chunk (once per page) and makes this element's viewport controller. */
  private async engine(): Promise<ViewportEngine> {
    const engine = (this.viewportEngine ??= await loadViewportEngine());
    this.stack ??= new engine.StackViewportController(this, this.stackCallbacks, () => this.imaging());
    this.measurements ??= new engine.MeasurementController(this, { viewport: () => this.stack?.cornerstoneViewport, stack: () => this.stackImages, tool: () => this.tool, scrollTo: (index) => this.scrollToImage(index) });
    return engine;
  }

  private readonly stackTask = new Task(this, {
    args: () => [this.source, this.study, this.series] as const,
    task: async ([source, study, series], { signal }) => {
      // Read before anything else: an index the page set with this series (or before the first), not one this
      // element reflected from the previous series.
      const askedIndex = this.imageIndex !== this.reflectedImageIndex ? this.imageIndex : undefined;
      const requestedVoi = this.requestedVoi();
      const voiAsked = requestedVoi !== undefined && (requestedVoi.windowCenter !== this.appliedVoi?.windowCenter || requestedVoi.windowWidth !== this.appliedVoi?.windowWidth);
      const key = `${study}|${series}`;
      this.loadingKey = key;
      if (this.pendingState && this.pendingState.key !== key) this.pendingState = undefined;
      this.resetStackState(voiAsked);
      this.requestedImageIndex = askedIndex ?? this.pendingState?.state.imageIndex;
      this.reflectImageIndex(Math.max(0, Math.trunc(this.requestedImageIndex ?? 0) || 0));
      this.watchdog.stop();
      if (!source || !study) {
        this.stack?.releaseStack();
        this.cancelRetrieval();
        this.chosenSeries = '';
        return 0;
      }
      // A stall ends this load as a failure; the load's own steps see it as an abort, should they resume later.
      const stall = new AbortController();
      const stalled = new Promise<never>((_, reject) => {
        this.stallLoading = () => {
          stall.abort();
          reject(new DicomwebError('bad-response', 'The series could not be shown: loading stopped with nothing left to wait for (its images\' metadata or decoding failed).', source.seriesUrl(study, series || this.chosenSeries)));
        };
      });
      stalled.catch(() => undefined);
      // Waiting on the network is no stall (requests end in an answer or an error), nor is a hidden page, which
      // draws nothing until shown; anything else is bounded. The watch lasts until the first image is on screen.
      this.watchdog.start(
        () => this.awaitingRequest || !this.viewportEngine || (this.retrieval?.requestsInFlight ?? 0) > 0 || document.visibilityState === 'hidden',
      );
      try {
        // The first image failing ends the load too: its own error is on screen and the others can be viewed.
        const firstImageFailed = new Promise<number>((resolve) => (this.endLoadingAtFailure = () => resolve(this.imageTotal)));
        return await Promise.race([this.loadStack(source, study, series, AbortSignal.any([signal, stall.signal])), stalled, firstImageFailed]);
      } catch (error) {
        this.watchdog.stop();
        // Nothing of a series that failed stays on screen, and nothing of it keeps loading.
        if ((error as Error)?.name !== 'AbortError') {
          this.stack?.releaseStack();
          this.cancelRetrieval();
        }
        throw error;
      } finally {
        this.stallLoading = undefined;
        this.endLoadingAtFailure = undefined;
        this.awaitingRequest = false;
      }
    },
    onError: (error) => {
      if ((error as Error)?.name === 'AbortError') return;
      this.dispatchEvent(new DicomErrorEvent(errorDetail(error)));
    },
  });

  /** Loads a series' metadata and shows its first image (the one asked for, else the first of the stack). */
  private async loadStack(source: DicomwebSource, study: string, series: string, signal: AbortSignal): Promise<number> {
    // Another series (or none): the old one's requests stop before the new one's metadata is asked for, and its
    // image leaves the screen.
    this.stack?.releaseStack();
    this.cancelRetrieval();
    this.chosenSeries = '';
    this.awaitingRequest = true;
    // A study given alone: its series in the order they are preferred, the next tried when one shows nothing.
    const candidates = series ? [series] : await this.imageSeriesOf(source, study, signal);
    // Three things overlap: the metadata request, the engine chunk's download and start-up (on first connection),
    // and, once the metadata is in, the frames, the first image's first (stack-frame-retrieval.ts).
    let metadata = source.retrieveSeriesMetadata(study, candidates[0]!, { signal });
    metadata.catch(() => undefined); // awaited below; not unhandled meanwhile
    const engineReady = this.engine().then(async (engine) => {
      this.watchdog.activity();
      // Before any metadata is registered: the loader's start-up clears what it holds.
      await engine.initImaging();
      this.watchdog.activity();
      return engine;
    });
    engineReady.catch(() => undefined);
    let stackImages!: StackImages; // the loop ends with a stack of images, or throws
    for (const [at, candidate] of candidates.entries()) {
      this.chosenSeries = candidate;
      if (at > 0) metadata = source.retrieveSeriesMetadata(study, candidate, { signal });
      this.awaitingRequest = true;
      const instances = await metadata;
      this.awaitingRequest = false;
      this.watchdog.activity();
      this.throwIfGone(signal);
      this.awaitingRequest = true;
      for (const instance of instances) {
        if (needsPaletteBulkData(instance)) await resolvePaletteBulkData(source, instance, signal);
      }
      this.awaitingRequest = false;
      // Image ids of this element's context that name its source: its frames are fetched with its credentials.
      stackImages = this.imaging().images.keyedStack(stackImagesOf(source, study, candidate, instances));
      if (stackImages.imageIds.length > 0) break;
      if (at === candidates.length - 1) {
        throw new DicomwebError('not-found', 'The series has no images this viewer can show', source.seriesUrl(study, candidate));
      }
    }
    const { imageIds } = stackImages;
    this.stackImages = stackImages;
    this.imageTotal = imageIds.length;
    const first = this.firstImageIndex();
    this.reflectImageIndex(first);
    this.shownImageIndex = first;
    this.throwIfGone(signal);
    const retrieval = new StackFrameRetrieval(imageIds, stackImages.locations, {
      frameLengths: stackImages.datasets.map(nativeFrameLengthOf),
      // Frames wait here only until the engine decodes them; at most what the cache may hold.
      maxHeldBytes: Math.min(64, this.cacheMb > 0 ? this.cacheMb : defaultCacheMb) * 1024 * 1024,
      isLoaded: (imageId) => this.viewportEngine?.isImageCached(imageId) ?? false,
      registry: this.imaging().images,
    });
    this.retrieval = retrieval;
    retrieval.focus(first);
    retrieval.onActivity(() => this.watchdog.activity());
    const engine = await engineReady;
    this.throwIfGone(signal);
    engine.registerStackImages(this.imaging(), stackImages);
    await this.updateComplete;
    // Asked for while the engine came (a property or setViewportState()): still before the first image.
    const start = this.firstImageIndex();
    this.programmaticScrolls.add(start);
    await this.stack!.show(this.container, imageIds, start, retrieval, signal);
    // Cornerstone's enableElement makes its element unreachable by Tab (tabIndex −1); the keys need it reachable.
    this.container.tabIndex = 0;
    return imageIds.length;
  }

  /**
   * Loading stalled before the first image came on screen: while the load runs, it fails; after it (the stack was
   * handed to Cornerstone, which never drew it), the series fails the same way, with an error in the element.
   */
  private onStalled(): void {
    if (this.stallLoading) {
      this.stallLoading();
      return;
    }
    if (this.shownOnce) return;
    this.stack?.releaseStack();
    this.cancelRetrieval();
    const detail: DicomErrorDetail = {
      kind: 'bad-response',
      message: 'The series could not be shown: its first image was loaded but never drawn (its metadata or decoding failed).',
      url: this.source && this.study ? this.source.seriesUrl(this.study, this.chosenSeries) : undefined,
    };
    this.showFailure = detail;
    this.dispatchEvent(new DicomErrorEvent(detail));
  }

  /** The index to open the stack at: the one asked for (clamped), else the first. */
  private firstImageIndex(): number {
    const asked = Math.trunc(this.requestedImageIndex ?? 0) || 0;
    return Math.min(Math.max(0, asked), Math.max(0, this.imageTotal - 1));
  }

  /**
   * The DICOMweb source the element reads from. Unless one is assigned, it is made from `dicomweb-root`; set its
   * `getAuthorization` to authorize requests.
   */
  get source(): DicomwebSource | undefined {
    return this.sources.sourceFor(this.dicomwebRoot);
  }

  set source(source: DicomwebSource | undefined) {
    const old = this.source;
    this.sources.assign(source);
    this.requestUpdate('source', old);
  }

  /** SeriesInstanceUID of the series shown (or loading): `series`, or the one chosen when only `study` is set. */
  get shownSeries(): string {
    return this.chosenSeries;
  }

  /** Number of images in the stack (frames of multi-frame instances count one each). */
  get imageCount(): number {
    return this.imageTotal;
  }

  /** The window presets for the shown image: CT's own for a CT, then the header's windows (`header-1`…). */
  get presets(): WindowPreset[] {
    const dataset = this.shownDataset();
    return presetsFor(dataset ? stringOf(dataset, 'Modality') : undefined, dataset);
  }

  /** Whether cine is playing. */
  get playing(): boolean {
    return this.stack?.playing ?? false;
  }

  /** Shows the image at `index` (0-based, clamped to the stack). */
  scrollToImage(index: number): void {
    // Before the series' first image: the image to open it at.
    if (!this.shownOnce) this.requestedImageIndex = Math.max(0, Math.trunc(index) || 0);
    if (!this.imageTotal) return;
    const clamped = Math.min(Math.max(0, Math.trunc(index)), this.imageTotal - 1);
    if (clamped !== this.shownImageIndex) this.programmaticScrolls.add(clamped);
    this.stack?.scrollTo(clamped);
  }

  /** Back to the initial camera (fitted, unrotated, unflipped), the header's window/level and no invert. */
  resetView(): void {
    this.reflectedVoi = undefined;
    this.stack?.resetView();
    this.invert = false;
    this.preset = '';
    const voi = this.stack?.currentVoi();
    if (voi) this.reflectVoi(voi);
  }

  /** Chooses the tool of the left mouse button and one finger (as the `tool` attribute does). */
  setTool(tool: PrimaryTool): void {
    this.tool = tool;
  }

  /** Plays the stack (or the frames of a multi-frame instance) as a loop; `framesPerSecond` defaults to `fps`. */
  play(framesPerSecond?: number): void {
    this.stack?.play(framesPerSecond ?? this.cineFps());
    this.requestUpdate();
  }

  pause(): void {
    this.stack?.pause();
    this.requestUpdate();
  }

  /** Fits the image to the viewport. */
  fitToWindow(): void {
    this.stack?.fit();
  }

  /** One image pixel to one screen (device) pixel. */
  actualSize(): void {
    this.stack?.actualSize(this.pixelSpacing()?.[1] ?? 1);
  }

  /** Rotates by `degrees` (a multiple of 90) clockwise. */
  rotate(degrees = 90): void {
    this.stack?.rotateBy(degrees);
  }

  flipHorizontal(): void {
    this.stack?.flip('horizontal');
  }

  flipVertical(): void {
    this.stack?.flip('vertical');
  }

  /** What the viewport shows, or undefined before the first image. */
  getViewportState(): ViewportState | undefined {
    return this.stack?.state();
  }

  /** Restores a state from `getViewportState()` (any subset of it); not reported as user input. */
  setViewportState(state: Partial<ViewportState>): void {
    const key = `${this.study}|${this.series}`;
    if (this.study && (!this.shownOnce || key !== this.loadingKey)) {
      // A series is loading, or about to (set with this call): the state is for it, applied once its first image
      // is shown (a camera set now would be the one a new series resets).
      const earlier = this.pendingState?.key === key ? this.pendingState.state : {};
      this.pendingState = { key, state: { ...earlier, ...state } };
      if (state.imageIndex !== undefined) this.requestedImageIndex = Math.max(0, Math.trunc(state.imageIndex) || 0);
      return;
    }
    this.applyState(state);
  }

  private applyState(state: Partial<ViewportState>): void {
    if (state.windowCenter !== undefined && state.windowWidth !== undefined) {
      this.windowCenter = state.windowCenter;
      this.windowWidth = state.windowWidth;
    }
    if (state.invert !== undefined) this.invert = state.invert;
    if (state.imageIndex !== undefined) this.scrollToImage(state.imageIndex);
    this.stack?.applyCamera(state);
  }

  /** The shown image's values: modality values (rescale applied) for grey images, RGB for colour; undefined before the first image. */
  getImageData(): ViewportImageData | undefined {
    // Only the image the element names: not the previous one while it loads, failed, or of another series.
    if (!this.namedImageShown()) return undefined;
    const dataset = this.shownDataset();
    return this.stack?.imageData(dataset ? (stringOf(dataset, 'PhotometricInterpretation') ?? '') : '');
  }

  /** The value of image pixel (x, y) (column, row, 0-based): a modality value, or `[r, g, b]` for colour images. */
  getPixelValue(x: number, y: number): number | [number, number, number] | undefined {
    const data = this.getImageData();
    if (!data || x < 0 || y < 0 || x >= data.columns || y >= data.rows) return undefined;
    const at = Math.trunc(y) * data.columns + Math.trunc(x);
    if (data.samplesPerPixel === 1) return data.values[at];
    return [data.values[at * 3]!, data.values[at * 3 + 1]!, data.values[at * 3 + 2]!];
  }

  /** The shown series' measurements (and those set for other images) as JSON (`measurement.schema.json`). */
  getMeasurements(): Measurement[] {
    return this.measurements?.get() ?? structuredClone(this.measurementsToSet ?? []);
  }

  /** Replaces the measurements (from `getMeasurements()` or a store of the page's); no events. Throws on bad input, changing nothing. */
  setMeasurements(measurements: Measurement[]): void {
    if (this.measurements) return this.measurements.set(measurements);
    checkMeasurements(measurements);
    this.measurementsToSet = structuredClone(measurements);
    void this.engine().then(() => this.measurementsToSet && this.measurements!.set(this.measurementsToSet.splice(0)));
  }

  /** Removes every measurement; no events. */
  clearMeasurements(): void {
    this.setMeasurements([]);
  }

  /** Renames a measurement (an arrow's or a label's text); fires `dicom-measurement-changed`. */
  renameMeasurement(id: string, label: string): void {
    this.measurements?.rename(id, label);
  }

  /** Deletes a measurement; fires `dicom-measurement-removed`. */
  removeMeasurement(id: string): void {
    this.measurements?.remove(id);
  }

  /** Where a measurement lies: its image's position in the stack and its series; undefined when not on the shown series. */
  measurementPlace(id: string): MeasurementPlace | undefined {
    return this.measurements?.placeOf(id);
  }

  /** Shows a measurement's image and selects it. */
  selectMeasurement(id: string): void {
    this.measurements?.select(id);
  }

  /** Reloads the series (after a network failure, or an expired token was renewed). */
  reload(): void {
    void this.stackTask.run();
  }

  private imaging(): ImagingContext {
    return this.providedImaging.value ?? pageImagingContext(this.ownerDocument);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The first viewport on the page fetches the engine; the others find it loaded.
    void this.engine().then((engine) => {
      if (this.isConnected) engine.setCacheBudget(this.imaging(), this, this.cacheMb);
    });
    // Moved in the page: the controller freed the viewport on disconnect, so show the series again.
    if (this.hasUpdated && this.stackTask.status !== TaskStatus.INITIAL) this.reload();
  }

  override disconnectedCallback(): void {
    // The viewport goes with the element (the controller frees it); the view comes back when it is connected again.
    const state = this.shownOnce ? this.stack?.state() : undefined;
    if (state) this.pendingState = { key: `${this.study}|${this.series}`, state };
    this.watchdog.stop();
    if (this.awaitedImage) clearTimeout(this.awaitedImage.timer);
    this.awaitedImage = undefined;
    super.disconnectedCallback();
    this.cancelRetrieval();
    this.viewportEngine?.releaseCacheBudget(this.imaging(), this);
    // Asked for again on connection: a provider answers, or the page's applies (the consumer keeps an old answer).
    this.providedImaging.value = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('preset') && this.preset) {
      const preset = this.presets.find((candidate) => candidate.id === this.preset);
      if (preset) {
        this.windowCenter = preset.windowCenter;
        this.windowWidth = preset.windowWidth;
      }
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if ((changed.has('windowCenter') || changed.has('windowWidth')) && this.requestedVoi() && !this.isReflectedVoi()) {
      this.reflectedVoi = undefined;
      this.appliedVoi = this.requestedVoi();
      this.stack?.applyVoi(this.appliedVoi!);
    }
    if (changed.has('imageIndex') && this.imageIndex !== this.reflectedImageIndex) {
      this.reflectedImageIndex = this.imageIndex;
      this.scrollToImage(this.imageIndex);
    }
    if (changed.has('tool')) this.stack?.setPrimaryTool(isPrimaryTool(this.tool) ? this.tool : 'window-level');
    if (changed.has('invert') && this.stack?.invert !== this.invert) this.stack?.setInvert(this.invert);
    if (changed.has('cacheMb') && this.isConnected) this.viewportEngine?.setCacheBudget(this.imaging(), this, this.cacheMb);
    this.drawOverlayPlanes();
  }

  protected override render() {
    return html`
      <div part="base" class="base">
        <div
          part="canvas"
          class=${this.overlaysMatchCanvas() ? 'canvas' : 'canvas canvas--blank'}
          tabindex="0"
          role="img"
          aria-label=${this.accessibleName()}
          @contextmenu=${(event: Event) => event.preventDefault()}
          @keydown=${this.onKeyDown}
        ></div>
        <div class="focus-ring"></div>
        ${this.renderOverlayPlanes()}
        ${guard(
          // Progress ticks (one an image while a series loads) leave the overlays as they are.
          [this.imageTotal, this.shownImageIndex, this.renderedImageIndex, this.shownOnce, this.stackImages, this.cameraVersion, this.windowCenter, this.windowWidth, this.noOverlay, this.hideOverlays],
          () => this.renderOverlays(),
        )}
        ${this.renderProgress()} ${this.renderMessage()}
      </div>
    `;
  }

  /**
   * Whether the element's overlays name the image drawn last (the series' image at `shownImageIndex`, loaded, not
   * failed): what the canvas and the overlay planes show follows this, so they change together with the overlays.
   * While a decoded image asked for waits one frame to be drawn, both still show the previous one (see imageRequested).
   */
  private overlaysMatchCanvas(): boolean {
    return this.shownOnce && this.renderedImageIndex === this.shownImageIndex && !this.failedImages.has(this.shownImageIndex);
  }

  /**
   * Whether the canvas shows the image the element names (the series' image at `imageIndex`, loaded): read-outs
   * answer only then, never from the previous image or series under the new one's name.
   */
  private namedImageShown(): boolean {
    return this.overlaysMatchCanvas() && (this.stack?.showsCurrentImage() ?? false);
  }

  private accessibleText?: { dataset: DicomJsonDataset | undefined; text: ReturnType<typeof overlayTextOf> };

  /** What a screen reader says for the image: patient, series and image position. */
  private accessibleName(): string {
    if (!this.imageTotal) return 'No image';
    const dataset = this.shownDataset();
    // Every render asks (a scroll step is one): the dataset's text is worked out once.
    const cached = this.accessibleText;
    const text = cached && cached.dataset === dataset ? cached.text : overlayTextOf(dataset);
    this.accessibleText = { dataset, text };
    return [text.patientName, text.series, `Image ${this.shownImageIndex + 1} of ${this.imageTotal}`].filter(Boolean).join(', ');
  }

  /** `Im: <instance number> / <images>`, and the frame of a multi-frame instance; the stack position without a number. */
  private imageNumberText(dataset: DicomJsonDataset | undefined): string {
    const instanceNumber = dataset ? numberOf(dataset, 'InstanceNumber') : undefined;
    const frames = dataset ? (numberOf(dataset, 'NumberOfFrames') ?? 1) : 1;
    const frame = this.stackImages?.frameNumbers[this.shownImageIndex];
    const image = `Im: ${instanceNumber ?? this.shownImageIndex + 1} / ${this.imageTotal}`;
    return frames > 1 && frame ? `${image} Fr: ${frame} / ${frames}` : image;
  }

  /** The shown image's transfer syntax: the frame's as it came, else the one the metadata names. */
  private shownTransferSyntax(dataset: DicomJsonDataset | undefined): string | undefined {
    return this.stack?.shownTransferSyntax() ?? (dataset ? (stringOf(dataset, 'AvailableTransferSyntaxUID') ?? stringOf(dataset, 'TransferSyntaxUID')) : undefined);
  }

  /**
   * The overlay plane layer: a canvas of one CSS pixel an image pixel, put over the image by the transform that
   * maps the image's pixel grid to the viewport's canvas (it follows the camera, as every render reads it).
   */
  private renderOverlayPlanes() {
    const overlay = this.overlayPlanesTask.status === TaskStatus.COMPLETE ? this.overlayPlanesTask.value : undefined;
    if (!overlay || !this.overlayShown('overlay-planes') || !this.overlaysMatchCanvas()) return nothing;
    const transform = this.imageToCanvasTransform(overlay.columns, overlay.rows);
    if (!transform) return nothing;
    return html`<canvas
      part="overlay-plane"
      class="overlay-planes"
      width=${overlay.columns}
      height=${overlay.rows}
      style=${styleMap({ width: `${overlay.columns}px`, height: `${overlay.rows}px`, transform })}
    ></canvas>`;
  }

  /** The CSS transform from the shown image's pixel grid (one CSS pixel an image pixel) to the viewport's canvas. */
  private imageToCanvasTransform(columns: number, rows: number): string | undefined {
    const viewport = this.stack?.cornerstoneViewport;
    const geometry = viewport?.getImageData();
    if (!viewport || !geometry) return undefined;
    return imageToCanvasMatrix((x, y) => {
      const [canvasX, canvasY] = viewport.worldToCanvas(worldOfImagePoint(geometry, x, y));
      return [canvasX, canvasY];
    }, columns, rows);
  }

  /**
   * Draws the overlay mask into its layer when either is new: the mask as opaque pixels, then coloured by the
   * layer's `color` (the custom property), so any CSS colour, translucent ones too, applies.
   */
  private drawOverlayPlanes(): void {
    const layer = this.renderRoot.querySelector<HTMLCanvasElement>('.overlay-planes');
    const overlay = this.overlayPlanesTask.value;
    if (!layer || !overlay) {
      this.drawnOverlay = undefined;
      return;
    }
    if (this.drawnOverlay?.layer === layer && this.drawnOverlay.overlay === overlay) return;
    this.drawnOverlay = { layer, overlay };
    const context = layer.getContext('2d');
    if (!context) return;
    const pixels = context.createImageData(overlay.columns, overlay.rows);
    overlay.mask.forEach((bit, at) => {
      if (bit) pixels.data[at * 4 + 3] = 255;
    });
    context.putImageData(pixels, 0, 0);
    context.globalCompositeOperation = 'source-in';
    context.fillStyle = getComputedStyle(layer).color;
    context.fillRect(0, 0, overlay.columns, overlay.rows);
    context.globalCompositeOperation = 'source-over';
  }

  private overlayShown(name: string): boolean {
    // A removed attribute sets null.
    return !this.noOverlay && !(this.hideOverlays ?? '').split(/\s+/).includes(name);
  }

  private renderOverlays() {
    if (!this.imageTotal || this.noOverlay) return nothing;
    const voi = this.requestedVoi();
    const dataset = this.shownDataset();
    const text = overlayTextOf(dataset, this.shownTransferSyntax(dataset));
    // Secondary lines give way first where the corners would meet (viewport.styles.ts, narrow viewports).
    const line = (value: string, secondary = true) => (value ? html`<div class=${secondary ? 'secondary' : 'primary'}>${value}</div>` : nothing);
    return html`
      ${this.overlayShown('patient')
        ? html`<div part="overlay overlay-patient" class="overlay overlay--top-left">
            ${line(text.patientName, false)} ${line(text.patientId)} ${line(text.patientBirthDateSex)}
          </div>`
        : nothing}
      ${this.overlayShown('study')
        ? html`<div part="overlay overlay-study" class="overlay overlay--top-right">
            ${line(text.studyDate)} ${line(text.studyDescription)} ${line(text.series, false)}
          </div>`
        : nothing}
      ${this.overlayShown('image')
        ? html`<div part="overlay overlay-image" class="overlay overlay--bottom-left">
            ${line(this.imageNumberText(dataset), false)}
            ${line(text.sliceLocation)} ${line(text.sliceThickness)}
          </div>`
        : nothing}
      ${this.overlayShown('view')
        ? html`<div part="overlay overlay-view" class="overlay overlay--bottom-right">
            ${voi ? line(`W: ${Math.round(voi.windowWidth)} L: ${Math.round(voi.windowCenter)}`, false) : nothing}
            ${guard(this.cameraKey(), () => this.renderZoom())}
          </div>`
        : nothing}
      ${text.lossy && this.overlayShown('lossy')
        ? html`<div part="overlay lossy" class="overlay lossy" title="This image was lossy compressed">LOSSY</div>`
        : nothing}
      ${this.overlayShown('scale-bar') ? guard(this.cameraKey(), () => this.renderScaleBar()) : nothing}
      ${this.overlayShown('orientation') ? guard(this.cameraKey(), () => this.renderOrientation()) : nothing}
    `;
  }

  /**
   * What the zoom, scale bar and markers depend on: the camera and the shown image's geometry, which stay put while
   * a stack scrolls, so scrolling does not recompute them (each asks Cornerstone's camera) on every image.
   */
  private cameraKey(): unknown[] {
    const dataset = this.shownDataset();
    const geometry = dataset
      ? [numbersOf(dataset, 'ImageOrientationPatient').join('\\'), patientOrientationOf(dataset).join('\\'), this.pixelSpacing()?.join('\\')].join('|')
      : '';
    return [this.cameraVersion, this.shownOnce, geometry];
  }

  private renderZoom() {
    const zoom = this.shownOnce ? this.stack?.state()?.zoom : undefined;
    return zoom ? html`<div class="secondary">Zoom: ${Math.round(zoom * this.fitScale() * 100)}%</div>` : nothing;
  }

  private renderScaleBar() {
    void this.cameraVersion;
    if (!this.shownOnce || !this.pixelSpacing()) return nothing;
    const width = this.stack?.width ?? 0;
    const bar = scaleBarFor(this.stack?.mmPerCssPixel() ?? 0, width / 4);
    if (!bar) return nothing;
    return html`<div part="overlay scale-bar" class="overlay scale-bar" style=${styleMap({ width: `${bar.pixels}px` })}>
      <span class="scale-bar__label">${bar.millimetres >= 10 ? `${bar.millimetres / 10} cm` : `${bar.millimetres} mm`}</span>
    </div>`;
  }

  private renderOrientation() {
    void this.cameraVersion;
    const dataset = this.shownDataset();
    if (!this.shownOnce || !dataset) return nothing;
    const camera = this.stack?.camera();
    if (!camera) return nothing;
    // Image Orientation where there is one; else Patient Orientation (projection radiographs: CR, DX, MG).
    const patientOrientation = patientOrientationOf(dataset);
    const markers =
      numbersOf(dataset, 'ImageOrientationPatient').length === 6
        ? orientationMarkersOf(camera)
        : patientOrientation.length === 2
          ? patientOrientationMarkersOf(camera, patientOrientation)
          : undefined;
    if (!markers) return nothing;
    return html`${(['top', 'bottom', 'left', 'right'] as const).map(
      (edge) => html`<div part="overlay orientation" class="overlay orientation orientation--${edge}" data-edge=${edge}>${markers[edge]}</div>`,
    )}`;
  }

  /**
   * Redraws the progress bar at most every `progressDrawMs` while a series loads, and at once when it is done: each
   * redraw is a new frame for the page's compositor, and a frame per image (hundreds a second) took the CPU the
   * images were being loaded with.
   */
  private drawProgressSoon(): void {
    if (this.settledCount >= this.imageTotal) {
      clearTimeout(this.progressTimer);
      this.progressTimer = undefined;
      this.drawnSettledCount = this.settledCount;
      return;
    }
    this.progressTimer ??= setTimeout(() => {
      this.progressTimer = undefined;
      this.drawnSettledCount = this.settledCount;
    }, progressDrawMs);
  }

  private renderProgress() {
    const settled = this.drawnSettledCount;
    if (!this.imageTotal || settled >= this.imageTotal) return nothing;
    return html`<div
      part="progress"
      class="progress"
      role="progressbar"
      aria-label="Loading images"
      aria-valuemin="0"
      aria-valuemax=${this.imageTotal}
      aria-valuenow=${settled}
    >
      <div class="progress__bar" style="transform: scaleX(${settled / this.imageTotal})"></div>
    </div>`;
  }

  private renderMessage() {
    return this.stackTask.render({
      pending: () => html`<div part="message" class="message" role="status">Loading series…</div>`,
      error: (error) => html`<div part="message" class="message message--error" role="alert">${errorDetail(error).message}</div>`,
      complete: () => {
        // An empty element says what it lacks rather than stay a black square.
        if (!this.source) return html`<div part="message" class="message" role="status">No DICOMweb server: set dicomweb-root or source</div>`;
        if (!this.study) return html`<div part="message" class="message" role="status">No study selected</div>`;
        if (this.showFailure) return html`<div part="message" class="message message--error" role="alert">${this.showFailure.message}</div>`;
        const failure = this.failedImages.get(this.shownImageIndex);
        return failure
          ? html`<div part="message" class="message message--error" role="alert">
              Image ${this.shownImageIndex + 1} of ${this.imageTotal}: ${failure}
            </div>`
          : nothing;
      },
    });
  }

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    const command = keyboardCommandOf(event);
    if (!command || !this.imageTotal) return;
    event.preventDefault();
    this.runKeyboardCommand(command);
  };

  private runKeyboardCommand(command: KeyboardCommand): void {
    switch (command.kind) {
      case 'scroll':
        this.stack?.scrollTo(this.shownImageIndex + command.by);
        return; // the new image is reported as user input when requested
      case 'scroll-to':
        this.stack?.scrollTo(command.to === 'first' ? 0 : this.imageTotal - 1);
        return;
      case 'tool':
        this.tool = command.tool;
        return;
      case 'zoom':
        this.stack?.zoomBy(command.factor);
        break;
      case 'fit':
        this.stack?.fit();
        break;
      case 'actual-size':
        this.actualSize();
        break;
      case 'rotate':
        this.stack?.rotateBy(command.degrees);
        break;
      case 'flip':
        this.stack?.flip(command.direction);
        break;
      case 'invert':
        this.invert = !this.invert;
        this.stack?.setInvert(this.invert);
        break;
      case 'overlay-planes': {
        // Not part of the view's state: a toggle of what `hide-overlays` hides.
        const hidden = (this.hideOverlays ?? '').split(/\s+/).filter(Boolean);
        this.hideOverlays = (hidden.includes('overlay-planes') ? hidden.filter((name) => name !== 'overlay-planes') : [...hidden, 'overlay-planes']).join(' ');
        return;
      }
      case 'reset':
        this.resetView();
        break;
      case 'cine':
        if (this.stack?.playing) this.pause();
        else this.play();
        return;
      case 'preset': {
        const preset = this.presets[command.index];
        if (!preset) return;
        this.preset = preset.id;
        this.reflectVoi({ windowCenter: preset.windowCenter, windowWidth: preset.windowWidth });
        this.stack?.applyVoi(this.reflectedVoi!);
        break;
      }
    }
    this.fireChanged();
  }

  /** Reports the view after user input, once: Cornerstone may signal one change through several events. */
  private fireChanged(): void {
    const state = this.stack?.state();
    const key = JSON.stringify(state);
    if (!state || key === this.lastReportedState) return;
    this.lastReportedState = key;
    this.dispatchEvent(new DicomViewportChangedEvent(state));
  }

  private lastReportedState = '';

  /** The image asked for whose drawing the overlays wait for (see imageRequested), and the wait's limit. */
  private awaitedImage?: { imageIndex: number; timer: ReturnType<typeof setTimeout> };

  private awaitShown(imageIndex: number): void {
    if (this.awaitedImage) clearTimeout(this.awaitedImage.timer);
    const timer = setTimeout(() => this.showRequested(imageIndex), awaitShownMs);
    this.awaitedImage = { imageIndex, timer };
  }

  /** The element names the asked-for image now: its number in the overlays, the canvas blank until it is drawn. */
  private showRequested(imageIndex: number): void {
    if (this.awaitedImage) clearTimeout(this.awaitedImage.timer);
    this.awaitedImage = undefined;
    if (imageIndex !== this.renderedImageIndex) this.renderedImageIndex = -1;
    this.shownImageIndex = imageIndex;
  }

  private onImageShown(imageIndex: number, imageId: string): void {
    if (this.awaitedImage) clearTimeout(this.awaitedImage.timer);
    this.awaitedImage = undefined;
    const first = !this.shownOnce;
    this.shownOnce = true;
    this.watchdog.stop();
    this.requestedImageIndex = undefined;
    this.shownImageIndex = imageIndex;
    this.renderedImageIndex = imageIndex;
    this.reflectImageIndex(imageIndex);
    if (first) {
      if (this.preset) this.requestUpdate('preset', '');
      const requested = this.requestedVoi();
      if (requested && !this.reflectedVoi) this.stack?.applyVoi(requested);
      else {
        const voi = this.stack?.currentVoi();
        if (voi) this.reflectVoi(voi);
      }
      if (this.invert) this.stack?.setInvert(true);
      this.stack?.setPrimaryTool(isPrimaryTool(this.tool) ? this.tool : 'window-level');
      const pending = this.pendingState;
      this.pendingState = undefined;
      if (pending) {
        // The stack opened at the asked image already; the rest of the state is the view.
        const { imageIndex: _opened, ...view } = pending.state;
        this.applyState(view);
      }
    }
    this.dispatchEvent(new DicomImageRenderedEvent({ imageIndex, imageCount: this.imageTotal, imageId }));
  }

  private onVoiChanged(voi: VoiWindow, byUser: boolean): void {
    if (!byUser) return;
    this.reflectVoi(voi);
    this.preset = '';
    this.fireChanged();
  }

  private onImageFailed(failure: ImageFailure, imageIndex: number): void {
    // The image loading waited for ended in an error the reader sees: loading is over, not stalled.
    if (!this.shownOnce && imageIndex === this.shownImageIndex) {
      this.watchdog.stop();
      this.endLoadingAtFailure?.();
    }
    if (this.awaitedImage?.imageIndex === imageIndex) this.showRequested(imageIndex);
    this.failedImages.set(imageIndex, failure.message);
    this.requestUpdate();
    const dataset = this.stackImages?.datasets[imageIndex];
    this.dispatchEvent(
      new DicomErrorEvent({
        kind: failure.kind,
        message: failure.message,
        detail: failure.detail,
        status: failure.status,
        url: failure.url,
        imageIndex,
        sopInstanceUid: dataset ? stringOf(dataset, 'SOPInstanceUID') : undefined,
        frameNumber: this.stackImages?.frameNumbers[imageIndex],
      }),
    );
  }

  /**
   * Stops a series' loading that was switched away from, or whose element left the page while it waited (the
   * task is not aborted then; connecting again reloads): nothing is fetched or shown for an element not there.
   */
  private throwIfGone(signal: AbortSignal): void {
    signal.throwIfAborted();
    if (!this.isConnected) throw new DOMException('The element was removed from the page', 'AbortError');
  }

  private cancelRetrieval(): void {
    this.retrieval?.cancel();
    this.retrieval = undefined;
  }

  /** Forgets the shown series; `keepVoi` keeps a window the page set for the next one. */
  private resetStackState(keepVoi = false): void {
    this.shownImageIndex = 0;
    this.imageTotal = 0;
    this.settledCount = 0;
    this.drawnSettledCount = 0;
    clearTimeout(this.progressTimer);
    this.progressTimer = undefined;
    this.failedImages.clear();
    this.programmaticScrolls.clear();
    this.lastRequestedIndex = -1;
    this.stackImages = undefined;
    this.shownOnce = false;
    this.renderedImageIndex = -1;
    this.showFailure = undefined;
    if (!keepVoi) {
      // The previous series' window (its header's or the reader's) does not carry over: the next opens with its own.
      this.reflectedVoi = undefined;
      this.appliedVoi = undefined;
      this.windowCenter = undefined;
      this.windowWidth = undefined;
    }
  }

  private shownDataset() {
    return this.stackImages?.datasets[this.shownImageIndex];
  }

  /** [row, column] spacing in mm, when the header gives one (PixelSpacing, else ImagerPixelSpacing). */
  private pixelSpacing(): [number, number] | undefined {
    const dataset = this.shownDataset();
    if (!dataset) return undefined;
    const spacing = numbersOf(dataset, 'PixelSpacing');
    if (spacing.length === 2 && spacing.every((value) => value > 0)) return spacing as [number, number];
    const imager = (dataset ? numberOf(dataset, 'ImagerPixelSpacing') : undefined);
    return imager ? [imager, imager] : undefined;
  }

  /** Screen (device) pixels per image pixel when fitted: the zoom overlay shows magnification against 1:1. */
  private fitScale(): number {
    const state = this.stack?.state();
    const mmPerCssPixel = this.stack?.mmPerCssPixel();
    const columnSpacing = this.pixelSpacing()?.[1] ?? 1;
    if (!state || !mmPerCssPixel) return 1;
    // A CSS pixel spans devicePixelRatio device pixels and mmPerCssPixel / columnSpacing image pixels.
    return (columnSpacing * devicePixelRatio) / mmPerCssPixel / state.zoom;
  }

  private cineFps(): number {
    if (this.fps > 0) return this.fps;
    const dataset = this.shownDataset();
    const recommended = (dataset ? numberOf(dataset, 'RecommendedDisplayFrameRate') : undefined);
    if (recommended && recommended > 0) return recommended;
    const frameTime = (dataset ? numberOf(dataset, 'FrameTime') : undefined);
    if (frameTime && frameTime > 0 && (numberOf(dataset ?? {}, 'NumberOfFrames') ?? 1) > 1) return 1000 / frameTime;
    return 10;
  }

  private requestedVoi(): VoiWindow | undefined {
    if (this.windowCenter === undefined || this.windowWidth === undefined) return undefined;
    // PS3.3 C.11.2.1.2.1: the width is at least 1; anything less sets no window.
    if (!Number.isFinite(this.windowCenter) || !Number.isFinite(this.windowWidth) || !(this.windowWidth >= 1)) return undefined;
    return { windowCenter: this.windowCenter, windowWidth: this.windowWidth };
  }

  private isReflectedVoi(): boolean {
    return this.reflectedVoi?.windowCenter === this.windowCenter && this.reflectedVoi?.windowWidth === this.windowWidth;
  }

  private reflectVoi(voi: VoiWindow): void {
    this.reflectedVoi = voi;
    this.appliedVoi = voi;
    this.windowCenter = voi.windowCenter;
    this.windowWidth = voi.windowWidth;
  }

  private reflectImageIndex(imageIndex: number): void {
    this.reflectedImageIndex = imageIndex;
    this.imageIndex = imageIndex;
  }
}

function errorDetail(error: unknown): DicomErrorDetail {
  if (error instanceof DicomwebError) {
    return { kind: error.kind, message: error.message, status: error.status, url: error.url };
  }
  // The engine chunk or its worker failing to load is this page's doing, not the server's: said so in plain words.
  const client = describeClientFailure(error);
  if (client) return client;
  return { kind: 'bad-response', message: error instanceof Error ? error.message : String(error) };
}
