// Where a frame lives: the DICOMweb source that serves it (with its auth hook, retries and typed errors) and the
// frame's UIDs, so the loader asks the data layer for it instead of parsing the URL. The imaging context's
// registry (image-registry.ts) holds each registered image's location.
import type { DicomwebSource } from '../dicomweb/source.js';

export interface FrameLocation {
  source: DicomwebSource;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  /** 1-based. */
  frameNumber: number;
}
