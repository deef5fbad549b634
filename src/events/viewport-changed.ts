// `dicom-viewport-changed`: the user changed the view (window/level, zoom, pan, slice); never fired for property sets.

export interface DicomViewportChangedDetail {
  windowCenter: number;
  windowWidth: number;
  imageIndex: number;
}

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
