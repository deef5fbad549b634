// Where each registered image id's frame lives: the DICOMweb source that serves it (with its auth hook, retries
// and typed errors) and the frame's UIDs, so the loader asks the data layer for it instead of parsing the URL.
import type { DicomwebSource } from '../dicomweb/source.js';

export interface FrameLocation {
  source: DicomwebSource;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  /** 1-based. */
  frameNumber: number;
}

const locations = new Map<string, FrameLocation>();

/** The latest registration wins: two sources with the same root name the same frames. */
export function setFrameLocation(imageId: string, location: FrameLocation): void {
  locations.set(imageId, location);
}

export function frameLocationOf(imageId: string): FrameLocation | undefined {
  return locations.get(imageId);
}

export function forgetFrameLocation(imageId: string): void {
  locations.delete(imageId);
}
