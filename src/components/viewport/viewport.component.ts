import { html, LitElement, type PropertyValues } from 'lit';
import { property, query } from 'lit/decorators.js';
import { TaskStatus } from '@lit/task';
import { ContextConsumer } from '@lit/context';
import type { DicomwebSource } from '../../dicomweb/source.js';
import { DicomwebSourceHolder } from '../shared/dicomweb-source-holder.js';
import { errorDetailOf } from '../shared/error-detail.js';
import { imagingContextKey } from '../shared/imaging-context-key.js';
import { pageImagingContext, type ImagingContext } from '../../imaging/imaging-context.js';
import { defaultCacheMb } from '../../imaging/defaults.js';
import type { ViewportImageData } from '../../imaging/image-readout.js';
import type { PrimaryTool } from '../../tools/primary-tools.js';
import { presetsFor, type WindowPreset } from '../../tools/window-presets.js';
import { stringOf, type DicomJsonDataset } from '../../dicomweb/dicom-json.js';
import type { ViewportState } from '../../events/viewport-changed.js';
import { DicomImageRenderedEvent } from '../../events/image-rendered.js';
import { DicomErrorEvent } from '../../events/error.js';
import { DicomViewportChangedEvent } from '../../events/viewport-changed.js';
import { keyboardCommandOf } from './keyboard-commands.js';
import { changesViewDirectly, checkedCommand, type ViewportCommand } from './viewport-commands.js';
import { carryOutCommand } from './carry-out-command.js';
import { cineFpsOf, pixelSpacingOf } from './overlays/header-values.js';
import { viewportMessageTemplate } from './overlays/viewport-message.js';
import { ViewportOverlays } from './overlays/viewport-overlays.js';
import { ViewStateController, type ViewOrigin } from './controllers/view-state-controller.js';
import { ProgressController } from './controllers/progress-controller.js';
import { SeriesLoadingController } from './controllers/series-loading-controller.js';
import { OverlayPlanesController } from './controllers/overlay-planes-controller.js';
import { ShownImageController } from './controllers/shown-image-controller.js';
import { ViewBindingController } from './controllers/view-binding-controller.js';
import type { StackViewportController } from './stack-viewport-controller.js';
import { StackEventsController } from './controllers/stack-events-controller.js';
import { slabModeOf, VolumeViewController } from './controllers/volume-view-controller.js';
import { loadViewportEngine, type ViewportEngineModule } from './load-viewport-engine.js';
import { optionalNumber } from './optional-number.js';
import { isPrimaryTool } from '../../tools/primary-tools.js';
import { viewportStyles } from './viewport.styles.js';
import type { Theme } from '../shared/theme.styles.js';
import { LocalizeController } from '../shared/localize-controller.js';
import type { Messages } from '../../i18n/messages-en.js';
import type { MeasurementController, MeasurementPlace } from '../../measurements/measurement-controller.js';
import type { SavedMeasurements } from '../../measurements/measurement-reports.js';
import { checkMeasurements, type Measurement } from '../../measurements/measurement.js';

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
 * rotation, flips; a volume plane's focal point, orientation and slab; a volume rendering's camera and preset).
 *
 * Origins: a change of the view is the reader's (`user`: tools, keys, `execute()`), the page's (`programmatic`:
 * properties, methods) or a synchronizer's (`synchronized`: `setViewportState(state, { origin: 'synchronized' })`,
 * `execute(command, { origin: 'synchronized' })`). Only the reader's fire `dicom-viewport-changed`.
 *
 * @event {DicomImageRenderedEvent} dicom-image-rendered - A new image of the stack is on screen; with `orientation`, a volume's first plane (the slice along the view, `imageId` that of an acquired slice, else empty).
 * @event {DicomLoadProgressEvent} dicom-load-progress - Another image of the series was loaded (or failed).
 * @event {DicomViewportChangedEvent} dicom-viewport-changed - The reader changed the view (window/level, zoom, pan, rotation, flip, invert or image), by a tool, a key or `execute()`; never for property sets, other method calls or synchronized changes. `detail` is the `ViewportState`.
 * @event {DicomMeasurementAddedEvent} dicom-measurement-added - The reader drew a measurement; `detail` is its JSON (`measurement.schema.json`).
 * @event {DicomMeasurementChangedEvent} dicom-measurement-changed - The reader edited one (once the edit ends), renamed it, or undid/redid an edit.
 * @event {DicomMeasurementRemovedEvent} dicom-measurement-removed - The reader deleted one (or undid its drawing).
 * @event {Event} dicom-measurements-replaced - `setMeasurements()` / `clearMeasurements()` replaced them, or another series brought its own.
 * @event {DicomMeasurementsLoadedEvent} dicom-measurements-loaded - The study's latest measurement report (DICOM SR) was read after the first image: `detail` says which, how many measurements it gave (read-only until edited) and what it held that could not be shown.
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
 * @cssproperty --dicom-viewport-message-background - Behind the centred message (loading, no study). Defaults to `--dicom-color-surface`.
 * @cssproperty --dicom-viewport-message-color - The centred message's text. Defaults to `--dicom-color-text`.
 * @cssproperty --dicom-viewport-lossy-color - The LOSSY marker. Defaults to `--dicom-color-warning`.
 * @cssproperty --dicom-viewport-font - Overlay font. Defaults to `--dicom-font-overlay`.
 * @cssproperty --dicom-viewport-overlay-plane-color - Overlay planes (60xx), read when an image's planes are drawn. Defaults to `--dicom-color-overlay-plane`, yellow.
 */
