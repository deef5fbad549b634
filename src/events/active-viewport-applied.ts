// `dicom-active-viewport-applied`: another viewport of a viewer became the active one, whoever made it so (the page's
// `activate()`, `setState()`, a study hung, or the reader). Internal to the viewer's parts, such as a `<dicom-toolbar>`
// commanding the active viewport: dispatched on the viewer itself, neither bubbling nor composed, and no public
// event of the element. The public `dicom-active-viewport-change` fires for the reader's changes only.

export class DicomActiveViewportAppliedEvent extends Event {
  constructor() {
    super('dicom-active-viewport-applied', { bubbles: false, composed: false });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dicom-active-viewport-applied': DicomActiveViewportAppliedEvent;
  }
}
