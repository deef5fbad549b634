// `dicom-measurement-removed`: A measurement was deleted (Delete key, the list, clearMeasurements(), undo of its drawing).
// `detail` is the measurement as JSON (src/measurements/measurement.schema.json).
import type { Measurement } from '../measurements/measurement.js';

export type DicomMeasurementRemovedDetail = Measurement;

export class DicomMeasurementRemovedEvent extends CustomEvent<DicomMeasurementRemovedDetail> {
  constructor(detail: DicomMeasurementRemovedDetail) {
    super('dicom-measurement-removed', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dicom-measurement-removed': DicomMeasurementRemovedEvent;
  }
}
