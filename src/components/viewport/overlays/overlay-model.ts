// What the viewport's text overlays show, as a model computed from the header and the view (pure): the templates
// (overlay-templates.ts) only draw it.
import type { DicomJsonDataset } from '../../../dicomweb/dicom-json.js';
import { english, type Localizer } from '../../../i18n/index.js';
import type { VoiWindow } from '../../../dicom/voi-window.js';
import { orientationMarkersOf, patientOrientationMarkersOf, type OrientationMarkers } from '../../../imaging/orientation-markers.js';
import { scaleBarFor } from '../../../imaging/scale-bar.js';
import { overlayTextOf } from '../overlay-text.js';
import type { OverlayName } from '../viewport-commands.js';
import { hasImageOrientation, imageNumberText, patientOrientationOf } from './header-values.js';

/** One line of a corner; primary lines stay when a narrow viewport hides the secondary ones. */
export interface OverlayLine {
  text: string;
  primary: boolean;
}

/** The corners and marks shown (a hidden one is absent); the camera-bound parts are in ViewOverlayModel. */
export interface OverlayModel {
  patient?: OverlayLine[];
  study?: OverlayLine[];
  image?: OverlayLine[];
  /** The window line; the zoom line joins it from the view model. */
  view?: OverlayLine[];
  lossy: boolean;
  scaleBar: boolean;
  orientation: boolean;
}

export interface OverlayInput {
  dataset: DicomJsonDataset | undefined;
  /** The syntax the shown image's pixels arrived in (marks a lossy one LOSSY). */
  transferSyntaxUid: string | undefined;
  imageIndex: number;
  imageCount: number;
  frameNumber: number | undefined;
  voi: VoiWindow | undefined;
  noOverlay: boolean;
  hideOverlays: string | null | undefined;
  /** A volume view's plane, position and slab (volume-plane-text.ts), said instead of the image number and slice location. */
  planeLines?: string[];
}

/** Whether an overlay is shown under `no-overlay` and `hide-overlays` (a removed attribute reads as null). */
export function overlayShown(name: OverlayName, noOverlay: boolean, hideOverlays: string | null | undefined): boolean {
  return !noOverlay && !(hideOverlays ?? '').split(/\s+/).includes(name);
}

const lines = (...values: Array<[string, boolean]>): OverlayLine[] =>
  values.filter(([text]) => text !== '').map(([text, primary]) => ({ text, primary }));

/** The text overlays for the shown image in `localizer`'s words and formats; undefined when there is none or overlays are off. */
export function overlayModelOf(input: OverlayInput, localizer: Localizer = english): OverlayModel | undefined {
  if (!input.imageCount || input.noOverlay) return undefined;
  const { t, format } = localizer;
  const shown = (name: OverlayName) => overlayShown(name, input.noOverlay, input.hideOverlays);
  const text = overlayTextOf(input.dataset, input.transferSyntaxUid, localizer);
  const { voi } = input;
  return {
    patient: shown('patient') ? lines([text.patientName, true], [text.patientId, false], [text.patientBirthDateSex, false]) : undefined,
    study: shown('study') ? lines([text.studyDate, false], [text.studyDescription, false], [text.series, true]) : undefined,
    image: shown('image')
      ? input.planeLines
        ? input.planeLines.map((line, index) => ({ text: line, primary: index === 0 }))
        : lines([imageNumberText(input.dataset, input.imageIndex, input.imageCount, input.frameNumber, localizer), true], [text.sliceLocation, false], [text.sliceThickness, false])
      : undefined,
    view: shown('view') ? lines([voi ? t('overlay.window', { width: format.number(voi.windowWidth), center: format.number(voi.windowCenter) }) : '', true]) : undefined,
    lossy: text.lossy && shown('lossy'),
    scaleBar: shown('scale-bar'),
    orientation: shown('orientation'),
  };
}

/** The overlays that follow the camera: zoom, scale bar and orientation markers. */
export interface ViewOverlayModel {
  zoom?: string;
  scaleBar?: { pixels: number; label: string };
  markers?: OrientationMarkers;
}

export interface ViewOverlayInput {
  dataset: DicomJsonDataset | undefined;
  /** Magnification against one image pixel a device pixel (fit scale × zoom); undefined before an image. */
  magnification: number | undefined;
  /** Millimetres a CSS pixel spans, when the header gives a spacing. */
  mmPerCssPixel: number | undefined;
  /** The viewport's width in CSS pixels (a scale bar takes at most a quarter). */
  width: number;
  camera: { viewUp?: unknown; viewPlaneNormal?: unknown } | undefined;
}

/** The camera-bound overlays in `localizer`'s words and formats (computed only when the camera or the geometry changes). */
export function viewOverlayModelOf(input: ViewOverlayInput, { t, format }: Localizer = english): ViewOverlayModel {
  const model: ViewOverlayModel = {};
  if (input.magnification) model.zoom = t('overlay.zoom', { percent: format.percent(input.magnification) });
  const bar = input.mmPerCssPixel ? scaleBarFor(input.mmPerCssPixel, input.width / 4) : undefined;
  if (bar) {
    const label = bar.millimetres >= 10 ? t('overlay.centimetres', { value: format.number(bar.millimetres / 10, 2) }) : t('overlay.millimetres', { value: format.number(bar.millimetres, 2) });
    model.scaleBar = { pixels: bar.pixels, label };
  }
  const { dataset } = input;
  const camera = input.camera as Parameters<typeof orientationMarkersOf>[0] | undefined;
  if (dataset && camera) {
    // Image Orientation where there is one; else Patient Orientation (projection radiographs: CR, DX, MG).
    const patientOrientation = patientOrientationOf(dataset);
    model.markers = hasImageOrientation(dataset)
      ? orientationMarkersOf(camera)
      : patientOrientation.length === 2
        ? patientOrientationMarkersOf(camera, patientOrientation)
        : undefined;
  }
  return model;
}
