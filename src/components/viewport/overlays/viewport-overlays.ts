// The viewport's overlays composed from what it shows: the text overlays' model from the named image's header and
// the window, the camera-bound ones (zoom, scale bar, markers) worked out once a camera, the canvas's accessible
// name, and the transform that lays an image-sized layer (the overlay planes) over the canvas.
import type { ReactiveControllerHost } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { stringOf, type DicomJsonDataset } from '../../../dicomweb/dicom-json.js';
import type { VoiWindow } from '../../../dicom/voi-window.js';
import { imageToCanvasMatrix, worldOfImagePoint } from '../../../imaging/image-to-canvas.js';
import type { ShownImageController } from '../controllers/shown-image-controller.js';
import type { StackViewportController } from '../stack-viewport-controller.js';
import { overlayTextOf } from '../overlay-text.js';
import type { OverlayName } from '../viewport-commands.js';
import { geometryKeyOf, pixelSpacingOf } from './header-values.js';
import { overlayModelOf, overlayShown, viewOverlayModelOf, type ViewOverlayModel } from './overlay-model.js';
import { overlaysTemplate } from './overlay-templates.js';
import { english, type Localizer } from '../../../i18n/index.js';

/** What the overlays read from their element. */
export interface ViewportOverlaysInput {
  shown: ShownImageController;
  /** The viewport controller, once the engine is there. */
  stack: () => StackViewportController | undefined;
  /** The window the element's properties ask for. */
  voi: () => VoiWindow | undefined;
  noOverlay: () => boolean;
  hideOverlays: () => string;
  /** A volume view's plane lines, when a volume is shown (its overlay says them instead of the image number). */
  planeLines?: (localizer: Localizer) => string[] | undefined;
  /** A volume view's camera, when a plane is shown (its orientation markers follow it). */
  volumeCamera?: () => { viewUp?: unknown; viewPlaneNormal?: unknown } | undefined;
  /** A volume plane's zoom and scale, when a plane is shown (its zoom overlay and scale bar follow them). */
  volumeScale?: () => { magnification: number; mmPerCssPixel: number } | undefined;
  /** A volume view's width in CSS pixels (a scale bar takes at most a quarter of it); a stack's is its controller's. */
  width?: () => number | undefined;
}

