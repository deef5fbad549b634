// Defines <dicom-series-browser>; importing it twice (two bundles on one page) is harmless.
import { DicomSeriesBrowser } from './series-browser.component.js';

export { DicomSeriesBrowser };

if (!customElements.get('dicom-series-browser')) customElements.define('dicom-series-browser', DicomSeriesBrowser);

declare global {
  interface HTMLElementTagNameMap {
    'dicom-series-browser': DicomSeriesBrowser;
  }
}
