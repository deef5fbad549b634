import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { property, query, state } from 'lit/decorators.js';
import { TaskStatus } from '@lit/task';
import { ContextConsumer } from '@lit/context';
import { DicomwebError } from '../../dicomweb/errors.js';
import type { DicomwebSource } from '../../dicomweb/source.js';
import { DicomwebSourceHolder } from '../shared/dicomweb-source-holder.js';
import { imagingContextKey } from '../shared/imaging-context-key.js';
import { pageImagingContext, type ImagingContext } from '../../imaging/imaging-context.js';
import type { StackImages } from '../../imaging/stack-frames.js';
import { defaultCacheMb } from '../../imaging/defaults.js';
import type { ViewportImageData } from '../../imaging/image-readout.js';
import { imageToCanvasMatrix, worldOfImagePoint } from '../../imaging/image-to-canvas.js';
import type { ImageFailure } from '../../imaging/image-failure.js';
import { describeClientFailure } from '../../imaging/client-failure.js';
import { isPrimaryTool, type PrimaryTool } from '../../tools/primary-tools.js';
import { presetsFor, type WindowPreset } from '../../tools/window-presets.js';
import { stringOf, type DicomJsonDataset } from '../../dicomweb/dicom-json.js';
import { sameVoiWindow, voiWindowOf, type VoiWindow } from '../../dicom/voi-window.js';
import type { ViewportState } from '../../events/viewport-changed.js';
import { DicomErrorEvent, type DicomErrorDetail } from '../../events/error.js';
import { DicomImageRenderedEvent } from '../../events/image-rendered.js';
import { DicomViewportChangedEvent } from '../../events/viewport-changed.js';
import { keyboardCommandOf } from './keyboard-commands.js';
import { changesViewDirectly, checkedCommand, toggledOverlays, type ViewportCommand } from './viewport-commands.js';
import { overlayTextOf } from './overlay-text.js';
import { cineFpsOf, geometryKeyOf, pixelSpacingOf } from './overlays/header-values.js';
import { overlayModelOf, overlayShown, viewOverlayModelOf, type ViewOverlayModel } from './overlays/overlay-model.js';
import { overlaysTemplate } from './overlays/overlay-templates.js';
import { ViewStateController, type ViewOrigin } from './controllers/view-state-controller.js';
import { ProgressController } from './controllers/progress-controller.js';
import { SeriesLoadingController } from './controllers/series-loading-controller.js';
import { OverlayPlanesController } from './controllers/overlay-planes-controller.js';
import type { StackViewportCallbacks, StackViewportController } from './stack-viewport-controller.js';
import { loadViewportEngine, type ViewportEngine } from './load-viewport-engine.js';
import { viewportStyles } from './viewport.styles.js';
import type { MeasurementController, MeasurementPlace } from '../../measurements/measurement-controller.js';
import { checkMeasurements, type Measurement } from '../../measurements/measurement.js';

/**
 * How long loading may go on with no request outstanding and nothing happening before it counts as failed (ms):
 * a failure Cornerstone swallows (a metadata provider or a decoder that throws inside its promise chain, a worker
 * that never starts) would otherwise leave "Loading series…" for ever.
 */
const stallMs = 15_000;

/** How long the overlays wait for a decoded image asked for to be drawn before they name it over a blank canvas (ms). */
const awaitShownMs = 100;

/** A number attribute whose absence, emptiness or non-number means unset (Lit's Number converter makes "" 0). */
const optionalNumber = {
  fromAttribute(value: string | null): number | undefined {
    if (value === null || value.trim() === '') return undefined;
    const number = Number(value);
    return Number.isFinite(number) ? number : undefined;
  },
};

