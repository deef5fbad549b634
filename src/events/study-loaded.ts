// `dicom-study-loaded`: a viewer opened a study (its series are known and hung in the viewports).
import type { DicomJsonDataset } from '../dicomweb/dicom-json.js';

export interface DicomStudyLoadedDetail {
  studyInstanceUid: string;
  /** The study's series (QIDO-RS results) as the server gave them. */
  series: DicomJsonDataset[];
  /** The patient's other studies opened beside it (StudyInstanceUIDs). */
  priors: string[];
}

export class DicomStudyLoadedEvent extends CustomEvent<DicomStudyLoadedDetail> {
  constructor(detail: DicomStudyLoadedDetail) {
    super('dicom-study-loaded', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dicom-study-loaded': DicomStudyLoadedEvent;
  }
}
