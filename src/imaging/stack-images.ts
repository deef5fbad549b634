// A stack's frames known to Cornerstone while an element shows them: their metadata in Cornerstone's (page-global)
// metadata store and their decoded images in its cache, under the image ids and registry of the element's context.
import { cache, imageLoadPoolManager, imageRetrievalPoolManager } from '@cornerstonejs/core';
// The loader's imageLoader entry, not its index: the index also re-exports the decode worker's code and with it
// every codec's glue, which belongs in the worker alone.
import dicomImageLoader from '@cornerstonejs/dicom-image-loader/imageLoader';
import type { ImagingContext } from './imaging-context.js';
import type { StackImages } from './stack-frames.js';

const metaDataManager = dicomImageLoader.wadors.metaDataManager;

/**
 * Registers a stack's frames (image ids of the context, imaging-context.ts) with the loader: the metadata it reads
 * (a multi-frame instance's frames derive theirs from frame 1's) and where each frame is retrieved from.
 */
export function registerStackImages(context: ImagingContext, stack: StackImages): void {
  const { imageIds, datasets, frameNumbers } = stack;
  imageIds.forEach((imageId, index) => {
    if (frameNumbers[index] === 1) metaDataManager.add(imageId, datasets[index] as never);
  });
  context.images.holdStack(stack);
}

/**
 * Forgets the metadata and evicts the decoded images of a stack no element shows any more: queued requests are
 * dropped, requests in flight aborted, and an image still loading is evicted once it settles (evicting it earlier
 * fails its load).
 */
export function releaseStackImages(context: ImagingContext, imageIds: readonly string[]): void {
  const released = context.images.releaseStack(imageIds);
  if (released.size === 0) return;
  const stillWanted = ({ additionalDetails }: { additionalDetails?: { imageId?: string } }) =>
    !additionalDetails?.imageId || !released.has(additionalDetails.imageId);
  imageRetrievalPoolManager.filterRequests(stillWanted as never);
  imageLoadPoolManager.filterRequests(stillWanted as never);
  for (const imageId of released) {
    const loadObject = cache.getImageLoadObject(imageId);
    if (!loadObject || cache.isLoaded(imageId)) evict(context, imageId);
    else loadObject.promise.then(() => evict(context, imageId), () => evict(context, imageId));
  }
}

/** Removes an image unless a stack took it up again meanwhile; its metadata goes with it (the loader needs both). */
function evict(context: ImagingContext, imageId: string): void {
  if (context.images.isHeld(imageId)) return;
  if (cache.getImageLoadObject(imageId)) cache.removeImageLoadObject(imageId, { force: true });
  metaDataManager.remove(imageId);
  context.images.evicted(imageId);
}
