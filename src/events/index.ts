export { DicomErrorEvent, type DicomErrorDetail } from './error.js';
export { DicomImageRenderedEvent, type DicomImageRenderedDetail } from './image-rendered.js';
export { DicomLoadProgressEvent, type DicomLoadProgressDetail } from './load-progress.js';
export { DicomViewportChangedEvent, type DicomViewportChangedDetail, type ViewportState } from './viewport-changed.js';
export { DicomStudySelectEvent, type DicomStudySelectDetail } from './study-select.js';
