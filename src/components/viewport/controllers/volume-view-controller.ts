// A <dicom-viewport>'s volume path: with `orientation` set, a series that forms a volume (volume-geometry.ts) and fits
// the memory budget is shown in that plane by a volume viewport (src/imaging/viewports/volume-viewport.ts, a chunk of
// its own, fetched only when a volume is shown) instead of the stack viewport; any other series stays a stack, with a
// notice saying why. Owns the volume view: its orientation, slab, tool, window and state, and freeing it.
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { ImagingContext } from '../../../imaging/imaging-context.js';
import type { StackImages } from '../../../imaging/stack-frames.js';
import type { StackFrameRetrieval } from '../../../imaging/stack-frame-retrieval.js';
import { bytesPerVoxelOf, sliceGeometryOf, volumeBytesOf, volumeGeometryOf } from '../../../imaging/volume-geometry.js';
import type { Decimation } from '../../../imaging/volume-decimation.js';
import type { Slab, SlabMode, VolumeOrientation, VolumeView } from '../../../imaging/viewports/volume-viewport.js';
import type { ViewportState } from '../../../events/viewport-changed.js';
import type { VoiWindow } from '../../../dicom/voi-window.js';
import type { ToolName } from '../../../tools/tool-registry.js';
import type { ViewportCommand } from '../viewport-commands.js';
import type { ViewOrigin } from './view-state-controller.js';
import type { Localizer, Translate } from '../../../i18n/localizer.js';
import { volumeRefusalMessage } from '../../../i18n/volume-notice-message.js';
import type { ProgressController } from './progress-controller.js';
import { volumeRenderingLines } from '../overlays/volume-rendering-text.js';

type VolumeModule = typeof import('../../../imaging/viewports/volume-viewport.js');
type RenderingModule = typeof import('../../../imaging/viewports/volume-rendering.js');
type VolumeRendering = Awaited<ReturnType<RenderingModule['showVolumeRendering']>>;
type OpsModule = typeof import('../../../imaging/viewports/viewport-ops.js');
type PlaneTextModule = typeof import('../overlays/volume-plane-text.js');

/** What the volume path reads of its element. */
export interface VolumeViewParts {
  orientation(): string;
  /** The 3D rendering's preset (`bone`, `soft-tissue`, `lung`, `angio`). */
  renderingPreset(): string;
  /** The element's messages in its current language (read when drawn: a change of language shows at the next draw). */
  t: Translate;
  slab(): Slab;
  tool(): ToolName;
  /** The window the page asked for, if any. */
  requestedVoi(): VoiWindow | undefined;
  invert(): boolean;
  cacheMb(): number;
  imaging(): ImagingContext;
  progress: ProgressController;
  /** A state set another preset on the rendering: the element's `volume-preset` follows it. */
  reflectPreset(preset: string): void;
  /** The reader's or a state's slab: the element's `slab-thickness` and `slab-mode` follow it. */
  reflectSlab(slab: Slab): void;
  /** The reader changed the view: fires `dicom-viewport-changed` with the state. */
  report(state: ViewportState): void;
  /** Writes the window shown into the element's window properties (they follow the reader's and a synchronizer's). */
  reflectVoi(voi: VoiWindow): void;
  /** The view moved or its window changed (by anyone): the overlays follow. */
  viewChanged(): void;
  /** A volume's plane is on screen for the first time (slice `imageIndex` of `imageCount` along the view). */
  planeShown(detail: { imageIndex: number; imageCount: number; imageId: string }): void;
}

const orientations = new Set(['axial', 'sagittal', 'coronal', 'acquisition']);
/** The `orientation` that asks for a volume rendering instead of a plane. */
const rendering3d = '3d';

/** `slab-mode`'s value as a mode (MIP unless it names another). */
export function slabModeOf(value: string | undefined): SlabMode {
  return value === 'minip' || value === 'average' ? value : 'mip';
}

