// The two-way binding between the element's view properties (`window-center`/`window-width`, `image-index`,
// `invert`, `tool`, `preset`) and its viewport: a property the page sets is put on screen as the page's change; what
// the view shows (the header's window, the reader's, a synchronizer's) is written back into the properties, and
// remembered as written (ViewStateController), so the two are told apart.
import type { PropertyValues } from 'lit';
import { stringOf } from '../../../dicomweb/dicom-json.js';
import { defaultVoiLutFunction, voiLutFunctionNamed, type VoiLutFunction } from '../../../dicom/voi-lut-function.js';
import { sameVoiWindow, voiWindowOf, type VoiWindow } from '../../../dicom/voi-window.js';
import type { ViewportState } from '../../../events/viewport-changed.js';
import { isPrimaryTool, type PrimaryTool } from '../../../tools/primary-tools.js';
import type { WindowPreset } from '../../../tools/window-presets.js';
import type { StackViewportController } from '../stack-viewport-controller.js';
import type { ShownImageController } from './shown-image-controller.js';
import type { ViewOrigin, ViewStateController } from './view-state-controller.js';

/** The element's properties the binding reads and writes. */
export interface BoundElement {
  /** Lit's: a property named changed (a preset asked for again once the image's presets are known). */
  requestUpdate(name?: PropertyKey, oldValue?: unknown): void;
  windowCenter?: number;
  windowWidth?: number;
  imageIndex: number;
  invert: boolean;
  tool: PrimaryTool;
  preset: string;
  readonly presets: WindowPreset[];
}

/** The parts of a state that are the camera's (StackViewportController.applyCamera). */
const cameraKeys = ['zoom', 'pan', 'rotation', 'flipHorizontal', 'flipVertical'] as const satisfies ReadonlyArray<keyof ViewportState>;

export class ViewBindingController {
  constructor(
    private readonly element: BoundElement,
    private readonly viewState: ViewStateController,
    private readonly shown: ShownImageController,
    private readonly stack: () => StackViewportController | undefined,
  ) {}

  /** The window the properties ask for, when they make one under the shown image's VOI LUT Function. */
  requestedVoi(): VoiWindow | undefined {
    return voiWindowOf(this.element.windowCenter, this.element.windowWidth, this.voiLutFunction());
  }

  /** The shown image's VOI LUT Function: under LINEAR_EXACT a width below 1 is a window (PS3.3 C.11.2.1.3.2). */
  private voiLutFunction(): VoiLutFunction {
    const dataset = this.shown.shownDataset();
    return (dataset && voiLutFunctionNamed(stringOf(dataset, 'VOILUTFunction'))) ?? defaultVoiLutFunction;
  }

  /** Writes a window the view shows into the properties (they follow the header's, the reader's, a synchronizer's). */
  reflectVoi(voi: VoiWindow): void {
    this.viewState.reflectVoi(voi);
    this.element.windowCenter = voi.windowCenter;
    this.element.windowWidth = voi.windowWidth;
  }

  /** Puts a window on screen and into the properties. */
  showVoi(voi: VoiWindow): void {
    this.reflectVoi(voi);
    this.stack()?.applyVoi(voi);
  }

  reflectImageIndex(imageIndex: number): void {
    this.viewState.reflectImageIndex(imageIndex);
    this.element.imageIndex = imageIndex;
  }

  /** Before an update: a preset the page chose sets the window properties. */
  willUpdate(changed: PropertyValues): void {
    const { element } = this;
    if (!changed.has('preset') || !element.preset) return;
    const preset = element.presets.find((candidate) => candidate.id === element.preset);
    if (preset) {
      element.windowCenter = preset.windowCenter;
      element.windowWidth = preset.windowWidth;
    }
  }

  /** After an update: properties the page set (not the ones the element reflected) are the page's changes of the view. */
  updated(changed: PropertyValues): void {
    const { element } = this;
    const stack = this.stack();
    const requestedVoi = this.requestedVoi();
    if ((changed.has('windowCenter') || changed.has('windowWidth')) && requestedVoi && !this.viewState.isReflectedVoi(element.windowCenter, element.windowWidth)) {
      this.viewState.forgetReflectedVoi();
      this.viewState.appliedVoi = requestedVoi;
      stack?.applyVoi(requestedVoi);
    }
    if (changed.has('imageIndex') && !this.viewState.isReflectedImageIndex(element.imageIndex)) {
      this.viewState.reflectImageIndex(element.imageIndex);
      this.scrollAs(element.imageIndex, 'programmatic');
    }
    if (changed.has('tool')) stack?.setPrimaryTool(isPrimaryTool(element.tool) ? element.tool : 'window-level');
    if (changed.has('invert') && stack?.invert !== element.invert) stack?.setInvert(element.invert);
  }

