// The DICOMweb source an element reads from: one the page assigned, or one made from its `dicomweb-root` and kept
// while the root stays the same (so an auth hook set on it survives re-renders).
import { DicomwebSource } from '../../dicomweb/source.js';

export class DicomwebSourceHolder {
  private assigned?: DicomwebSource;
  private own?: DicomwebSource;
  private ownRoot = '';

  sourceFor(dicomwebRoot: string): DicomwebSource | undefined {
    if (this.assigned) return this.assigned;
    if (!dicomwebRoot) return undefined;
    if (!this.own || this.ownRoot !== dicomwebRoot) {
      this.own = new DicomwebSource(dicomwebRoot);
      this.ownRoot = dicomwebRoot;
    }
    return this.own;
  }

  assign(source: DicomwebSource | undefined): void {
    this.assigned = source;
  }
}
