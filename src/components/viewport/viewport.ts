// Defines <dicom-viewport>; importing it twice (two bundles on one page) is harmless.
import { DicomViewport } from './viewport.component.js';

export { DicomViewport };

if (!customElements.get('dicom-viewport')) customElements.define('dicom-viewport', DicomViewport);

declare global {
  interface HTMLElementTagNameMap {
    'dicom-viewport': DicomViewport;
  }
}
