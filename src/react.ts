// dicom-lightbox/react: the elements as React components, for React 18 (which passes custom elements attributes
// only, and no custom events): properties are set as properties, events are typed props. Made by @lit/react.
// React 19 can use the tags directly (typing: dicom-lightbox/jsx, included here).
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { DicomMeasurements as DicomMeasurementsElement } from './components/measurements/measurements.js';
import { DicomStudyList as DicomStudyListElement } from './components/study-list/study-list.js';
import { DicomToolbar as DicomToolbarElement } from './components/toolbar/toolbar.js';
import { DicomViewport as DicomViewportElement } from './components/viewport/viewport.js';
import { DicomViewer as DicomViewerElement } from './components/viewer/viewer.js';
import { DicomSeriesBrowser as DicomSeriesBrowserElement } from './components/series-browser/series-browser.js';
import type {
  DicomActiveViewportChangeEvent,
  DicomErrorEvent,
  DicomLayoutChangeEvent,
  DicomSeriesSelectEvent,
  DicomStudyLoadedEvent,
  DicomImageRenderedEvent,
  DicomLoadProgressEvent,
  DicomMeasurementAddedEvent,
  DicomMeasurementChangedEvent,
  DicomMeasurementRemovedEvent,
  DicomMeasurementsLoadedEvent,
  DicomStudySelectEvent,
  DicomViewportChangedEvent,
} from './events/index.js';
import type {} from './jsx.js';

/** `<dicom-viewport>`: `<DicomViewport series={uid} onDicomError={(event) => …} />`. */
export const DicomViewport = createComponent({
  tagName: 'dicom-viewport',
  elementClass: DicomViewportElement,
  react: React,
  events: {
    onDicomImageRendered: 'dicom-image-rendered' as EventName<DicomImageRenderedEvent>,
    onDicomLoadProgress: 'dicom-load-progress' as EventName<DicomLoadProgressEvent>,
    onDicomViewportChanged: 'dicom-viewport-changed' as EventName<DicomViewportChangedEvent>,
    onDicomMeasurementAdded: 'dicom-measurement-added' as EventName<DicomMeasurementAddedEvent>,
    onDicomMeasurementChanged: 'dicom-measurement-changed' as EventName<DicomMeasurementChangedEvent>,
    onDicomMeasurementRemoved: 'dicom-measurement-removed' as EventName<DicomMeasurementRemovedEvent>,
    onDicomMeasurementsReplaced: 'dicom-measurements-replaced',
    onDicomMeasurementsLoaded: 'dicom-measurements-loaded' as EventName<DicomMeasurementsLoadedEvent>,
    onDicomError: 'dicom-error' as EventName<DicomErrorEvent>,
  },
  displayName: 'DicomViewport',
});

/** `<dicom-study-list>`: `<DicomStudyList dicomwebRoot={url} onDicomStudySelect={(event) => …} />`. */
export const DicomStudyList = createComponent({
  tagName: 'dicom-study-list',
  elementClass: DicomStudyListElement,
  react: React,
  events: {
    onDicomStudySelect: 'dicom-study-select' as EventName<DicomStudySelectEvent>,
    onDicomError: 'dicom-error' as EventName<DicomErrorEvent>,
  },
  displayName: 'DicomStudyList',
});

/** `<dicom-measurements>`: `<DicomMeasurements for="viewport-id" />`, the list of a viewport's measurements. */
export const DicomMeasurements = createComponent({
  tagName: 'dicom-measurements',
  elementClass: DicomMeasurementsElement,
  react: React,
  displayName: 'DicomMeasurements',
});

/** `<dicom-toolbar>`: `<DicomToolbar for="viewport-id" />`, or `viewer={viewerElement}`; the controls of a viewport. */
export const DicomToolbar = createComponent({
  tagName: 'dicom-toolbar',
  elementClass: DicomToolbarElement,
  react: React,
  displayName: 'DicomToolbar',
});

/** `<dicom-viewer>`: `<DicomViewer dicomwebRoot={url} study={uid} layout="2x2" onDicomStudyLoaded={(event) => …} />`. */
export const DicomViewer = createComponent({
  tagName: 'dicom-viewer',
  elementClass: DicomViewerElement,
  react: React,
  events: {
    onDicomStudyLoaded: 'dicom-study-loaded' as EventName<DicomStudyLoadedEvent>,
    onDicomSeriesSelect: 'dicom-series-select' as EventName<DicomSeriesSelectEvent>,
    onDicomLayoutChange: 'dicom-layout-change' as EventName<DicomLayoutChangeEvent>,
    onDicomActiveViewportChange: 'dicom-active-viewport-change' as EventName<DicomActiveViewportChangeEvent>,
    onDicomError: 'dicom-error' as EventName<DicomErrorEvent>,
  },
  displayName: 'DicomViewer',
});

/** `<dicom-series-browser>`: `<DicomSeriesBrowser study={uid} onDicomSeriesSelect={(event) => …} />`. */
export const DicomSeriesBrowser = createComponent({
  tagName: 'dicom-series-browser',
  elementClass: DicomSeriesBrowserElement,
  react: React,
  events: {
    onDicomSeriesSelect: 'dicom-series-select' as EventName<DicomSeriesSelectEvent>,
    onDicomError: 'dicom-error' as EventName<DicomErrorEvent>,
  },
  displayName: 'DicomSeriesBrowser',
});
