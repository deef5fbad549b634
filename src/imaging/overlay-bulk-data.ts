// An image's overlay planes as one mask: DICOMweb metadata gives Overlay Data by BulkDataURI (or InlineBinary),
// retrieved through the source (its auth, retries and typed errors) when the image is shown, not before the stack
// is built: the first image of a long series does not wait for every instance's overlays.
import type { DicomJsonDataset, DicomJsonElement } from '../dicomweb/dicom-json.js';
import { numberOf } from '../dicomweb/dicom-json.js';
import type { DicomwebSource } from '../dicomweb/source.js';
import { addOverlayToMask, overlayFrameFor, overlayPlanesOf } from './overlay-planes.js';

/** The pixels of an image covered by any of its overlay planes: 1 where covered, row by row. */
export interface OverlayMask {
  rows: number;
  columns: number;
  mask: Uint8Array;
}

async function bytesOf(source: DicomwebSource, element: DicomJsonElement, signal?: AbortSignal): Promise<Uint8Array> {
  if (element.InlineBinary) return Uint8Array.from(atob(element.InlineBinary), (c) => c.charCodeAt(0));
  return source.retrieveBulkData(element.BulkDataURI!, { signal });
}

/**
 * The mask of an instance's overlay planes over one of its frames (1-based); undefined when no plane lies over it.
 * `bulkData` keeps the bytes retrieved for each element, so scrolling back to an image asks the server nothing.
 */
export async function overlayMaskOf(
  source: DicomwebSource,
  instance: DicomJsonDataset,
  frame: number,
  bulkData: WeakMap<DicomJsonElement, Promise<Uint8Array>>,
  signal?: AbortSignal,
): Promise<OverlayMask | undefined> {
  const rows = numberOf(instance, 'Rows');
  const columns = numberOf(instance, 'Columns');
  if (!rows || !columns) return undefined;
  const planes = overlayPlanesOf(instance).flatMap((plane) => {
    const planeFrame = overlayFrameFor(plane, frame);
    return planeFrame === undefined ? [] : [{ plane, planeFrame }];
  });
  if (planes.length === 0) return undefined;
  const mask = new Uint8Array(rows * columns);
  const retrieve = (element: DicomJsonElement): Promise<Uint8Array> => {
    const bytes = bytesOf(source, element, signal);
    bulkData.set(element, bytes);
    // A failed or aborted retrieval is asked for again next time.
    bytes.catch(() => bulkData.get(element) === bytes && bulkData.delete(element));
    return bytes;
  };
  for (const { plane, planeFrame } of planes) {
    const kept = bulkData.get(plane.data);
    let bytes: Uint8Array;
    try {
      bytes = await (kept ?? retrieve(plane.data));
    } catch (error) {
      // A kept retrieval that an earlier, aborted showing of the image started: this one asks again.
      if (!kept || signal?.aborted) throw error;
      bytes = await retrieve(plane.data);
    }
    addOverlayToMask(mask, { rows, columns }, plane, bytes, planeFrame);
  }
  return { rows, columns, mask };
}
