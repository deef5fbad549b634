// `dicom-viewport-changed`: the user changed the view (window/level, zoom, pan, rotation, flip, invert, slice);
// never fired for property sets or method calls.

/** Everything that makes up what a viewport shows (of its stack, or of its volume); `getViewportState()` returns it, `setViewportState()` takes it. */
export interface ViewportState {
  /** The image on screen, 0-based. */
  imageIndex: number;
  windowCenter: number;
  windowWidth: number;
  /** Inverted relative to the image's own presentation (a MONOCHROME1 image shows dark-on-light with `invert` false). */
  invert: boolean;
  /** Magnification relative to the image fitted to the viewport (1 = fit). */
  zoom: number;
  /**
   * How far the view is moved from where fitting puts the image: [right, down] in CSS pixels of the canvas divided by
   * `zoom` (Cornerstone's view presentation: `getPan()` over the zoom); not fractions of the viewport's size.
   */
  pan: [number, number];
  /** Clockwise rotation in degrees. */
  rotation: number;
  flipHorizontal: boolean;
  flipVertical: boolean;
  /**
   * Volume viewports (MPR) only: the camera's focal point in patient coordinates (mm, LPS), which fixes the plane
   * shown; `imageIndex` is then the slice's index along the view.
   */
  focalPoint?: [number, number, number];
  /** Volume viewports only: the direction the view looks along, from the screen into the patient (unit, LPS). */
  viewPlaneNormal?: [number, number, number];
  /** Volume viewports only: the patient direction pointing up on screen (unit, LPS). */
  viewUp?: [number, number, number];
  /** Volume viewports only: the plane asked for (`orientation`). */
  orientation?: string;
  /** Volume viewports only: the slab's thickness in mm (0: a thin slice) and how it is projected. */
  slabThickness?: number;
  slabMode?: 'mip' | 'minip' | 'average';
  /** Volume renderings (`orientation="3d"`) only: where the camera stands and looks (patient mm, LPS). */
  camera?: RenderingCamera;
  /** Volume renderings only: the preset shown (`volume-preset`: `bone`, `soft-tissue`, `lung`, `angio`). */
  volumePreset?: string;
}

/** A volume rendering's camera: a rendering has no plane, so its view is the camera itself. */
export interface RenderingCamera {
  position: [number, number, number];
  focalPoint: [number, number, number];
  /** The patient direction pointing up on screen (unit, LPS). */
  viewUp: [number, number, number];
  /** Orthographic (true: `parallelScale` applies) or perspective (`viewAngle` applies). */
  parallelProjection: boolean;
  /** Half the height of the view in mm, for an orthographic camera. */
  parallelScale?: number;
  /** The vertical field of view in degrees, for a perspective camera. */
  viewAngle?: number;
}

export type DicomViewportChangedDetail = ViewportState;

export class DicomViewportChangedEvent extends CustomEvent<DicomViewportChangedDetail> {
  constructor(detail: DicomViewportChangedDetail) {
    super('dicom-viewport-changed', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dicom-viewport-changed': DicomViewportChangedEvent;
  }
}
