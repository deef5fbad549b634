// dicom-lightbox for the browser: importing this module defines the elements.
export { DicomViewport } from './components/viewport/viewport.js';
export { DicomStudyList } from './components/study-list/study-list.js';
export { DicomMeasurements } from './components/measurements/measurements.js';
export { DicomToolbar, type ToolbarViewer } from './components/toolbar/toolbar.js';
export * from './events/index.js';
export * from './dicomweb/index.js';
export { initImaging } from './components/viewport/load-viewport-engine.js';
export type { ImagingOptions } from './imaging/init.js';
export { getImagingStats, type ImagingStats } from './imaging/imaging-stats.js';
