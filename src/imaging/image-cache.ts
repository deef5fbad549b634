// Whether Cornerstone's image cache holds an image decoded: a second viewport on a series fetches none of it again.
import { cache } from '@cornerstonejs/core';

export function isImageCached(imageId: string): boolean {
  return cache.isLoaded(imageId);
}
