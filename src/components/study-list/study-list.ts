// Defines <dicom-study-list>; importing it twice (two bundles on one page) is harmless.
import { DicomStudyList } from './study-list.component.js';

export { DicomStudyList };

if (!customElements.get('dicom-study-list')) customElements.define('dicom-study-list', DicomStudyList);

declare global {
  interface HTMLElementTagNameMap {
    'dicom-study-list': DicomStudyList;
  }
}
