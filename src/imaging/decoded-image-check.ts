// A decoded image whose sample count does not fit its rows, columns and samples per pixel is refused as a load
// failure (the viewport then says which image and why) rather than handed to the viewport, whose texture upload
// would throw outside any load promise: no error event, and a black square.
import type { Types } from '@cornerstonejs/core';

export class DecodedImageSizeError extends Error {
  override name = 'DecodedImageSizeError';
}

/** Throws DecodedImageSizeError when `image`'s pixel data is not rows × columns × its components. */
export function checkDecodedImageSize(image: Types.IImage): void {
  const { rows, columns } = image;
  const components = image.numberOfComponents ?? (image.color ? 3 : 1);
  const length = image.getPixelData()?.length ?? 0;
  const expected = rows * columns * components;
  // An RGBA image (Cornerstone's CPU rendering asks for them) may still hold RGB: createImage keeps native RGB.
  const rgba = image.rgba && length === rows * columns * 4;
  if (length !== expected && !rgba) {
    throw new DecodedImageSizeError(
      `the decoded frame has ${length} samples where a ${columns}×${rows} image of ${components} sample${components === 1 ? '' : 's'} a pixel needs ${expected}`,
    );
  }
}
