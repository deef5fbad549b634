// `dicom-load-progress`: how much of the shown series is loaded.

export interface DicomLoadProgressDetail {
  loaded: number;
  failed: number;
  total: number;
}

export class DicomLoadProgressEvent extends CustomEvent<DicomLoadProgressDetail> {
  constructor(detail: DicomLoadProgressDetail) {
    super('dicom-load-progress', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dicom-load-progress': DicomLoadProgressEvent;
  }
}
