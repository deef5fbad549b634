// `dicom-measurement-added`: A measurement was drawn (or set by setMeasurements() when it was not there).
// `detail` is the measurement as JSON (src/measurements/measurement.schema.json).
import type { Measurement } from '../measurements/measurement.js';

export type DicomMeasurementAddedDetail = Measurement;

export class DicomMeasurementAddedEvent extends CustomEvent<DicomMeasurementAddedDetail> {
  constructor(detail: DicomMeasurementAddedDetail) {
    super('dicom-measurement-added', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dicom-measurement-added': DicomMeasurementAddedEvent;
  }
}