export class DicomViewport extends LitElement {
  static override styles = viewportStyles;

  /** The palette: `light`, `dark`, or unset to follow the reader's `prefers-color-scheme` (in a viewer, the viewer's). */
  @property({ reflect: true }) theme: Theme = '';

  private readonly msg = new LocalizeController(this);

  /** Words for this element only (and the parts it shows), over its language's table: a partial `Messages`. */
  @property({ attribute: false }) messages?: Partial<Messages>;

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

  /** Window width of the VOI; reflects the header's until set, and follows user input. Empty, or under 1 (0 or less under LINEAR_EXACT), is no window. */
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

  /**
   * Shows the series as a volume in a plane: `axial`, `sagittal`, `coronal` or `acquisition` (the plane it was
   * acquired in), or `3d`, a volume rendering under `volume-preset`. A series that cannot form a volume (a gap, mixed orientation or size, too few slices) or needs more
   * than `cache-mb` stays a stack, with a notice saying why. Unset: a stack.
   */
  @property({ reflect: true }) orientation = '';

  /** A volume's slab thickness in mm (0: a thin slice), projected as `slab-mode` says. */
  @property({ attribute: 'slab-thickness', type: Number }) slabThickness = 0;

  /** How a slab is projected: `mip` (the brightest voxel, default), `minip` (the darkest) or `average`. */
  @property({ attribute: 'slab-mode' }) slabMode = 'mip';

  /** The preset of a volume rendering (`orientation="3d"`): `bone` (default), `soft-tissue`, `lung` or `angio`. */
  @property({ attribute: 'volume-preset' }) volumePreset = 'bone';

  @query('.canvas') private readonly container!: HTMLDivElement;

