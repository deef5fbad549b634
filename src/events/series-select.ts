// `dicom-series-select`: the user chose a series to show (a series browser's click, Enter or drop onto a viewport).
import type { DicomJsonDataset } from '../dicomweb/dicom-json.js';

export interface DicomSeriesSelectDetail {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  /** The series' QIDO-RS result, when the chooser had it. */
  series?: DicomJsonDataset;
  /** The viewport of the viewer's grid it goes to (0-based); absent: the active one. */
  viewportIndex?: number;
  /** Shown beside what is on screen (a prior opened for comparison) rather than in the active viewport. */
  beside?: boolean;
}

export class DicomSeriesSelectEvent extends CustomEvent<DicomSeriesSelectDetail> {
  constructor(detail: DicomSeriesSelectDetail) {
    super('dicom-series-select', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dicom-series-select': DicomSeriesSelectEvent;
  }
}