export class ViewportOverlays {
  /** Bumped when the camera changes, so the overlays that depend on it (zoom, scale bar, markers) render again. */
  private cameraVersion = 0;
  private viewOverlay?: { key: string; messages: Localizer['messages']; model: ViewOverlayModel };
  private accessibleText?: { dataset: DicomJsonDataset | undefined; messages: Localizer['messages']; text: ReturnType<typeof overlayTextOf> };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly input: ViewportOverlaysInput,
  ) {}

  /** The camera moved: the camera-bound overlays are worked out again. */
  cameraChanged(): void {
    this.cameraVersion += 1;
    this.host.requestUpdate();
  }

  /** Whether the overlay `name` is shown under `no-overlay` and `hide-overlays`. */
  shows(name: OverlayName): boolean {
    return overlayShown(name, this.input.noOverlay(), this.input.hideOverlays());
  }

  /**
   * The text overlays in the words and formats of `localizer` (the element's language); progress ticks (one an image
   * while a series loads) leave them as they are.
   */
  render(localizer: Localizer = english) {
    const { shown } = this.input;
    const voi = this.input.voi();
    return guard(
      [shown.imageTotal, shown.shownImageIndex, shown.renderedImageIndex, shown.shownOnce, shown.stackImages, this.cameraVersion, voi?.windowCenter, voi?.windowWidth, this.input.noOverlay(), this.input.hideOverlays(), localizer.messages, localizer.format],
      () => this.renderOverlays(localizer),
    );
  }

  /** What a screen reader says for the image, in `localizer`'s language: patient, series and image position. */
  accessibleName(localizer: Localizer = english): string {
    const { shown } = this.input;
    const { t, format } = localizer;
    if (!shown.imageTotal) return t('viewport.noImage');
    const dataset = shown.shownDataset();
    // Every render asks (a scroll step is one): the dataset's text is worked out once.
    const cached = this.accessibleText;
    const text = cached && cached.dataset === dataset && cached.messages === localizer.messages ? cached.text : overlayTextOf(dataset, undefined, localizer);
    this.accessibleText = { dataset, messages: localizer.messages, text };
    const position = t('viewport.imageOf', { index: format.number(shown.shownImageIndex + 1), total: format.number(shown.imageTotal) });
    return [text.patientName, text.series, position].filter(Boolean).join(', ');
  }

  /** The CSS transform from the shown image's pixel grid (one CSS pixel an image pixel) to the viewport's canvas. */
  imageToCanvasTransform(columns: number, rows: number): string | undefined {
    const viewport = this.input.stack()?.cornerstoneViewport;
    const geometry = viewport?.getImageData();
    if (!viewport || !geometry) return undefined;
    return imageToCanvasMatrix((x, y) => {
      const [canvasX, canvasY] = viewport.worldToCanvas(worldOfImagePoint(geometry, x, y));
      return [canvasX, canvasY];
    }, columns, rows);
  }

  private renderOverlays(localizer: Localizer) {
    const { shown } = this.input;
    const dataset = shown.shownDataset();
    const model = overlayModelOf({
      dataset,
      // The shown image's transfer syntax: the frame's as it came, else the one the metadata names.
      transferSyntaxUid:
        this.input.stack()?.shownTransferSyntax() ?? (dataset ? (stringOf(dataset, 'AvailableTransferSyntaxUID') ?? stringOf(dataset, 'TransferSyntaxUID')) : undefined),
      imageIndex: shown.shownImageIndex,
      imageCount: shown.imageTotal,
      frameNumber: shown.shownFrameNumber(),
      voi: this.input.voi(),
      noOverlay: this.input.noOverlay(),
      hideOverlays: this.input.hideOverlays(),
      planeLines: this.input.planeLines?.(localizer),
    }, localizer);
    return overlaysTemplate(model, [...this.cameraKey(), localizer.messages, localizer.format], () => this.viewOverlayModel(localizer), localizer.t);
  }

  /**
   * What the zoom, scale bar and markers depend on: the camera and the shown image's geometry, which stay put while
   * a stack scrolls, so scrolling does not recompute them (each asks Cornerstone's camera) on every image.
   */
  private cameraKey(): unknown[] {
    return [this.cameraVersion, this.input.shown.shownOnce, geometryKeyOf(this.input.shown.shownDataset())];
  }

  /** The camera-bound overlays, worked out once for each camera key. */
  private viewOverlayModel(localizer: Localizer): ViewOverlayModel {
    const key = `${JSON.stringify(this.cameraKey())}|${localizer.format.locale}`;
    const known = this.viewOverlay;
    if (known?.key === key && known.messages === localizer.messages) return known.model;
    const dataset = this.input.shown.shownDataset();
    const stack = this.input.stack();
    const shown = this.input.shown.shownOnce ? stack : undefined;
    const zoom = shown?.state()?.zoom;
    const volumeScale = this.input.volumeScale?.();
    const model = viewOverlayModelOf({
      dataset,
      magnification: volumeScale ? volumeScale.magnification : zoom ? zoom * this.fitScale() : undefined,
      mmPerCssPixel: volumeScale ? volumeScale.mmPerCssPixel : shown && pixelSpacingOf(dataset) ? shown.mmPerCssPixel() : undefined,
      width: this.input.width?.() ?? stack?.width ?? 0,
      camera: this.input.volumeCamera?.() ?? shown?.camera(),
    }, localizer);
    this.viewOverlay = { key, messages: localizer.messages, model };
    return model;
  }

  /** Screen (device) pixels per image pixel when fitted: the zoom overlay shows magnification against 1:1. */
  private fitScale(): number {
    const stack = this.input.stack();
    const state = stack?.state();
    const mmPerCssPixel = stack?.mmPerCssPixel();
    const columnSpacing = pixelSpacingOf(this.input.shown.shownDataset())?.[1] ?? 1;
    if (!state || !mmPerCssPixel) return 1;
    // A CSS pixel spans devicePixelRatio device pixels and mmPerCssPixel / columnSpacing image pixels.
    return (columnSpacing * devicePixelRatio) / mmPerCssPixel / state.zoom;
  }
}
