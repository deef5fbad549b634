// `dicom-study-select`: the user chose a study in a study list (Enter or double-click).
import type { DicomJsonDataset } from '../dicomweb/dicom-json.js';

export interface DicomStudySelectDetail {
  studyInstanceUid: string;
  patientId?: string;
  patientName?: string;
  /** The study's QIDO-RS result as the server gave it. */
  study: DicomJsonDataset;
}

export class DicomStudySelectEvent extends CustomEvent<DicomStudySelectDetail> {
  constructor(detail: DicomStudySelectDetail) {
    super('dicom-study-select', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dicom-study-select': DicomStudySelectEvent;
  }
}
