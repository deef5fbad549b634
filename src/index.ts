// dicom-lightbox for the browser: importing this module defines the elements.
export { DicomViewport } from './components/viewport/viewport.js';
export { DicomStudyList } from './components/study-list/study-list.js';
export { DicomMeasurements } from './components/measurements/measurements.js';
export { DicomToolbar, type ToolbarViewer } from './components/toolbar/toolbar.js';
export { DicomViewer } from './components/viewer/viewer.js';
export type { LoadStudyOptions, ViewerProtocol, Hanging, ViewportAssignment } from './components/viewer/viewer.component.js';
export type { ViewerState, ViewerViewportState } from './components/viewer/viewer-state.js';
export type { ProtocolInput } from './components/viewer/protocol.js';
export { DicomSeriesBrowser } from './components/series-browser/series-browser.js';
export * from './events/index.js';
export * from './dicomweb/index.js';
export { initImaging } from './components/viewport/load-viewport-engine.js';
export { registerMessages } from './components/shared/localize-controller.js';
export type { MessageKey, Messages, MessageSource } from './i18n/index.js';
export type { ImagingOptions } from './imaging/init.js';
export { getImagingStats, type ImagingStats } from './imaging/imaging-stats.js';
