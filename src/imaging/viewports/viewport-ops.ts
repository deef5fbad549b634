// Operations on what a planar Cornerstone viewport shows (camera, VOI, invert, state), the same for a stack
// viewport and an orthographic volume viewport (MPR): both are Cornerstone `Viewport`s, whose view presentation
// (zoom, pan, rotation, flips: `get/setViewPresentation`) and view reference (focal point, orientation, slice:
// `get/setViewReference`) are defined for every planar viewport, and whose VOI and invert are properties.
import { utilities, type Types } from '@cornerstonejs/core';
import type { ViewportState } from '../../events/viewport-changed.js';
import type { VoiWindow } from '../../dicom/voi-window.js';

/** A stack or an orthographic volume viewport. */
export type PlanarViewport = Types.IStackViewport | Types.IVolumeViewport;

export type Presentation = Pick<ViewportState, 'zoom' | 'pan' | 'rotation' | 'flipHorizontal' | 'flipVertical'>;

export type Vector3 = [number, number, number];

export function isVolumeViewport(viewport: PlanarViewport): viewport is Types.IVolumeViewport {
  return typeof (viewport as Types.IVolumeViewport).getVolumeId === 'function';
}

function voiWindowOfRange({ lower, upper }: { lower: number; upper: number }): VoiWindow {
  const { windowWidth, windowCenter } = utilities.windowLevel.toWindowLevel(lower, upper);
  return { windowCenter, windowWidth };
}

/** The VOI window of a value range as Cornerstone reports it (VOI_MODIFIED, properties). */
export { voiWindowOfRange };

/** The window on screen, when there is one. */
export function voiOf(viewport: PlanarViewport): VoiWindow | undefined {
  const range = viewport.getProperties()?.voiRange;
  return range ? voiWindowOfRange(range) : undefined;
}

/** Puts a window on screen (Cornerstone takes a value range; PS3.3 C.11.2.1.2.1: upper - lower = width - 1). */
export function setVoi(viewport: PlanarViewport, { windowCenter, windowWidth }: VoiWindow): void {
  viewport.setProperties({ voiRange: utilities.windowLevel.toLowHighRange(windowWidth, windowCenter) });
}

/** Whether the viewport draws inverted (Cornerstone's own flag, before any image's own presentation is taken out). */
export function invertOf(viewport: PlanarViewport): boolean {
  return Boolean(viewport.getProperties()?.invert);
}

export function setInvert(viewport: PlanarViewport, invert: boolean): void {
  viewport.setProperties({ invert });
}

export function presentationOf(viewport: PlanarViewport): Presentation {
  const presentation = viewport.getViewPresentation();
  return {
    zoom: presentation.zoom ?? 1,
    pan: [...(presentation.pan ?? [0, 0])] as [number, number],
    rotation: presentation.rotation ?? 0,
    flipHorizontal: Boolean(presentation.flipHorizontal),
    flipVertical: Boolean(presentation.flipVertical),
  };
}

/** Sets the given parts of the presentation, leaving the others. */
export function setPresentation(viewport: PlanarViewport, state: Partial<Presentation>): void {
  const presentation: Types.ViewPresentation = {};
  if (state.zoom !== undefined) presentation.zoom = state.zoom;
  if (state.pan !== undefined) presentation.pan = [...state.pan] as Types.Point2;
  if (state.rotation !== undefined) presentation.rotation = state.rotation;
  // Flips before rotation, as setViewPresentation orders them (a flip turns the sense of rotation round).
  if (isVolumeViewport(viewport)) setFlips(viewport, state);
  else {
    if (state.flipHorizontal !== undefined) presentation.flipHorizontal = state.flipHorizontal;
    if (state.flipVertical !== undefined) presentation.flipVertical = state.flipVertical;
  }
  viewport.setViewPresentation(presentation);
}

/**
 * Sets the flips. A volume viewport flips by turning its camera round, and takes flips as states through its camera:
 * Cornerstone 5.14's setViewPresentation hands `false` to a flip that reads it as "no flip", so a volume never
 * flips back that way.
 */
function setFlips(viewport: PlanarViewport, { flipHorizontal, flipVertical }: Partial<Presentation>): void {
  if (flipHorizontal === undefined && flipVertical === undefined) return;
  if (isVolumeViewport(viewport)) viewport.setCamera({ flipHorizontal, flipVertical });
  else viewport.setViewPresentation({ flipHorizontal, flipVertical });
}

/** Multiplies the zoom (about the viewport's centre). */
export function zoomBy(viewport: PlanarViewport, factor: number): void {
  const zoom = viewport.getViewPresentation().zoom;
  if (zoom) viewport.setViewPresentation({ zoom: zoom * factor });
}

/** Moves the image by `by` in the units of the presentation's pan. */
export function panBy(viewport: PlanarViewport, [x, y]: [number, number]): void {
  const [panX, panY] = viewport.getViewPresentation().pan ?? [0, 0];
  viewport.setViewPresentation({ pan: [panX + x, panY + y] });
}

/** The image fitted to the viewport, centred. */
export function fit(viewport: PlanarViewport): void {
  viewport.setViewPresentation({ zoom: 1, pan: [0, 0] });
}

/** Zoom 1 and no pan: the image as fitted (rotation and flips aside). */
export function isFitted(viewport: PlanarViewport): boolean {
  const { zoom, pan } = presentationOf(viewport);
  return Math.abs(zoom - 1) < 1e-6 && Math.abs(pan[0]) < 1e-6 && Math.abs(pan[1]) < 1e-6;
}