  // The element's parts. Each owns one concern; the element composes them and keeps the public API.
  private readonly sources = new DicomwebSourceHolder();
  /** The imaging context a provider (a `<dicom-viewer>`) gives this element; the page's when none does. */
  private readonly providedImaging = new ContextConsumer(this, { context: imagingContextKey });
  /** Which image is named, drawn, failed or awaited, and what the page asked for before the first was shown. */
  private readonly shown = new ShownImageController(this);
  private readonly overlays = new ViewportOverlays(this, {
    shown: this.shown,
    stack: () => this.stack,
    // A rendering's window is its preset's: the window line would say a window nobody sees.
    voi: () => (this.volume.showsRendering ? undefined : this.binding.requestedVoi()),
    noOverlay: () => this.noOverlay,
    hideOverlays: () => this.hideOverlays,
    planeLines: (localizer) => this.volume.planeLines(localizer),
    volumeCamera: () => this.volume.camera(),
    volumeScale: () => this.volume.scale(),
    width: () => (this.volume.active ? this.clientWidth : undefined),
  });
  private readonly viewState = new ViewStateController(
    () => this.stack?.state(),
    (state) => this.dispatchEvent(new DicomViewportChangedEvent(state)),
  );
  /** The view properties written from the view and put on screen when the page sets them. */
  private readonly binding = new ViewBindingController(this, this.viewState, this.shown, () => this.stack);
  private readonly progress = new ProgressController(this, () => this.stackCallbacks.stalled());
  private readonly overlayPlanes = new OverlayPlanesController(this, {
    source: () => this.source,
    shownDataset: () => (this.overlayPlanesShown() ? this.shown.shownDataset() : undefined),
    frameNumber: () => this.shown.shownFrameNumber() ?? 1,
    visible: () => this.overlayPlanesShown(),
    imageToCanvasTransform: (columns, rows) => this.overlays.imageToCanvasTransform(columns, rows),
    // The image is on screen; what it lacks is said, for the shown image.
    onError: (error) => {
      const detail = errorDetailOf(error, this.msg.t);
      this.dispatchEvent(new DicomErrorEvent(this.shown.shownImageError(detail, this.msg.t('viewport.overlayPlanesFailed', { reason: detail.message }))));
    },
  });
  /** What the parts do when the series and the stack viewport move on (the stack viewport controller's callbacks). */
  private readonly stackCallbacks: StackEventsController = new StackEventsController(this, {
    shown: this.shown,
    binding: this.binding,
    viewState: this.viewState,
    progress: this.progress,
    overlays: this.overlays,
    loading: () => this.loading,
    stack: () => this.stack,
    t: (key, params) => this.msg.t(key, params),
  });
  private readonly loading = new SeriesLoadingController(
    this,
    {
      args: () => [this.source, this.study, this.series] as const,
      imaging: () => this.imaging(),
      cacheMb: () => this.cacheMb,
      progress: this.progress,
      starting: () => this.stackCallbacks.seriesStarting(),
      stackKnown: (stack) => this.stackCallbacks.stackKnown(stack),
      // Asked for while the engine came (a property or setViewportState()): still before the first image.
      openingIndex: () => this.stackCallbacks.openingIndex(),
      viewport: (engine) => this.viewportOf(engine),
      container: () => this.container,
      // A state kept while the series loaded (setViewportState() before its first image) is the volume's once shown.
      showOtherwise: async (stack, container, retrieval, signal) => {
        const shown = await this.volume.show(stack, container, retrieval, signal);
        const kept = shown ? this.shown.takePendingState() : undefined;
        if (kept) this.volume.applyState(kept);
        return shown;
      },
      releaseOtherwise: () => this.volume.release(),
      otherwiseFocus: (imageCount) => this.volume.firstFocus(imageCount),
    },
    (error) => this.dispatchEvent(new DicomErrorEvent(errorDetailOf(error, this.msg.t))),
  );
  private readonly volume = new VolumeViewController(this, {
    orientation: () => this.orientation,
    t: (key, params) => this.msg.t(key, params),
    renderingPreset: () => this.volumePreset,
    slab: () => ({ thickness: Number.isFinite(this.slabThickness) ? this.slabThickness : 0, mode: slabModeOf(this.slabMode) }),
    tool: () => (isPrimaryTool(this.tool) ? this.tool : 'window-level'),
    requestedVoi: () => this.binding.requestedVoi(),
    invert: () => this.invert,
    cacheMb: () => this.cacheMb,
    imaging: () => this.imaging(),
    progress: this.progress,
    report: (state) => this.dispatchEvent(new DicomViewportChangedEvent(state)),
    reflectVoi: (voi) => this.binding.reflectVoi(voi),
    reflectPreset: (preset) => (this.volumePreset = preset),
    reflectSlab: ({ thickness, mode }) => {
      this.slabThickness = thickness;
      this.slabMode = mode;
    },
    viewChanged: () => this.overlays.cameraChanged(),
    planeShown: (detail) => this.dispatchEvent(new DicomImageRenderedEvent(detail)),
  });
  /** Made when the engine chunk has loaded (on first connection): until then there is no viewport to drive. */
  private stack?: StackViewportController;
  /** The measurements of the shown stack (src/measurements/measurement-controller.ts); made with the engine. */
  private measurements?: MeasurementController;
  /** Measurements set before the engine was there. */
  private measurementsToSet?: Measurement[];

  constructor() {
    super();
    // The engine chunk starts downloading as soon as there is a viewport, connected or not yet: a page that builds
    // its viewports before it shows them (or shows them later) finds the engine there.
    void loadViewportEngine().catch(() => undefined); // a failure is reported when the element needs the engine
  }