  /** Shows the image at `index` (clamped); its arrival is the origin's change of the view. */
  scrollAs(index: number, origin: ViewOrigin): boolean {
    // Before the series' first image: the image to open it at.
    if (!this.shown.shownOnce && origin !== 'user') this.shown.requestedImageIndex = Math.max(0, Math.trunc(index) || 0);
    if (!this.shown.imageTotal) return false;
    const clamped = Math.min(Math.max(0, Math.trunc(index)), this.shown.imageTotal - 1);
    if (clamped !== this.shown.shownImageIndex) this.viewState.expectScroll(clamped, origin);
    this.stack()?.scrollTo(clamped);
    return true;
  }

  /** Puts a state on screen: the page's through the properties, a synchronizer's as the reader's input is (unreported). */
  applyState(state: Partial<ViewportState>, origin: ViewOrigin): void {
    const { element } = this;
    if (origin === 'programmatic') {
      // Through the properties, as a page sets them.
      if (state.windowCenter !== undefined && state.windowWidth !== undefined) {
        element.windowCenter = state.windowCenter;
        element.windowWidth = state.windowWidth;
      }
      if (state.invert !== undefined) element.invert = state.invert;
      if (state.imageIndex !== undefined) this.scrollAs(state.imageIndex, 'programmatic');
      this.stack()?.applyCamera(state);
      return;
    }
    // Another viewport's view carried over: put on screen and reflected, as the reader's input is, and not reported.
    this.viewState.run(origin, () => {
      const voi = voiWindowOf(state.windowCenter, state.windowWidth, this.voiLutFunction());
      if (voi) this.showVoi(voi);
      if (state.invert !== undefined) {
        element.invert = state.invert;
        this.stack()?.setInvert(state.invert);
      }
      if (state.imageIndex !== undefined) this.scrollAs(state.imageIndex, origin);
      // Slice position alone (each step of a synchronized scroll) moves no camera: nothing to set, render or report.
      if (cameraKeys.some((key) => state[key] !== undefined)) this.stack()?.applyCamera(state);
    });
  }

  /** The view goes back to the header's window and no invert (the camera is the viewport's to reset). */
  resetView(): void {
    this.viewState.forgetReflectedVoi();
    const stack = this.stack();
    stack?.resetView();
    this.element.invert = false;
    this.element.preset = '';
    const voi = stack?.currentVoi();
    if (voi) this.reflectVoi(voi);
  }

  /**
   * A series starts loading: what the page asked for with it is read (an index it set, not one the element reflected
   * from the previous series; a window other than the one on screen). The previous series' window (its header's or
   * the reader's) does not carry over: the next opens with its own, unless the page asked for one.
   */
  seriesStarting(): { askedIndex: number | undefined } {
    const { element } = this;
    const askedIndex = !this.viewState.isReflectedImageIndex(element.imageIndex) ? element.imageIndex : undefined;
    const requestedVoi = this.requestedVoi();
    const voiAsked = requestedVoi !== undefined && !sameVoiWindow(requestedVoi, this.viewState.appliedVoi);
    this.viewState.seriesChanged(voiAsked);
    if (!voiAsked) {
      element.windowCenter = undefined;
      element.windowWidth = undefined;
    }
    return { askedIndex };
  }

  /** The series' first image is on screen: the window, invert and tool the page asked for apply, and a kept state. */
  firstImageShown(pending: Partial<ViewportState> | undefined): void {
    const { element } = this;
    const stack = this.stack();
    if (element.preset) element.requestUpdate('preset', '');
    const requested = this.requestedVoi();
    if (requested && !this.viewState.hasReflectedVoi) stack?.applyVoi(requested);
    else {
      const voi = stack?.currentVoi();
      if (voi) this.reflectVoi(voi);
    }
    if (element.invert) stack?.setInvert(true);
    stack?.setPrimaryTool(isPrimaryTool(element.tool) ? element.tool : 'window-level');
    if (pending) {
      // The stack opened at the asked image already; the rest of the state is the view.
      const { imageIndex: _opened, ...view } = pending;
      this.applyState(view, 'programmatic');
    }
  }
}