/** Rotates by a multiple of 90° clockwise. */
export function rotateBy(viewport: PlanarViewport, degrees: number): void {
  const rotation = viewport.getViewPresentation().rotation ?? 0;
  viewport.setViewPresentation({ rotation: (((rotation + degrees) % 360) + 360) % 360 });
}

export function flip(viewport: PlanarViewport, direction: 'horizontal' | 'vertical'): void {
  const presentation = viewport.getViewPresentation();
  setFlips(viewport, direction === 'horizontal' ? { flipHorizontal: !presentation.flipHorizontal } : { flipVertical: !presentation.flipVertical });
}

/** Millimetres (world units) a CSS pixel of the canvas spans horizontally at the current zoom. */
export function mmPerCssPixel(viewport: PlanarViewport): number {
  const a = viewport.canvasToWorld([0, 0]);
  const b = viewport.canvasToWorld([100, 0]);
  return Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]) / 100;
}

/** A volume plane's scale, for the zoom overlay and the scale bar. */
export interface PlaneScale {
  /** Device pixels a voxel spans along the screen's horizontal (1 = one voxel a device pixel). */
  magnification: number;
  /** Millimetres a CSS pixel spans. */
  mmPerCssPixel: number;
}

/**
 * The scale of the plane a volume viewport shows, at any zoom and in any plane (oblique too): the voxel's extent
 * along the screen's horizontal is that of the volume's grid, seen along that direction (one axis's spacing when the
 * horizontal is an axis of the grid).
 */
export function planeScaleOf(viewport: Types.IVolumeViewport): PlaneScale | undefined {
  const imageData = viewport.getImageData();
  const mmPerCss = mmPerCssPixel(viewport);
  if (!imageData || !(mmPerCss > 0)) return undefined;
  const a = viewport.canvasToWorld([0, 0]);
  const b = viewport.canvasToWorld([100, 0]);
  const right = [0, 1, 2].map((axis) => (b[axis]! - a[axis]!) / (mmPerCss * 100));
  const { spacing, direction } = imageData;
  // Voxels crossed a millimetre along `right` on each grid axis (the rows of `direction` are the grid's axes).
  const voxelsPerMm = [0, 1, 2].map((axis) => (right[0]! * direction[axis * 3]! + right[1]! * direction[axis * 3 + 1]! + right[2]! * direction[axis * 3 + 2]!) / spacing[axis]!);
  const mmPerVoxel = 1 / Math.hypot(...voxelsPerMm);
  return { magnification: (mmPerVoxel * devicePixelRatio) / mmPerCss, mmPerCssPixel: mmPerCss };
}

/** Where a volume viewport looks: the slice (its index along the view), the focal point and the orientation. */
export interface VolumePosition {
  imageIndex: number;
  focalPoint: Vector3;
  viewPlaneNormal: Vector3;
  viewUp: Vector3;
}

export function volumePositionOf(viewport: Types.IVolumeViewport): VolumePosition {
  const { cameraFocalPoint, viewPlaneNormal, viewUp, sliceIndex } = viewport.getViewReference();
  const vector = (value: Types.Point3 | undefined): Vector3 => [value?.[0] ?? 0, value?.[1] ?? 0, value?.[2] ?? 0];
  return { imageIndex: sliceIndex ?? viewport.getSliceIndex(), focalPoint: vector(cameraFocalPoint), viewPlaneNormal: vector(viewPlaneNormal), viewUp: vector(viewUp) };
}

/**
 * Moves a volume viewport to a position: a focal point (and orientation) from a state, else a slice index along the
 * current view. The in-plane framing (zoom, pan) is the presentation's, and stays.
 */
export function setVolumePosition(viewport: Types.IVolumeViewport, position: Partial<VolumePosition>): void {
  const current = viewport.getViewReference();
  if (position.focalPoint || position.viewPlaneNormal) {
    viewport.setViewReference({
      FrameOfReferenceUID: viewport.getFrameOfReferenceUID(),
      cameraFocalPoint: (position.focalPoint ?? current.cameraFocalPoint) as Types.Point3,
      viewPlaneNormal: (position.viewPlaneNormal ?? current.viewPlaneNormal) as Types.Point3,
      viewUp: (position.viewUp ?? current.viewUp) as Types.Point3,
    });
  } else if (position.imageIndex !== undefined) {
    viewport.setViewReference({ ...current, sliceIndex: Math.trunc(position.imageIndex) });
  }
}

/**
 * What a viewport shows, as `getViewportState()` reports it; `invert` is the caller's (a stack's is relative to each
 * image's own presentation). A volume viewport's state adds where it looks (focal point and orientation).
 */
export function viewStateOf(viewport: PlanarViewport, imageIndex: number, invert: boolean): ViewportState | undefined {
  const voi = voiOf(viewport);
  if (!voi) return undefined;
  const state: ViewportState = { imageIndex, ...voi, invert, ...presentationOf(viewport) };
  if (!isVolumeViewport(viewport)) return state;
  const { imageIndex: sliceIndex, ...position } = volumePositionOf(viewport);
  return { ...state, imageIndex: sliceIndex, ...position };
}

/**
 * Applies any part of a state to a volume viewport (a stack's image index and invert go through its controller):
 * the presentation first (a volume viewport flips by turning its camera round), then the position (focal point,
 * normal and up, as the state has them, flips included), VOI and invert; one render.
 */
export function applyVolumeState(viewport: Types.IVolumeViewport, state: Partial<ViewportState>): void {
  setPresentation(viewport, state);
  setVolumePosition(viewport, state);
  if (state.windowCenter !== undefined && state.windowWidth !== undefined) setVoi(viewport, { windowCenter: state.windowCenter, windowWidth: state.windowWidth });
  if (state.invert !== undefined) setInvert(viewport, state.invert);
  viewport.render();
}
