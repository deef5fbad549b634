// `dicom-measurements-loaded`: the study's latest measurement report (DICOM SR, TID 1500) was found and its
// measurements shown, read-only until edited. `detail` says which report, how many it gave, and what it held that
// could not be shown, and why.
export interface DicomMeasurementsLoadedDetail {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  /** How many measurements were loaded from it. */
  loaded: number;
  /** One line for each measurement group of the report that could not be shown: its name and the reason. */
  skipped: string[];
}

export class DicomMeasurementsLoadedEvent extends CustomEvent<DicomMeasurementsLoadedDetail> {
  constructor(detail: DicomMeasurementsLoadedDetail) {
    super('dicom-measurements-loaded', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dicom-measurements-loaded': DicomMeasurementsLoadedEvent;
  }
}
