// `dicom-layout-applied`: a viewer's grid changed, whoever changed it (the page's attribute, property, setLayout(),
// setState(), a protocol, or the reader). Internal to the viewer's parts, such as a `<dicom-toolbar>` showing its
// layout: dispatched on the viewer itself, neither bubbling nor composed, and no public event of the element. The
// public `dicom-layout-change` fires for the reader's changes only, as change events do.

export class DicomLayoutAppliedEvent extends Event {
  constructor() {
    super('dicom-layout-applied', { bubbles: false, composed: false });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dicom-layout-applied': DicomLayoutAppliedEvent;
  }
}
