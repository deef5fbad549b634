// `dicom-measurement-changed`: A measurement was edited: moved, reshaped by its handles, renamed, or undone/redone; once at the end of an edit, never on every mouse move.
// `detail` is the measurement as JSON (src/measurements/measurement.schema.json).
import type { Measurement } from '../measurements/measurement.js';

export type DicomMeasurementChangedDetail = Measurement;

export class DicomMeasurementChangedEvent extends CustomEvent<DicomMeasurementChangedDetail> {
  constructor(detail: DicomMeasurementChangedDetail) {
    super('dicom-measurement-changed', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dicom-measurement-changed': DicomMeasurementChangedEvent;
  }
}
