// dicom-lightbox/react: the elements as React components, for React 18 (which passes custom elements attributes
// only, and no custom events): properties are set as properties, events are typed props. Made by @lit/react.
// React 19 can use the tags directly (typing: dicom-lightbox/jsx, included here).
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { DicomStudyList as DicomStudyListElement } from './components/study-list/study-list.js';
import { DicomViewport as DicomViewportElement } from './components/viewport/viewport.js';
import type { DicomErrorEvent, DicomImageRenderedEvent, DicomLoadProgressEvent, DicomStudySelectEvent, DicomViewportChangedEvent } from './events/index.js';
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
