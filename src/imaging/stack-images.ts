// Image ids for a series shown as a stack, with the DICOMweb metadata Cornerstone's loader reads for them.
import { cache, imageLoadPoolManager, imageRetrievalPoolManager } from '@cornerstonejs/core';
// The loader's imageLoader entry, not its index: the index also re-exports the decode worker's code and with it
// every codec's glue, which belongs in the worker alone.
import dicomImageLoader from '@cornerstonejs/dicom-image-loader/imageLoader';
import { numberOf, stringOf, type DicomJsonDataset } from '../dicomweb/dicom-json.js';
import type { DicomwebSource } from '../dicomweb/source.js';
import { abortFrameRequests } from './frame-requests.js';
import { orderForStack } from './stack-order.js';

const metaDataManager = dicomImageLoader.wadors.metaDataManager;
/** How many shown stacks hold each image id: two viewports may show the same series. */
const holders = new Map<string, number>();

/** A stack's images in order, each with its instance's metadata and frame number (1-based). */
export interface StackImages {
  imageIds: string[];
  datasets: DicomJsonDataset[];
  frameNumbers: number[];
}

/**
 * Registers every frame of the series with the loader and returns the image ids in stack order. A multi-frame
 * instance gives one id a frame; the loader derives the frames' metadata from frame 1's.
 */
export function registerStackImages(
  source: DicomwebSource,
  studyInstanceUid: string,
  seriesInstanceUid: string,
  instances: readonly DicomJsonDataset[],
): StackImages {
  const imageIds: string[] = [];
  const datasets: DicomJsonDataset[] = [];
  const frameNumbers: number[] = [];
  for (const instance of orderForStack(instances)) {
    const sopInstanceUid = stringOf(instance, 'SOPInstanceUID');
    if (!sopInstanceUid || numberOf(instance, 'Rows') === undefined) continue; // not an image (an SR, a KO…)
    const frames = numberOf(instance, 'NumberOfFrames') ?? 1;
    for (let frame = 1; frame <= frames; frame += 1) {
      const imageId = `wadors:${source.frameUrl(studyInstanceUid, seriesInstanceUid, sopInstanceUid, frame)}`;
      if (frame === 1) metaDataManager.add(imageId, instance as never);
      holders.set(imageId, (holders.get(imageId) ?? 0) + 1);
      imageIds.push(imageId);
      datasets.push(instance);
      frameNumbers.push(frame);
    }
  }
  return { imageIds, datasets, frameNumbers };
}

/**
 * Forgets the metadata and evicts the decoded images of a stack no element shows any more: queued requests are
 * dropped, requests in flight aborted, and an image still loading is evicted once it settles (evicting it earlier
 * fails its load).
 */
export function releaseStackImages(imageIds: readonly string[]): void {
  const released = new Set<string>();
  for (const imageId of imageIds) {
    const remaining = (holders.get(imageId) ?? 1) - 1;
    if (remaining > 0) {
      holders.set(imageId, remaining);
      continue;
    }
    holders.delete(imageId);
    released.add(imageId);
  }
  if (released.size === 0) return;
  const stillWanted = ({ additionalDetails }: { additionalDetails?: { imageId?: string } }) =>
    !additionalDetails?.imageId || !released.has(additionalDetails.imageId);
  imageRetrievalPoolManager.filterRequests(stillWanted as never);
  imageLoadPoolManager.filterRequests(stillWanted as never);
  abortFrameRequests(released);
  for (const imageId of released) {
    const loadObject = cache.getImageLoadObject(imageId);
    if (!loadObject || cache.isLoaded(imageId)) evict(imageId);
    else loadObject.promise.then(() => evict(imageId), () => evict(imageId));
  }
}

/** Removes an image unless a stack took it up again meanwhile; its metadata goes with it (the loader needs both). */
function evict(imageId: string): void {
  if (holders.has(imageId)) return;
  if (cache.getImageLoadObject(imageId)) cache.removeImageLoadObject(imageId, { force: true });
  metaDataManager.remove(imageId);
}
