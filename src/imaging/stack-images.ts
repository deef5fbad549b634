// A stack's frames known to Cornerstone's loader while an element shows them: their metadata, their locations.
import { cache, imageLoadPoolManager, imageRetrievalPoolManager } from '@cornerstonejs/core';
// The loader's imageLoader entry, not its index: the index also re-exports the decode worker's code and with it
// every codec's glue, which belongs in the worker alone.
import dicomImageLoader from '@cornerstonejs/dicom-image-loader/imageLoader';
import { forgetFrameLocation, setFrameLocation } from './frame-locations.js';
import { abortFrameRequests } from './frame-requests.js';
import type { StackImages } from './stack-frames.js';

const metaDataManager = dicomImageLoader.wadors.metaDataManager;
/** How many shown stacks hold each image id: two viewports may show the same series. */
const holders = new Map<string, number>();

/**
 * Registers a stack's frames with the loader: the metadata it reads (a multi-frame instance's frames derive theirs
 * from frame 1's) and where each frame is retrieved from.
 */
export function registerStackImages({ imageIds, datasets, frameNumbers, locations }: StackImages): void {
  imageIds.forEach((imageId, index) => {
    if (frameNumbers[index] === 1) metaDataManager.add(imageId, datasets[index] as never);
    setFrameLocation(imageId, locations[index]!);
    holders.set(imageId, (holders.get(imageId) ?? 0) + 1);
  });
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
  forgetFrameLocation(imageId);
}
