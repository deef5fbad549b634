// `dicom-layout-change`: a viewer's grid changed (attribute, property, setLayout() or the toolbar's picker).

export interface DicomLayoutChangeDetail {
  /** Rows x columns, such as `2x2`. */
  layout: string;
}

export class DicomLayoutChangeEvent extends CustomEvent<DicomLayoutChangeDetail> {
  constructor(detail: DicomLayoutChangeDetail) {
    super('dicom-layout-change', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dicom-layout-change': DicomLayoutChangeEvent;
  }
}