/** How `setViewportState()` and `execute()` are told whose change they make (see the class comment, Origins). */
export interface ViewChangeOptions {
  origin?: ViewOrigin;
}

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
 * Commands: `execute(command)` carries out one of the viewport's commands (`ViewportCommand`: scroll, scroll-to, tool,
 * zoom, pan, fit, actual-size, rotate, flip, invert, window-preset, toggle-overlay, reset, cine), the vocabulary
 * the keyboard uses and a toolbar can use; as the reader's input unless `origin` says otherwise.
 *
 * Overlay planes (60xx, PS3.3 C.9.2) are drawn over the image in its own pixel grid, so they follow zoom, pan,
 * rotation and flips; their Overlay Data is retrieved (bulk data) when their image is shown.
 *
 * Reading values: `getImageData()` returns the shown image's values (modality values, PS3.3 C.11.1, for grey
 * images; RGB for colour ones) and `getPixelValue(x, y)` one pixel's, so an integrator can measure what the reader
 * sees. `getViewportState()` / `setViewportState()` save and restore the view (image, window, invert, zoom, pan,
 * rotation, flips).
 *
 * Origins: a change of the view is the reader's (`user`: tools, keys, `execute()`), the page's (`programmatic`:
 * properties, methods) or a synchronizer's (`synchronized`: `setViewportState(state, { origin: 'synchronized' })`,
 * `execute(command, { origin: 'synchronized' })`). Only the reader's fire `dicom-viewport-changed`.
 *
 * @event {DicomImageRenderedEvent} dicom-image-rendered - A new image of the stack is on screen.
 * @event {DicomLoadProgressEvent} dicom-load-progress - Another image of the series was loaded (or failed).
 * @event {DicomViewportChangedEvent} dicom-viewport-changed - The reader changed the view (window/level, zoom, pan, rotation, flip, invert or image), by a tool, a key or `execute()`; never for property sets, other method calls or synchronized changes. `detail` is the `ViewportState`.
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
  /** Bumped when the camera changes, so the overlays that depend on it (zoom, scale bar, markers) render again. */
  @state() private cameraVersion = 0;
  /** The stack position whose image is on screen (the named image is shown when it equals shownImageIndex). */
  @state() private renderedImageIndex = -1;
  /** The series loaded but its first image never came on screen (the watchdog said so after the load ended). */
  @state() private showFailure?: DicomErrorDetail;
  private readonly failedImages = new Map<number, string>();
  private stackImages?: StackImages;
  private shownOnce = false;
  /** The image index the page asked for before the series' first image was shown (property, method or state). */
  private requestedImageIndex?: number;
  /**
   * A state to apply once the series' first image is shown: set by setViewportState() while the series loads, or
   * kept when the element leaves the page, so that moving it in the page keeps the view.
   */
  private pendingState?: { key: string; state: Partial<ViewportState> };
  /** The image asked for whose drawing the overlays wait for (see imageRequested), and the wait's limit. */
  private awaitedImage?: { imageIndex: number; timer: ReturnType<typeof setTimeout> };

  @query('.canvas') private readonly container!: HTMLDivElement;

  // The element's parts. Each owns one concern; the element composes them and keeps the public API.
  private readonly sources = new DicomwebSourceHolder();
  /** The imaging context a provider (a `<dicom-viewer>`) gives this element; the page's when none does. */
  private readonly providedImaging = new ContextConsumer(this, { context: imagingContextKey });
  private readonly viewState = new ViewStateController(
    () => this.stack?.state(),
    (state) => this.dispatchEvent(new DicomViewportChangedEvent(state)),
  );
  private readonly progress = new ProgressController(this, stallMs, () => this.onStalled());
  private readonly overlayPlanes = new OverlayPlanesController(this, {
    source: () => this.source,
    shownDataset: () => (this.overlayShown('overlay-planes') && this.overlaysMatchCanvas() ? this.shownDataset() : undefined),
    frameNumber: () => this.stackImages?.frameNumbers[this.shownImageIndex] ?? 1,
    visible: () => this.overlayShown('overlay-planes') && this.overlaysMatchCanvas(),
    imageToCanvasTransform: (columns, rows) => this.imageToCanvasTransform(columns, rows),
    onError: (error) => {
      // The image is on screen; what it lacks is said, for the shown image.
      const dataset = this.shownDataset();
      const detail = errorDetail(error);
      this.dispatchEvent(
        new DicomErrorEvent({
          ...detail,
          message: `The overlay planes could not be loaded: ${detail.message}`,
          imageIndex: this.shownImageIndex,
          sopInstanceUid: dataset ? stringOf(dataset, 'SOPInstanceUID') : undefined,
        }),
      );
    },
  });
  private readonly loading = new SeriesLoadingController(
    this,
    {
      args: () => [this.source, this.study, this.series] as const,
      imaging: () => this.imaging(),
      cacheMb: () => this.cacheMb,
      progress: this.progress,
      starting: () => this.seriesStarting(),
      stackKnown: (stack) => this.stackKnown(stack),
      openingIndex: () => {
        // Asked for while the engine came (a property or setViewportState()): still before the first image.
        const start = this.firstImageIndex();
        this.viewState.expectScroll(start, 'programmatic');
        return start;
      },
      viewport: (engine) => this.viewportOf(engine),
      container: () => this.container,
    },
    (error) => this.dispatchEvent(new DicomErrorEvent(errorDetail(error))),
  );
  /** Made when the engine chunk has loaded (on first connection): until then there is no viewport to drive. */
  private stack?: StackViewportController;
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
      const origin = this.viewState.imageRequested(imageIndex, (this.stack?.playing ?? false) || !this.shownOnce);
      if (origin) this.viewState.changed(origin);
    },
    imageShown: (imageIndex, imageId) => this.onImageShown(imageIndex, imageId),
    voiChanged: (voi, origin) => {
      if (origin === 'programmatic') return;
      this.reflectVoi(voi);
      if (origin === 'user') this.preset = '';
      this.viewState.changed(origin);
    },
    imageSettled: (loaded, failed) => this.progress.imageSettled(loaded, failed),
    imageFailed: (failure, imageIndex) => this.onImageFailed(failure, imageIndex),
    cameraChanged: (origin) => {
      this.cameraVersion += 1;
      this.viewState.changed(origin);
    },
  };

  constructor() {
    super();
    // The engine chunk starts downloading as soon as there is a viewport, connected or not yet: a page that builds
    // its viewports before it shows them (or shows them later) finds the engine there.
    void loadViewportEngine().catch(() => undefined); // a failure is reported when the element needs the engine
  }

  /** This element's viewport controller and the parts made with it (the measurements), once the engine chunk is there. */
  private viewportOf(engine: ViewportEngine): StackViewportController {
    this.stack ??= new engine.StackViewportController(this, this.stackCallbacks, () => this.imaging(), () => this.viewState.origin);
    this.measurements ??= new engine.MeasurementController(this, {
      viewport: () => this.stack?.cornerstoneViewport,
      stack: () => this.stackImages,
      tool: () => this.tool,
      scrollTo: (index) => this.scrollToImage(index),
    });
    return this.stack;
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
    return this.loading.chosenSeries;
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
    this.scrollAs(index, 'programmatic');
  }

  /** Back to the initial camera (fitted, unrotated, unflipped), the header's window/level and no invert. */
  resetView(): void {
    this.viewState.forgetReflectedVoi();
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
    this.stack?.play(framesPerSecond ?? cineFpsOf(this.fps, this.shownDataset()));
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
    this.stack?.actualSize(pixelSpacingOf(this.shownDataset())?.[1] ?? 1);
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

  /**
   * Carries out a command (`ViewportCommand`) as the reader's input (`dicom-viewport-changed` follows a change of
   * the view), or with the `origin` given. A malformed command throws a TypeError that says what is wrong; a view
   * command before the first image does nothing.
   */
  execute(command: ViewportCommand, { origin = 'user' }: ViewChangeOptions = {}): void {
    const checked = checkedCommand(command);
    this.viewState.run(origin, () => {
      if (this.carryOut(checked, origin) && changesViewDirectly(checked)) this.viewState.changed(origin);
    });
  }

  /** What the viewport shows, or undefined before the first image. */
  getViewportState(): ViewportState | undefined {
    return this.stack?.state();
  }

  /**
   * Restores a state from `getViewportState()` (any subset of it); never reported as the reader's input. `origin`
   * `synchronized` is for synchronizers: the properties follow the state as they follow the reader's input.
   */
  setViewportState(state: Partial<ViewportState>, { origin = 'programmatic' }: ViewChangeOptions = {}): void {
    const key = `${this.study}|${this.series}`;
    if (this.study && (!this.shownOnce || key !== this.loading.key)) {
      // A series is loading, or about to (set with this call): the state is for it, applied once its first image
      // is shown (a camera set now would be the one a new series resets).
      const earlier = this.pendingState?.key === key ? this.pendingState.state : {};
      this.pendingState = { key, state: { ...earlier, ...state } };
      if (state.imageIndex !== undefined) this.requestedImageIndex = Math.max(0, Math.trunc(state.imageIndex) || 0);
      return;
    }
    this.applyState(state, origin === 'user' ? 'programmatic' : origin);
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
    void loadViewportEngine()
      .then((engine) => {
        this.viewportOf(engine);
        if (this.measurementsToSet) this.measurements!.set(this.measurementsToSet.splice(0));
      })
      .catch(() => undefined); // a failure is reported when the element needs the engine
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

  // For a container of viewports (`<dicom-viewer>`'s synchronizers and reference lines): the stack's headers and
  // where a patient point lies on the canvas.

  /** The header of each image of the stack, in stack order (one per frame); empty before the series is known. */
  get imageDatasets(): readonly DicomJsonDataset[] {
    return this.stackImages?.datasets ?? [];
  }

  /** Where a point in patient coordinates (mm) lies on the canvas, in CSS pixels from its top left; undefined before the first image. */
  worldToCanvas(point: [number, number, number]): [number, number] | undefined {
    const viewport = this.shownOnce ? this.stack?.cornerstoneViewport : undefined;
    if (!viewport) return undefined;
    const [x, y] = viewport.worldToCanvas(point);
    return [x, y];
  }

  /** Reloads the series (after a network failure, or an expired token was renewed). */
  reload(): void {
    void this.loading.task.run();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The first viewport on the page fetches the engine; the others find it loaded.
    void this.loading.loadEngine().then((engine) => {
      if (this.isConnected) engine.setCacheBudget(this.imaging(), this, this.cacheMb);
    });
    // Moved in the page: the controller freed the viewport on disconnect, so show the series again.
    if (this.hasUpdated && this.loading.task.status !== TaskStatus.INITIAL) this.reload();
  }

  override disconnectedCallback(): void {
    // The viewport goes with the element (the controller frees it); the view comes back when it is connected again.
    const state = this.shownOnce ? this.stack?.state() : undefined;
    if (state) this.pendingState = { key: `${this.study}|${this.series}`, state };
    if (this.awaitedImage) clearTimeout(this.awaitedImage.timer);
    this.awaitedImage = undefined;
    super.disconnectedCallback();
    this.loading.cancelRetrieval();
    this.loading.engine?.releaseCacheBudget(this.imaging(), this);
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
    // Properties the page set (not the ones this element reflected) are the page's changes of the view.
    const requestedVoi = this.requestedVoi();
    if ((changed.has('windowCenter') || changed.has('windowWidth')) && requestedVoi && !this.viewState.isReflectedVoi(this.windowCenter, this.windowWidth)) {
      this.viewState.forgetReflectedVoi();
      this.viewState.appliedVoi = requestedVoi;
      this.stack?.applyVoi(requestedVoi);
    }
    if (changed.has('imageIndex') && !this.viewState.isReflectedImageIndex(this.imageIndex)) {
      this.viewState.reflectImageIndex(this.imageIndex);
      this.scrollToImage(this.imageIndex);
    }
    if (changed.has('tool')) this.stack?.setPrimaryTool(isPrimaryTool(this.tool) ? this.tool : 'window-level');
    if (changed.has('invert') && this.stack?.invert !== this.invert) this.stack?.setInvert(this.invert);
    if (changed.has('cacheMb') && this.isConnected) this.loading.engine?.setCacheBudget(this.imaging(), this, this.cacheMb);
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
        ${this.overlayPlanes.render()}
        ${guard(
          // Progress ticks (one an image while a series loads) leave the overlays as they are.
          [this.imageTotal, this.shownImageIndex, this.renderedImageIndex, this.shownOnce, this.stackImages, this.cameraVersion, this.windowCenter, this.windowWidth, this.noOverlay, this.hideOverlays],
          () => this.renderOverlays(),
        )}
        ${this.progress.render()} ${this.renderMessage()}
      </div>
    `;
  }

  private imaging(): ImagingContext {
    return this.providedImaging.value ?? pageImagingContext(this.ownerDocument);
  }

  /** Carries out a checked command; false when it had nothing to act on. */
  private carryOut(command: ViewportCommand, origin: ViewOrigin): boolean {
    switch (command.kind) {
      case 'tool':
        this.tool = command.tool;
        return true;
      case 'toggle-overlay':
        // Not part of the view's state: a toggle of what `hide-overlays` hides.
        this.hideOverlays = toggledOverlays(this.hideOverlays, command.overlay);
        return true;
    }
    if (!this.imageTotal) return false;
    switch (command.kind) {
      case 'scroll':
        return this.scrollAs(this.shownImageIndex + command.by, origin);
      case 'scroll-to':
        return this.scrollAs(command.to === 'first' ? 0 : command.to === 'last' ? this.imageTotal - 1 : command.to, origin);
      case 'zoom':
        this.stack?.zoomBy(command.factor);
        return true;
      case 'pan':
        this.stack?.panBy(command.by);
        return true;
      case 'fit':
        this.fitToWindow();
        return true;
      case 'actual-size':
        this.actualSize();
        return true;
      case 'rotate':
        this.rotate(command.degrees);
        return true;
      case 'flip':
        this.stack?.flip(command.direction);
        return true;
      case 'invert':
        this.invert = !this.invert;
        this.stack?.setInvert(this.invert);
        return true;
      case 'reset':
        this.resetView();
        return true;
      case 'cine':
        if (command.play ?? !this.playing) this.play();
        else this.pause();
        return true;
      case 'window-preset': {
        const preset = 'id' in command ? this.presets.find((candidate) => candidate.id === command.id) : this.presets[command.index];
        if (!preset) return false;
        this.preset = preset.id;
        const voi = { windowCenter: preset.windowCenter, windowWidth: preset.windowWidth };
        this.reflectVoi(voi);
        this.stack?.applyVoi(voi);
        return true;
      }
    }
  }

  /** Shows the image at `index` (clamped); its arrival is the origin's change of the view. */
  private scrollAs(index: number, origin: ViewOrigin): boolean {
    // Before the series' first image: the image to open it at.
    if (!this.shownOnce && origin !== 'user') this.requestedImageIndex = Math.max(0, Math.trunc(index) || 0);
    if (!this.imageTotal) return false;
    const clamped = Math.min(Math.max(0, Math.trunc(index)), this.imageTotal - 1);
    if (clamped !== this.shownImageIndex) this.viewState.expectScroll(clamped, origin);
    this.stack?.scrollTo(clamped);
    return true;
  }

  private applyState(state: Partial<ViewportState>, origin: ViewOrigin): void {
    if (origin === 'programmatic') {
      // Through the properties, as a page sets them.
      if (state.windowCenter !== undefined && state.windowWidth !== undefined) {
        this.windowCenter = state.windowCenter;
        this.windowWidth = state.windowWidth;
      }
      if (state.invert !== undefined) this.invert = state.invert;
      if (state.imageIndex !== undefined) this.scrollToImage(state.imageIndex);
      this.stack?.applyCamera(state);
      return;
    }
    // Another viewport's view carried over: put on screen and reflected, as the reader's input is, and not reported.
    this.viewState.run(origin, () => {
      const voi = voiWindowOf(state.windowCenter, state.windowWidth);
      if (voi) {
        this.reflectVoi(voi);
        this.stack?.applyVoi(voi);
      }
      if (state.invert !== undefined) {
        this.invert = state.invert;
        this.stack?.setInvert(state.invert);
      }
      if (state.imageIndex !== undefined) this.scrollAs(state.imageIndex, origin);
      this.stack?.applyCamera(state);
    });
  }

  /** A series starts loading (or none is to be shown): the shown one is forgotten, what the page asked for kept. */
  private seriesStarting(): void {
    // Read before anything else: an index the page set with this series (or before the first), not one this
    // element reflected from the previous series.
    const askedIndex = !this.viewState.isReflectedImageIndex(this.imageIndex) ? this.imageIndex : undefined;
    const requestedVoi = this.requestedVoi();
    const voiAsked = requestedVoi !== undefined && !sameVoiWindow(requestedVoi, this.viewState.appliedVoi);
    if (this.pendingState && this.pendingState.key !== this.loading.key) this.pendingState = undefined;
    this.resetStackState(voiAsked);
    this.requestedImageIndex = askedIndex ?? this.pendingState?.state.imageIndex;
    this.reflectImageIndex(Math.max(0, Math.trunc(this.requestedImageIndex ?? 0) || 0));
  }

  /** The series' images are known: the index the stack opens at. */
  private stackKnown(stack: StackImages): number {
    this.stackImages = stack;
    this.imageTotal = stack.imageIds.length;
    this.progress.reset(this.imageTotal);
    const first = this.firstImageIndex();
    this.reflectImageIndex(first);
    this.shownImageIndex = first;
    return first;
  }

  /**
   * Loading stalled before the first image came on screen: while the load runs, it fails; after it (the stack was
   * handed to Cornerstone, which never drew it), the series fails the same way, with an error in the element.
   */
  private onStalled(): void {
    if (this.loading.stall() || this.shownOnce) return;
    this.loading.release(this.stack);
    const detail: DicomErrorDetail = {
      kind: 'bad-response',
      message: 'The series could not be shown: its first image was loaded but never drawn (its metadata or decoding failed).',
      url: this.source && this.study ? this.source.seriesUrl(this.study, this.loading.chosenSeries) : undefined,
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

  private overlayShown(name: Parameters<typeof overlayShown>[0]): boolean {
    return overlayShown(name, this.noOverlay, this.hideOverlays);
  }

  private renderOverlays() {
    const dataset = this.shownDataset();
    const model = overlayModelOf({
      dataset,
      // The shown image's transfer syntax: the frame's as it came, else the one the metadata names.
      transferSyntaxUid: this.stack?.shownTransferSyntax() ?? (dataset ? (stringOf(dataset, 'AvailableTransferSyntaxUID') ?? stringOf(dataset, 'TransferSyntaxUID')) : undefined),
      imageIndex: this.shownImageIndex,
      imageCount: this.imageTotal,
      frameNumber: this.stackImages?.frameNumbers[this.shownImageIndex],
      voi: this.requestedVoi(),
      noOverlay: this.noOverlay,
      hideOverlays: this.hideOverlays,
    });
    return overlaysTemplate(model, this.cameraKey(), () => this.viewOverlayModel());
  }

  /**
   * What the zoom, scale bar and markers depend on: the camera and the shown image's geometry, which stay put while
   * a stack scrolls, so scrolling does not recompute them (each asks Cornerstone's camera) on every image.
   */
  private cameraKey(): unknown[] {
    return [this.cameraVersion, this.shownOnce, geometryKeyOf(this.shownDataset())];
  }

  private viewOverlay?: { key: string; model: ViewOverlayModel };

  /** The camera-bound overlays, worked out once for each camera key. */
  private viewOverlayModel(): ViewOverlayModel {
    const key = JSON.stringify(this.cameraKey());
    if (this.viewOverlay?.key === key) return this.viewOverlay.model;
    const dataset = this.shownDataset();
    const shown = this.shownOnce ? this.stack : undefined;
    const zoom = shown?.state()?.zoom;
    const model = viewOverlayModelOf({
      dataset,
      magnification: zoom ? zoom * this.fitScale() : undefined,
      mmPerCssPixel: shown && pixelSpacingOf(dataset) ? shown.mmPerCssPixel() : undefined,
      width: this.stack?.width ?? 0,
      camera: shown?.camera(),
    });
    this.viewOverlay = { key, model };
    return model;
  }

  private renderMessage() {
    return this.loading.task.render({
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
    this.execute(command);
  };

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
    this.progress.stopStallWatch();
    this.requestedImageIndex = undefined;
    this.shownImageIndex = imageIndex;
    this.renderedImageIndex = imageIndex;
    this.reflectImageIndex(imageIndex);
    if (first) {
      if (this.preset) this.requestUpdate('preset', '');
      const requested = this.requestedVoi();
      if (requested && !this.viewState.hasReflectedVoi) this.stack?.applyVoi(requested);
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
        this.applyState(view, 'programmatic');
      }
    }
    this.dispatchEvent(new DicomImageRenderedEvent({ imageIndex, imageCount: this.imageTotal, imageId }));
  }

  private onImageFailed(failure: ImageFailure, imageIndex: number): void {
    // The image loading waited for ended in an error the reader sees: loading is over, not stalled.
    if (!this.shownOnce && imageIndex === this.shownImageIndex) {
      this.progress.stopStallWatch();
      this.loading.firstImageFailed();
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

  /** Forgets the shown series; `keepVoi` keeps a window the page set for the next one. */
  private resetStackState(keepVoi = false): void {
    this.shownImageIndex = 0;
    this.imageTotal = 0;
    this.progress.reset();
    this.failedImages.clear();
    this.viewState.seriesChanged(keepVoi);
    this.stackImages = undefined;
    this.shownOnce = false;
    this.renderedImageIndex = -1;
    this.showFailure = undefined;
    if (!keepVoi) {
      // The previous series' window (its header's or the reader's) does not carry over: the next opens with its own.
      this.windowCenter = undefined;
      this.windowWidth = undefined;
    }
  }

  private shownDataset() {
    return this.stackImages?.datasets[this.shownImageIndex];
  }

  /** Screen (device) pixels per image pixel when fitted: the zoom overlay shows magnification against 1:1. */
  private fitScale(): number {
    const state = this.stack?.state();
    const mmPerCssPixel = this.stack?.mmPerCssPixel();
    const columnSpacing = pixelSpacingOf(this.shownDataset())?.[1] ?? 1;
    if (!state || !mmPerCssPixel) return 1;
    // A CSS pixel spans devicePixelRatio device pixels and mmPerCssPixel / columnSpacing image pixels.
    return (columnSpacing * devicePixelRatio) / mmPerCssPixel / state.zoom;
  }

  /** The window the properties ask for, when they make one. */
  private requestedVoi(): VoiWindow | undefined {
    return voiWindowOf(this.windowCenter, this.windowWidth);
  }

  /** Writes a window the view shows into the properties (they follow the header's, the reader's, a synchronizer's). */
  private reflectVoi(voi: VoiWindow): void {
    this.viewState.reflectVoi(voi);
    this.windowCenter = voi.windowCenter;
    this.windowWidth = voi.windowWidth;
  }

  private reflectImageIndex(imageIndex: number): void {
    this.viewState.reflectImageIndex(imageIndex);
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
