// Defines <dicom-toolbar>; importing it twice (two bundles on one page) is harmless.
import { DicomToolbar } from './toolbar.component.js';

export { DicomToolbar };
export type { ToolbarViewer } from './toolbar.component.js';

if (!customElements.get('dicom-toolbar')) customElements.define('dicom-toolbar', DicomToolbar);

declare global {
  interface HTMLElementTagNameMap {
    'dicom-toolbar': DicomToolbar;
  }
}
