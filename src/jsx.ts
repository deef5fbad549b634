// JSX typing of the elements for React 19, which sets properties and listens to custom events on custom elements
// itself: `<dicom-viewport series={uid} ondicom-error={(event) => …} />`. Types only: with `import 'dicom-lightbox'`
// (which defines the elements), add `import type {} from 'dicom-lightbox/jsx'` once, or "dicom-lightbox/jsx" to
// tsconfig's `types`. React 18 passes neither properties nor custom events: use `dicom-lightbox/react` there.
import type { DOMAttributes, HTMLAttributes, RefAttributes } from 'react';
import type { DicomElements, ElementProperties } from './element-types.js';

/** React 19 listens to a custom element's event `name` for a prop `on<name>` (the name as it is, no case change). */
export type ReactEventProps<Events> = { [K in keyof Events & string as `on${K}`]?: (event: Events[K]) => void };

/** The props of one element in JSX: its properties, its events, and what every HTML element takes. */
export type ReactElementProps<Tag extends keyof DicomElements> = ElementProperties<DicomElements[Tag]['element']> &
  ReactEventProps<DicomElements[Tag]['events']> &
  HTMLAttributes<DicomElements[Tag]['element']> &
  DOMAttributes<DicomElements[Tag]['element']> &
  RefAttributes<DicomElements[Tag]['element']>;

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'dicom-viewport': ReactElementProps<'dicom-viewport'>;
      'dicom-study-list': ReactElementProps<'dicom-study-list'>;
      'dicom-measurements': ReactElementProps<'dicom-measurements'>;
      'dicom-toolbar': ReactElementProps<'dicom-toolbar'>;
      'dicom-viewer': ReactElementProps<'dicom-viewer'>;
      'dicom-series-browser': ReactElementProps<'dicom-series-browser'>;
    }
  }
}
