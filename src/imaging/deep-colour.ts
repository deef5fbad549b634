// Colour images of more than 8 bits a sample (16-bit RGB from ultrasound and microscopy) shown as 8-bit RGB.
// Cornerstone 5.14 gives every colour image the window 0…255, so a 16-bit image's colours go white; and the
// viewport's readback promises 0…255 RGB for colour. So samples are scaled from the header's Bits Stored to 8 bits.
import type { Types } from '@cornerstonejs/core';
import { replaceImagePixels } from './replace-image-pixels.js';
import type { NativeImageFrame } from './native-frame.js';

/** Whether `frame` holds colour samples of more than 8 bits (palette indices are looked up into 8 bits already). */
export function isDeepColourFrame(frame: NativeImageFrame): boolean {
  return (frame.samplesPerPixel ?? 1) > 1 && frame.bitsAllocated > 8 && frame.photometricInterpretation !== 'PALETTE COLOR';
}

/** 0…2^bitsStored − 1 to 0…255, rounded; the image's pixel data, range and voxel manager replaced in place. */
export function toEightBitColour(image: Types.IImage, bitsStored: number): void {
  const samples = image.getPixelData() as ArrayLike<number>;
  const top = 2 ** bitsStored - 1;
  const eightBit = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) eightBit[i] = Math.round((Math.min(top, Math.max(0, samples[i]!)) * 255) / top);
  replaceImagePixels(image, eightBit, 3);
  image.windowCenter = 128;
  image.windowWidth = 256;
}
