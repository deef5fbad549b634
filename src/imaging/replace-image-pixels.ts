// Replacing a decoded Cornerstone image's samples in place (deep colour scaled to 8 bits, a Modality LUT applied):
// Cornerstone 5.14 keeps the samples, their range and type in several places (the image, its frame, its voxel
// manager), and each must agree or the renderer and the readback disagree.
import { utilities, type Types } from '@cornerstonejs/core';

/** Puts `pixels` (with their range) in place of the image's samples, everywhere Cornerstone reads them. */
export function replaceImagePixels(image: Types.IImage, pixels: Uint8Array | Float32Array, numberOfComponents: 1 | 3): void {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < pixels.length; i++) {
    const value = pixels[i]!;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const imageFrame = (image as { imageFrame?: Record<string, unknown> }).imageFrame;
  if (imageFrame) {
    imageFrame.pixelData = pixels;
    imageFrame.pixelDataLength = pixels.length;
    imageFrame.smallestPixelValue = min;
    imageFrame.largestPixelValue = max;
  }
  const writable = image as unknown as Record<string, unknown>;
  writable.getPixelData = () => pixels;
  writable.dataType = pixels instanceof Uint8Array ? 'Uint8Array' : 'Float32Array';
  writable.sizeInBytes = pixels.byteLength;
  writable.minPixelValue = min;
  writable.maxPixelValue = max;
  writable.numberOfComponents = numberOfComponents;
  writable.voxelManager = utilities.VoxelManager.createImageVoxelManager({ scalarData: pixels, width: image.columns, height: image.rows, numberOfComponents });
}
