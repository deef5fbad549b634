// How a series travels in a drag from a series browser to a viewer's viewport: one media type, JSON of two UIDs.
import type { ViewportAssignment } from '../viewer/protocol.js';

export const seriesDragType = 'application/x-dicom-lightbox-series';

/** The series a drag carries, or undefined when it carries none (or something malformed). */
export function draggedSeries(data: DataTransfer | null): ViewportAssignment | undefined {
  const text = data?.getData(seriesDragType);
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<ViewportAssignment>;
    if (typeof value.studyInstanceUid === 'string' && typeof value.seriesInstanceUid === 'string') {
      return { studyInstanceUid: value.studyInstanceUid, seriesInstanceUid: value.seriesInstanceUid };
    }
  } catch {
    // not ours
  }
  return undefined;
}
