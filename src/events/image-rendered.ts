// `dicom-image-rendered`: a new image of the stack is on screen.

export interface DicomImageRenderedDetail {
  /** Index in the stack, 0-based. */
  imageIndex: number;
  imageCount: number;
  imageId: string;
}

export class DicomImageRenderedEvent extends CustomEvent<DicomImageRenderedDetail> {
  constructor(detail: DicomImageRenderedDetail) {
    super('dicom-image-rendered', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dicom-image-rendered': DicomImageRenderedEvent;
  }
}
