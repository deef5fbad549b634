// `dicom-view-presented`: a viewport's mapping from the patient's space to its canvas changed (zoom, pan, rotation,
// flips, a new size), whoever changed it: the reader, the page or a synchronizer. Internal to containers such as
// `<dicom-viewer>`, which draw over a viewport in canvas coordinates (reference lines); it does not leave the
// container's shadow root (not composed), and it is no public event of the element.

export class DicomViewPresentedEvent extends Event {
  constructor() {
    super('dicom-view-presented', { bubbles: true, composed: false });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dicom-view-presented': DicomViewPresentedEvent;
  }
}