  /** This element's viewport controller and the parts made with it (the measurements), once the engine chunk is there. */
  private viewportOf(engine: ViewportEngineModule): StackViewportController {
    this.stack ??= new engine.StackViewportController(this, this.stackCallbacks, () => this.imaging(), () => this.viewState.origin);
    this.measurements ??= new engine.MeasurementController(this, {
      viewport: () => this.stack?.cornerstoneViewport,
      stack: () => this.shown.stackImages,
      tool: () => this.tool,
      scrollTo: (index) => this.scrollToImage(index),
      source: () => this.source,
      t: (key, params) => this.msg.t(key, params),
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
    return this.shown.imageTotal;
  }

  /** The window presets for the shown image: CT's own for a CT, then the header's windows (`header-1`…). */
  get presets(): WindowPreset[] {
    const dataset = this.shown.shownDataset();
    return presetsFor(dataset ? stringOf(dataset, 'Modality') : undefined, dataset);
  }

  /** Whether cine is playing. */
  get playing(): boolean {
    return this.stack?.playing ?? false;
  }

  /** The speed cine plays at (frames per second): `fps` when set, else the header's recorded rate, else 10. */
  get cineFps(): number {
    return cineFpsOf(this.fps, this.shown.shownDataset());
  }

  /** Shows the image at `index` (0-based, clamped to the stack). */
  scrollToImage(index: number): void {
    this.binding.scrollAs(index, 'programmatic');
  }

  /** Back to the initial camera (fitted, unrotated, unflipped), the header's window/level and no invert. */
  resetView(): void {
    this.binding.resetView();
  }

  /** Chooses the tool of the left mouse button and one finger (as the `tool` attribute does). */
  setTool(tool: PrimaryTool): void {
    this.tool = tool;
  }

  /** Plays the stack (or the frames of a multi-frame instance) as a loop; `framesPerSecond` defaults to `fps`. */
  play(framesPerSecond?: number): void {
    this.stack?.play(framesPerSecond ?? cineFpsOf(this.fps, this.shown.shownDataset()));
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
    this.stack?.actualSize(pixelSpacingOf(this.shown.shownDataset())?.[1] ?? 1);
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
    if (this.volume.active && this.volume.execute(checked, origin)) return;
    this.viewState.run(origin, () => {
      if (this.carryOut(checked, origin) && changesViewDirectly(checked)) this.viewState.changed(origin);
    });
  }

  /** What the viewport shows, or undefined before the first image. */
  getViewportState(): ViewportState | undefined {
    return this.volume.state() ?? this.stack?.state();
  }

  /**
   * Restores a state from `getViewportState()` (any subset of it); never reported as the reader's input. `origin`
   * `synchronized` is for synchronizers: the properties follow the state as they follow the reader's input.
   */
  setViewportState(state: Partial<ViewportState>, { origin = 'programmatic' }: ViewChangeOptions = {}): void {
    if (this.volume.active) return this.volume.applyState(state);
    const key = `${this.study}|${this.series}`;
    if (this.study && (!this.shown.shownOnce || key !== this.loading.key)) {
      // A series is loading, or about to (set with this call): the state is for it, applied once its first image
      // is shown (a camera set now would be the one a new series resets).
      return this.shown.keepState(key, state);
    }
    this.binding.applyState(state, origin === 'user' ? 'programmatic' : origin);
  }

  /** The shown image's values: modality values (rescale applied) for grey images, RGB for colour; undefined before the first image. */
  getImageData(): ViewportImageData | undefined {
    // Only the image the element names: not the previous one while it loads, failed, or of another series.
    if (!this.namedImageShown()) return undefined;
    const dataset = this.shown.shownDataset();
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

  /** Stores the study's measurements on its server as a new DICOM SR (TID 1500) instance; resolves to its UIDs. */
  saveMeasurements(): Promise<SavedMeasurements> {
    return this.measurements ? this.measurements.save() : Promise.reject(new Error('saveMeasurements(): no series is shown'));
  }

  /** Renames a measurement (an arrow's or a label's text); fires `dicom-measurement-changed`. */
  renameMeasurement(id: string, label: string): void {
    this.measurements?.rename(id, label);
  }

  /**
   * Makes a measurement loaded from a stored report (`readOnly`) editable; fires `dicom-measurement-changed`. Throws
   * a `RangeError` for an unknown id.
   */
  unlockMeasurement(id: string): void {
    if (this.measurements) return this.measurements.unlockMeasurement(id);
    const kept = this.measurementsToSet?.find((measurement) => measurement.id === id);
    if (!kept) throw new RangeError(`unlockMeasurement(): no measurement has the id ${JSON.stringify(id)}`);
    delete kept.readOnly;
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
    return this.shown.stackImages?.datasets ?? [];
  }

  /** Where a point in patient coordinates (mm) lies on the canvas, in CSS pixels from its top left; undefined before the first image. */
  worldToCanvas(point: [number, number, number]): [number, number] | undefined {
    const viewport = this.volume.cornerstoneViewport ?? (this.shown.shownOnce ? this.stack?.cornerstoneViewport : undefined);
    if (!viewport) return undefined;
    const [x, y] = viewport.worldToCanvas(point);
    return [x, y];
  }

  /** The patient coordinates (mm) of a canvas point (CSS pixels from its top left) on the plane shown; undefined before the first image. */
  canvasToWorld(point: [number, number]): [number, number, number] | undefined {
    const viewport = this.volume.cornerstoneViewport ?? (this.shown.shownOnce ? this.stack?.cornerstoneViewport : undefined);
    if (!viewport) return undefined;
    const [x, y, z] = viewport.canvasToWorld(point);
    return [x, y, z];
  }

  /** Reloads the series (after a network failure, or an expired token was renewed). */
  reload(): void {
    void this.loading.task.run();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The first viewport on the page fetches the engine; the others find it loaded.
    void this.loading.loadEngineModule().then((engine) => {
      if (this.isConnected) engine.setCacheBudget(this.imaging(), this, this.cacheMb);
    });
    // Moved in the page: the controller freed the viewport on disconnect, so show the series again.
    if (this.hasUpdated && this.loading.task.status !== TaskStatus.INITIAL) this.reload();
  }

  override disconnectedCallback(): void {
    // The viewport goes with the element (the controller frees it); the view comes back when it is connected again.
    const state = this.shown.shownOnce ? this.stack?.state() : undefined;
    if (state) this.shown.pendingState = { key: `${this.study}|${this.series}`, state };
    super.disconnectedCallback();
    this.loading.cancelRetrieval();
    this.loading.engineModule?.releaseCacheBudget(this.imaging(), this);
    // Asked for again on connection: a provider answers, or the page's applies (the consumer keeps an old answer).
    this.providedImaging.value = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.binding.willUpdate(changed);
  }

  protected override updated(changed: PropertyValues<this>): void {
    this.binding.updated(changed);
    // Between a stack and a volume: the series is shown again the other way.
    if (changed.get('orientation') !== undefined && this.volume.needsReload()) this.reload();
    if (changed.has('cacheMb') && this.isConnected) this.loading.engineModule?.setCacheBudget(this.imaging(), this, this.cacheMb);
  }

  protected override render() {
    return html`
      <div part="base" class="base">
        <div
          part="canvas"
          class=${this.shown.overlaysMatchCanvas() ? 'canvas' : 'canvas canvas--blank'}
          tabindex="0"
          role="img"
          aria-label=${this.overlays.accessibleName(this.msg)}
          @contextmenu=${(event: Event) => event.preventDefault()}
          @keydown=${this.onKeyDown}
        ></div>
        <div class="focus-ring"></div>
        ${this.volume.renderNotice(this.msg)}
        ${this.overlayPlanes.render()}
        ${this.overlays.render(this.msg)} ${this.progress.render(this.msg.t)} ${viewportMessageTemplate(this.loading.task, !!this.source, !!this.study, this.shown, this.msg.t)}
      </div>
    `;
  }

  private imaging(): ImagingContext {
    return this.providedImaging.value ?? pageImagingContext(this.ownerDocument);
  }

  /** Carries out a checked command; false when it had nothing to act on. */
  private carryOut(command: ViewportCommand, origin: ViewOrigin): boolean {
    const { binding } = this;
    const parts = { shownImageIndex: this.shown.shownImageIndex, stack: this.stack, scrollAs: binding.scrollAs.bind(binding), showVoi: binding.showVoi.bind(binding) };
    return carryOutCommand(this, parts, command, origin);
  }

  /**
   * Whether the canvas shows the image the element names (the series' image at `imageIndex`, loaded): read-outs
   * answer only then, never from the previous image or series under the new one's name.
   */
  private namedImageShown(): boolean {
    return this.shown.overlaysMatchCanvas() && (this.stack?.showsCurrentImage() ?? false);
  }

  private overlayPlanesShown(): boolean {
    return this.overlays.shows('overlay-planes') && this.shown.overlaysMatchCanvas();
  }

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    const command = keyboardCommandOf(event);
    if (!command || !this.shown.imageTotal) return;
    event.preventDefault();
    this.execute(command);
  };
}
