export { DicomErrorEvent, type DicomErrorDetail } from './error.js';
export { DicomImageRenderedEvent, type DicomImageRenderedDetail } from './image-rendered.js';
export { DicomLoadProgressEvent, type DicomLoadProgressDetail } from './load-progress.js';
export { DicomViewportChangedEvent, type DicomViewportChangedDetail, type ViewportState } from './viewport-changed.js';
export { DicomStudySelectEvent, type DicomStudySelectDetail } from './study-select.js';
export { DicomMeasurementAddedEvent, type DicomMeasurementAddedDetail } from './measurement-added.js';
export { DicomMeasurementChangedEvent, type DicomMeasurementChangedDetail } from './measurement-changed.js';
export { DicomMeasurementRemovedEvent, type DicomMeasurementRemovedDetail } from './measurement-removed.js';
export type { Measurement, MeasurementType, MeasurementValue } from '../measurements/measurement.js';
