// The images of a decimated volume (Cornerstone's decimated volume loader): its ids (`<scheme>-decimated:…`, perhaps
// ending `#decimation=N`, volume-decimation.ts) are answered from the context's own images. The metadata is the
// context id's (the loader's volume modifiers shrink it to the decimated grid), and the pixels are the context's
// loader's, which resamples each slice to the size the volume's target buffer asks for (target-buffer.ts).
import { cache, imageLoader, metaData, type Types } from '@cornerstonejs/core';
import type { ImagingContext } from '../imaging-context.js';
import { decimatedSchemeOf, parseDecimatedImageId } from '../volume-decimation.js';

// Cornerstone's metadata registry is the page's: the one provider that maps decimated ids back is added once a
// page, as startImaging() sets Cornerstone up once (a module-level flag, since the registry it goes into is too).
let metadataProvided = false;

/** Makes a context's decimated ids loadable and described; idempotent. */
export function connectDecimatedImages(context: ImagingContext): void {
  if (!metadataProvided) {
    metadataProvided = true;
    metaData.addProvider((type: string, imageId: string) => {
      const parsed = typeof imageId === 'string' ? parseDecimatedImageId(imageId) : undefined;
      return parsed ? metaData.get(type, parsed.imageId) : undefined;
    }, 10_000);
  }
  // The context keeps the mark, so it lives and dies with the context (and the loader scheme is the context's own).
  if (context.decimatedLoaderRegistered) return;
  context.decimatedLoaderRegistered = true;
  imageLoader.registerImageLoader(decimatedSchemeOf(context.images.scheme), (imageId, options) => {
    const parsed = parseDecimatedImageId(imageId);
    if (!parsed) return { promise: Promise.reject(new Error(`${imageId} is not a decimated image id`)), cancelFn: undefined };
    const promise = imageLoader.loadImage(parsed.imageId, options as never).then((image) => ({ ...image, imageId }) as Types.IImage);
    return { promise, cancelFn: undefined };
  });
}

/** Frees a decimated volume's images (they are cached under their own ids, which no stack holds). */
export function removeDecimatedImages(imageIds: readonly string[]): void {
  for (const imageId of imageIds) if (cache.getImageLoadObject(imageId)) cache.removeImageLoadObject(imageId, { force: true });
}
