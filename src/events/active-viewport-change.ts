// `dicom-active-viewport-change`: another viewport of a viewer became the active one (clicked or focused), the one a
// toolbar's commands go to.
import type { DicomViewport } from '../components/viewport/viewport.component.js';

export interface DicomActiveViewportChangeDetail {
  /** Its place in the grid, 0-based, row by row. */
  index: number;
  viewport: DicomViewport;
}

export class DicomActiveViewportChangeEvent extends CustomEvent<DicomActiveViewportChangeDetail> {
  constructor(detail: DicomActiveViewportChangeDetail) {
    super('dicom-active-viewport-change', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dicom-active-viewport-change': DicomActiveViewportChangeEvent;
  }
}
