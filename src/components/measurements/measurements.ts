// Defines <dicom-measurements>; importing it twice (two bundles on one page) is harmless.
import { DicomMeasurements } from './measurements.component.js';

export { DicomMeasurements };

if (!customElements.get('dicom-measurements')) customElements.define('dicom-measurements', DicomMeasurements);

declare global {
  interface HTMLElementTagNameMap {
    'dicom-measurements': DicomMeasurements;
  }
}
