// Defines <dicom-viewer> and the elements it is made of; importing it twice (two bundles on one page) is harmless.
import { DicomViewer } from './viewer.component.js';
import '../viewport/viewport.js';
import '../series-browser/series-browser.js';
import '../measurements/measurements.js';

export { DicomViewer };

if (!customElements.get('dicom-viewer')) customElements.define('dicom-viewer', DicomViewer);

declare global {
  interface HTMLElementTagNameMap {
    'dicom-viewer': DicomViewer;
  }
}