let volumeModule: Promise<[VolumeModule, OpsModule, PlaneTextModule]> | undefined;
let renderingModule: Promise<RenderingModule> | undefined;

/** The volume viewport's chunk: fetched the first time a page shows a volume. */
function loadVolumeModule(): Promise<[VolumeModule, OpsModule, PlaneTextModule]> {
  volumeModule ??= Promise.all([import('../../../imaging/viewports/volume-viewport.js'), import('../../../imaging/viewports/viewport-ops.js'), import('../overlays/volume-plane-text.js')]);
  return volumeModule;
}

/** Everything a volume view needs of its own: the decimation plan and the view's chunk (or the rendering's), at once. */
function loadVolumeCode(rendering: boolean): Promise<unknown> {
  return Promise.all([import('../../../imaging/volume-decimation.js'), rendering ? loadRenderingModule() : loadVolumeModule()]);
}

function loadRenderingModule(): Promise<RenderingModule> {
  renderingModule ??= import('../../../imaging/viewports/volume-rendering.js');
  return renderingModule;
}

export class VolumeViewController implements ReactiveController {
  /** Why the shown series is a stack although `orientation` asks for a plane (or how it was thinned), in a reader's language. */
  private notice?: (localizer: Localizer) => string;
  private view?: VolumeView;
  private rendering?: VolumeRendering;
  private shownPreset = '';
  /** The rendering chunk's check of a preset's name, once it is loaded. */
  private isRenderingPreset?: RenderingModule['isRenderingPreset'];
  private ops?: OpsModule;
  private planeText?: PlaneTextModule;
  private element?: HTMLDivElement;
  private stopListening?: () => void;
  private stopViewChanges?: () => void;
  private shown: { orientation: string; slab: string; tool: ToolName; voi?: string; invert: boolean } | undefined;
  /** Changes made by the page or a synchronizer running now: Cornerstone's events meanwhile are not the reader's. */
  private quiet = 0;
  /** The state last reported or set, so that one change is reported once. */
  private lastReported = '';

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly parts: VolumeViewParts,
  ) {
    host.addController(this);
  }

  /** Whether a volume is on screen (the element's view operations then act on it). */
  get active(): boolean {
    return this.view !== undefined || this.rendering !== undefined;
  }

  /** The Cornerstone volume viewport, for code that builds on the element (tests, tools). */
  get cornerstoneViewport() {
    return this.view?.viewport ?? this.rendering?.viewport;
  }

  /** Whether `orientation` asks for a volume. */
  wanted(): boolean {
    return orientations.has(this.parts.orientation()) || this.parts.orientation() === rendering3d;
  }

  /**
   * The slice a volume of `imageCount` slices is first shown at (its middle); undefined unless one is asked for. Asked
   * as the series' frames start: the volume's code is fetched from then on, beside the engine's.
   */
  firstFocus(imageCount: number): number | undefined {
    if (!this.wanted()) return undefined;
    void loadVolumeCode(this.parts.orientation() === rendering3d).catch(() => undefined);
    return Math.floor(imageCount / 2);
  }

  /** Whether `orientation` asks for another kind of view than the one shown (stack, plane or rendering): a reload. */
  needsReload(): boolean {
    const asked = !this.wanted() ? 'stack' : this.parts.orientation() === rendering3d ? 'rendering' : 'plane';
    const shown = this.rendering ? 'rendering' : this.view ? 'plane' : 'stack';
    return asked !== shown;
  }

  hostDisconnected(): void {
    this.release();
  }

  hostUpdated(): void {
    this.quietly(() => this.applyProperties());
  }

  /** Puts what the element's properties ask for on screen (a page's change, not the reader's). */
  private applyProperties(): void {
    const preset = this.parts.renderingPreset();
    if (this.rendering && preset !== this.shownPreset) {
      this.shownPreset = preset;
      void renderingModule?.then(({ isRenderingPreset }) => {
        if (!isRenderingPreset(preset) || !this.rendering) return;
        this.rendering.setPreset(preset);
        this.parts.viewChanged(); // the overlay names the preset
      });
    }
    const view = this.view;
    if (!view || !this.ops || !this.shown) return;
    const orientation = this.parts.orientation();
    if (orientations.has(orientation) && orientation !== this.shown.orientation) {
      view.setOrientation(orientation as VolumeOrientation);
      this.shown.orientation = orientation;
    }
    const slab = this.parts.slab();
    if (JSON.stringify(slab) !== this.shown.slab) {
      view.setSlab(slab);
      this.shown.slab = JSON.stringify(slab);
    }
    const tool = this.parts.tool();
    if (tool !== this.shown.tool) {
      view.setTool(tool);
      this.shown.tool = tool;
    }
    const voi = this.parts.requestedVoi();
    if (voi && JSON.stringify(voi) !== this.shown.voi) {
      this.ops.setVoi(view.viewport, voi);
      this.shown.voi = JSON.stringify(voi);
      view.viewport.render();
    }
    if (this.parts.invert() !== this.shown.invert) {
      this.shown.invert = this.parts.invert();
      this.ops.setInvert(view.viewport, this.shown.invert);
      view.viewport.render();
    }
  }

  /**
   * Shows the stack as a volume when `orientation` asks for one and the series can be one: true when it is shown
   * (the stack viewport is then not), false when the stack is to be shown (with the notice saying why).
   */
  async show(stack: StackImages, container: HTMLDivElement, retrieval: StackFrameRetrieval, signal: AbortSignal): Promise<boolean> {
    this.release();
    this.notice = undefined;
    if (!this.wanted()) return false;
    const geometry = volumeGeometryOf(stack.datasets.map((dataset, index) => sliceGeometryOf(dataset, stack.frameNumbers[index])));
    if (!geometry.ok) {
      this.notice = (localizer) => localizer.t('volume.shownAsStack', { notice: volumeRefusalMessage(geometry, localizer) });
      this.host.requestUpdate();
      return false;
    }
    const bytesPerVoxel = bytesPerVoxelOf(stack.datasets[0]!);
    const budget = this.parts.cacheMb();
    // The volume's own chunk (fetched when a volume is shown) plans how much to leave out.
    const { decimationNotice, decimationWithin, refusalNotice } = await import('../../../imaging/volume-decimation.js');
    signal.throwIfAborted();
    const decimation = decimationWithin(geometry, bytesPerVoxel, budget * 1024 * 1024);
    if (!decimation) {
      this.notice = (localizer) => refusalNotice(geometry, bytesPerVoxel, budget, localizer);
      this.host.requestUpdate();
      return false;
    }
    if (decimation.bytes < volumeBytesOf(geometry, bytesPerVoxel)) {
      this.notice = (localizer) => decimationNotice(geometry, bytesPerVoxel, decimation, budget, localizer);
      this.host.requestUpdate();
    }
    const focus = this.firstFocus(stack.imageIds.length)!;
    retrieval.focus(focus);
    if (decimation.slices > 1) {
      // The slices a slice decimation leaves out: their frames are let go as they come, never held.
      const left = new Set(stack.imageIds.filter((_, index) => index % decimation.slices !== 0));
      retrieval.onArrival((imageId) => left.has(imageId) && retrieval.discard(imageId));
    }
    if (this.parts.orientation() === rendering3d) return this.showRendering(stack, this.volumeElementIn(container), signal, decimation);
    const [{ showVolume }, ops, planeText] = await loadVolumeModule();
    this.planeText = planeText;
    signal.throwIfAborted();
    const element = this.volumeElementIn(container);
    const slab = this.parts.slab();
    const orientation = this.parts.orientation() as VolumeOrientation;
    const tool = this.parts.tool();
    let view: VolumeView;
    try {
      view = await showVolume(this.parts.imaging(), element, stack, { orientation, slab, tool, focus, decimation, valueName: (name) => this.parts.t(`measurements.value.${name}`) });
    } catch (error) {
      element.remove();
      this.element = undefined;
      throw error;
    }
    if (signal.aborted || !this.host.isConnected) {
      view.destroy();
      element.remove();
      signal.throwIfAborted();
      throw new DOMException('The element was removed from the page', 'AbortError');
    }
    this.view = view;
    this.ops = ops;
    // A blank stack canvas hides canvases under it (viewport.styles.ts): the volume's is the image.
    element.querySelector('canvas')?.style.setProperty('visibility', 'visible');
    this.listenToLoading(view);
    const voi = this.parts.requestedVoi();
    this.quietly(() => {
      if (voi) ops.setVoi(view.viewport, voi);
      if (this.parts.invert()) ops.setInvert(view.viewport, true);
      this.shown = { orientation, slab: JSON.stringify(slab), tool, voi: voi ? JSON.stringify(voi) : undefined, invert: this.parts.invert() };
      view.viewport.render();
    });
    this.stopViewChanges = view.onViewChange(() => this.viewChanged());
    const shownVoi = ops.voiOf(view.viewport);
    if (shownVoi && !voi) this.reflect(shownVoi);
    this.parts.viewChanged();
    this.parts.progress.stopStallWatch();
    const { imageIndex } = ops.volumePositionOf(view.viewport);
    this.parts.planeShown({ imageIndex, imageCount: view.viewport.getNumberOfSlices(), imageId: view.viewport.getCurrentImageId() ?? '' });
    return true;
  }

  /** The volume's own element over the stack's: the stack viewport may hold the container from an earlier series. */
  private volumeElementIn(container: HTMLDivElement): HTMLDivElement {
    const element = document.createElement('div');
    element.className = 'volume';
    element.setAttribute('part', 'volume');
    element.style.cssText = 'position:absolute;inset:0;';
    container.append(element);
    this.element = element;
    return element;
  }

  private async showRendering(stack: StackImages, element: HTMLDivElement, signal: AbortSignal, decimation: Decimation): Promise<boolean> {
    let rendering: VolumeRendering;
    try {
      const { showVolumeRendering, isRenderingPreset } = await loadRenderingModule();
      this.isRenderingPreset = isRenderingPreset;
      signal.throwIfAborted();
      const preset = this.parts.renderingPreset();
      rendering = await showVolumeRendering(this.parts.imaging(), element, stack, isRenderingPreset(preset) ? preset : 'bone', decimation);
      this.shownPreset = preset;
    } catch (error) {
      this.release();
      throw error;
    }
    if (signal.aborted || !this.host.isConnected) {
      rendering.destroy();
      this.release();
      signal.throwIfAborted();
      throw new DOMException('The element was removed from the page', 'AbortError');
    }
    this.rendering = rendering;
    element.querySelector('canvas')?.style.setProperty('visibility', 'visible');
    // The orientation markers follow the camera (the overlays' camera-bound part).
    this.stopViewChanges = rendering.onCameraChange(() => this.parts.viewChanged());
    this.parts.viewChanged();
    void rendering.loaded.then(({ loaded, total }) => {
      if (this.rendering === rendering) this.parts.progress.imageSettled(loaded, total - loaded);
    });
    this.parts.progress.stopStallWatch();
    return true;
  }

  /** Runs a change of the page's or a synchronizer's: what Cornerstone reports meanwhile is not reported. */
  private quietly<T>(change: () => T): T {
    this.quiet += 1;
    try {
      return change();
    } finally {
      this.quiet -= 1;
      if (this.quiet === 0) this.lastReported = JSON.stringify(this.state() ?? null);
    }
  }

  /** Runs a change with its origin: a change of the reader's is reported once, when it is done. */
  private changeAs<T>(origin: ViewOrigin, change: () => T): T {
    if (origin !== 'user') return this.quietly(change);
    this.quiet += 1;
    try {
      return change();
    } finally {
      this.quiet -= 1;
      this.viewChanged();
    }
  }

  /** Cornerstone says the camera or the window changed: the reader's change (a tool, a key) unless one runs now. */
  private viewChanged(): void {
    this.parts.viewChanged();
    if (this.quiet > 0) return;
    const state = this.state();
    if (!state) return;
    const key = JSON.stringify(state);
    if (key === this.lastReported) return;
    const before = this.lastReported ? (JSON.parse(this.lastReported) as ViewportState | null) : null;
    this.lastReported = key;
    if (!before || before.windowCenter !== state.windowCenter || before.windowWidth !== state.windowWidth) this.reflect(state);
    this.parts.report(state);
  }

  /** Writes a shown window into the element's properties, remembered as shown (not asked for again). */
  private reflect(voi: VoiWindow): void {
    this.parts.reflectVoi({ windowCenter: voi.windowCenter, windowWidth: voi.windowWidth });
    const requested = this.parts.requestedVoi();
    if (this.shown) this.shown.voi = requested ? JSON.stringify(requested) : undefined;
  }

  /** Whether a volume rendering (3D) is on screen: its overlays are its own (no window, zoom or scale bar). */
  get showsRendering(): boolean {
    return this.rendering !== undefined;
  }

  /**
   * Which way the plane shown, or the rendering's camera, looks (for the orientation markers); undefined unless a
   * volume is shown.
   */
  camera(): { viewUp?: unknown; viewPlaneNormal?: unknown } | undefined {
    const camera = (this.view ?? this.rendering)?.viewport.getCamera();
    return camera && { viewUp: camera.viewUp, viewPlaneNormal: camera.viewPlaneNormal };
  }

  /** The plane's zoom and scale (mm a CSS pixel) for the zoom overlay and the scale bar; undefined unless a plane is shown. */
  scale(): { magnification: number; mmPerCssPixel: number } | undefined {
    return this.view && this.ops ? this.ops.planeScaleOf(this.view.viewport) : undefined;
  }

  /**
   * The plane and position in mm (and the slab) for the overlays, or what a rendering shows (3D and its preset);
   * undefined unless a volume is shown.
   */
  planeLines(localizer?: Localizer): string[] | undefined {
    if (this.rendering) return volumeRenderingLines(this.shownPreset, localizer);
    const state = this.state();
    if (!state?.focalPoint || !state.viewPlaneNormal) return undefined;
    return this.planeText?.volumePlaneLines(state.focalPoint, state.viewPlaneNormal, { thickness: state.slabThickness ?? 0, mode: state.slabMode ?? 'mip' }, localizer);
  }

  /** The slices' arrival on the element's progress bar. */
  private listenToLoading(view: VolumeView): void {
    this.stopListening = view.onProgress((loaded) => this.parts.progress.imageSettled(loaded, 0));
    void view.loaded.then(({ loaded, total }) => {
      if (this.view === view) this.parts.progress.imageSettled(loaded, total - loaded);
    });
  }

  /** The view's state (as getViewportState() reports it). */
  state(): ViewportState | undefined {
    if (this.rendering) return { ...this.rendering.viewState(), invert: false, orientation: rendering3d, volumePreset: this.shownPreset };
    if (!this.view || !this.ops) return undefined;
    const state = this.ops.viewStateOf(this.view.viewport, 0, this.parts.invert());
    if (!state) return undefined;
    const slab = this.view.slab();
    return { ...state, orientation: this.parts.orientation(), slabThickness: slab.thickness, slabMode: slab.mode };
  }

  /** Applies a state (any part of one): never the reader's change; the window properties follow it. */
  applyState(state: Partial<ViewportState>): void {
    if (this.rendering) return this.applyRenderingState(this.rendering, state);
    const view = this.view;
    const ops = this.ops;
    if (!view || !ops) return;
    this.quietly(() => {
      ops.applyVolumeState(view.viewport, state);
      const { slabThickness, slabMode } = state;
      if (slabThickness !== undefined || slabMode !== undefined) this.setSlab(view, slabThickness, slabMode);
      if (state.windowCenter !== undefined && state.windowWidth !== undefined) this.reflect({ windowCenter: state.windowCenter, windowWidth: state.windowWidth });
    });
  }

  /**
   * A rendering's part of a state: its preset (the element's `volume-preset` follows) and its camera. A plane's parts
   * (focal point, slab) and a window mean nothing to a rendering, whose window is its preset's.
   */
  private applyRenderingState(rendering: VolumeRendering, state: Partial<ViewportState>): void {
    const preset = state.volumePreset;
    if (preset !== undefined && preset !== this.shownPreset) {
      if (!this.isRenderingPreset?.(preset)) throw new RangeError(`volumePreset "${preset}" is not one of bone, soft-tissue, lung, angio`);
      rendering.setPreset(preset);
      this.shownPreset = preset;
      this.parts.reflectPreset(preset);
      this.parts.viewChanged();
    }
    if (state.camera) rendering.setCamera(state.camera);
  }

  /** Puts a slab on screen (what is not given stays), and into the element's slab properties. */
  private setSlab(view: VolumeView, thickness: number | undefined, mode: string | undefined): void {
    const current = view.slab();
    const slab: Slab = { thickness: thickness ?? current.thickness, mode: mode ? slabModeOf(mode) : current.mode };
    view.setSlab(slab);
    // Shown as the properties will say: they ask for nothing new.
    if (this.shown) this.shown.slab = JSON.stringify(slab);
    this.parts.reflectSlab(slab);
  }

  /** Carries out a view command on the volume as `origin`'s change; false when it does not apply to one. */
  execute(command: ViewportCommand, origin: ViewOrigin = 'user'): boolean {
    return this.changeAs(origin, () => this.carryOut(command));
  }

  private carryOut(command: ViewportCommand): boolean {
    const rendering = this.rendering;
    if (rendering) {
      if (command.kind === 'zoom') rendering.zoomBy(command.factor);
      else if (command.kind === 'rotate') rendering.rotate(command.degrees);
      else if (command.kind === 'reset' || command.kind === 'fit') {
        rendering.viewport.resetCamera();
        rendering.viewport.render();
      } else return false;
      return true;
    }
    const view = this.view;
    const ops = this.ops;
    if (!view || !ops) return false;
    const viewport = view.viewport;
    switch (command.kind) {
      case 'scroll': {
        const { imageIndex } = ops.volumePositionOf(viewport);
        ops.setVolumePosition(viewport, { imageIndex: Math.max(0, imageIndex + command.by) });
        break;
      }
      case 'zoom':
        ops.zoomBy(viewport, command.factor);
        break;
      case 'pan':
        ops.panBy(viewport, command.by);
        break;
      case 'fit':
        ops.fit(viewport);
        break;
      case 'rotate':
        ops.rotateBy(viewport, command.degrees);
        break;
      case 'flip':
        ops.flip(viewport, command.direction);
        break;
      case 'reset':
        viewport.resetCamera();
        break;
      case 'slab':
        this.setSlab(view, command.thickness, command.mode);
        break;
      default:
        return false;
    }
    viewport.render();
    return true;
  }

  /** Frees the volume view (the volume goes when no other viewport shows it). */
  release(): void {
    this.stopViewChanges?.();
    this.stopViewChanges = undefined;
    this.lastReported = '';
    this.stopListening?.();
    this.stopListening = undefined;
    this.view?.destroy();
    this.view = undefined;
    this.rendering?.destroy();
    this.rendering = undefined;
    this.shown = undefined;
    this.element?.remove();
    this.element = undefined;
  }

  /** Why the series is a stack, over the image's foot. */
  renderNotice(localizer: Localizer) {
    return this.notice
      ? html`<div part="volume-notice" role="status" style="position:absolute;left:50%;bottom:2.5em;transform:translateX(-50%);max-width:80%;padding:0.3em 0.6em;background:rgba(0,0,0,0.7);color:#fff;font:12px sans-serif;text-align:center;">${this.notice(localizer)}</div>`
      : nothing;
  }
}
