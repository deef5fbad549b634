// What a framework's typing of the elements needs to know, in one place: each element's properties and its events.
import type { LitElement } from 'lit';
import type { DicomMeasurements } from './components/measurements/measurements.component.js';
import type { DicomStudyList } from './components/study-list/study-list.component.js';
import type { DicomToolbar } from './components/toolbar/toolbar.component.js';
import type { DicomViewport } from './components/viewport/viewport.component.js';
import type { DicomViewer } from './components/viewer/viewer.component.js';
import type { DicomSeriesBrowser } from './components/series-browser/series-browser.component.js';
import type { DicomActiveViewportChangeEvent } from './events/active-viewport-change.js';
import type { DicomLayoutChangeEvent } from './events/layout-change.js';
import type { DicomSeriesSelectEvent } from './events/series-select.js';
import type { DicomStudyLoadedEvent } from './events/study-loaded.js';
import type { DicomErrorEvent } from './events/error.js';
import type { DicomImageRenderedEvent } from './events/image-rendered.js';
import type { DicomLoadProgressEvent } from './events/load-progress.js';
import type { DicomMeasurementAddedEvent } from './events/measurement-added.js';
import type { DicomMeasurementChangedEvent } from './events/measurement-changed.js';
import type { DicomMeasurementRemovedEvent } from './events/measurement-removed.js';
import type { DicomMeasurementsLoadedEvent } from './events/measurements-loaded.js';
import type { DicomStudySelectEvent } from './events/study-select.js';
import type { DicomViewportChangedEvent } from './events/viewport-changed.js';

/** An element's own settable properties, all optional: not its methods, nor what LitElement and HTMLElement have. */
export type ElementProperties<E extends LitElement> = {
  [K in keyof E as K extends keyof LitElement ? never : E[K] extends (...args: never[]) => unknown ? never : K]?: E[K];
};

/** `<dicom-viewport>`'s events by name (its @event tags). */
export interface DicomViewportEventMap {
  'dicom-image-rendered': DicomImageRenderedEvent;
  'dicom-load-progress': DicomLoadProgressEvent;
  'dicom-viewport-changed': DicomViewportChangedEvent;
  'dicom-measurement-added': DicomMeasurementAddedEvent;
  'dicom-measurement-changed': DicomMeasurementChangedEvent;
  'dicom-measurement-removed': DicomMeasurementRemovedEvent;
  /** `setMeasurements()` / `clearMeasurements()` replaced them, or another series brought its own (a plain Event). */
  'dicom-measurements-replaced': Event;
  'dicom-measurements-loaded': DicomMeasurementsLoadedEvent;
  'dicom-error': DicomErrorEvent;
}

/** `<dicom-study-list>`'s events by name. */
export interface DicomStudyListEventMap {
  'dicom-study-select': DicomStudySelectEvent;
  'dicom-error': DicomErrorEvent;
}

/** `<dicom-measurements>` fires no events of its own (it follows its viewport's). */
export type DicomMeasurementsEventMap = Record<never, never>;

/** `<dicom-toolbar>` fires no events of its own (it calls its viewport's `execute()` and writes its viewer's properties). */
export type DicomToolbarEventMap = Record<never, never>;

/** `<dicom-viewer>`'s events by name. */
export interface DicomViewerEventMap {
  'dicom-study-loaded': DicomStudyLoadedEvent;
  'dicom-series-select': DicomSeriesSelectEvent;
  'dicom-layout-change': DicomLayoutChangeEvent;
  'dicom-active-viewport-change': DicomActiveViewportChangeEvent;
  'dicom-error': DicomErrorEvent;
}

/** `<dicom-series-browser>`'s events by name. */
export interface DicomSeriesBrowserEventMap {
  'dicom-series-select': DicomSeriesSelectEvent;
  'dicom-error': DicomErrorEvent;
}

/** Every element by tag, with its class and its events. */
export interface DicomElements {
  'dicom-viewport': { element: DicomViewport; events: DicomViewportEventMap };
  'dicom-study-list': { element: DicomStudyList; events: DicomStudyListEventMap };
  'dicom-measurements': { element: DicomMeasurements; events: DicomMeasurementsEventMap };
  'dicom-toolbar': { element: DicomToolbar; events: DicomToolbarEventMap };
  'dicom-viewer': { element: DicomViewer; events: DicomViewerEventMap };
  'dicom-series-browser': { element: DicomSeriesBrowser; events: DicomSeriesBrowserEventMap };
}
