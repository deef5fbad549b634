// Reading the shown image's values back: modality values (PS3.3 C.11.1, rescale applied) for grey images, RGB
// for colour ones (palette and YBR already converted by the decoder), as an integrator measures them.
import type { Types } from '@cornerstonejs/core';

export interface ViewportImageData {
  columns: number;
  rows: number;
  /** 1 for grey images, 3 for colour (RGB, interleaved). */
  samplesPerPixel: 1 | 3;
  /** Row by row from the top-left pixel; modality values for grey images, 0…255 RGB for colour ones. */
  values: Float64Array;
  /** The image's PhotometricInterpretation as stored (a MONOCHROME1 image's values are not inverted). */
  photometricInterpretation: string;
}

/** The shown image's values, or undefined while none is shown. */
export function readImageData(image: Types.IImage | undefined, photometricInterpretation: string): ViewportImageData | undefined {
  if (!image) return undefined;
  const pixels = image.getPixelData() as ArrayLike<number>;
  const { columns, rows } = image;
  const count = columns * rows;
  const components = Math.round(pixels.length / count);
  if (image.color || components >= 3) {
    const values = new Float64Array(count * 3);
    for (let i = 0; i < count; i++) {
      values[i * 3] = pixels[i * components]!;
      values[i * 3 + 1] = pixels[i * components + 1]!;
      values[i * 3 + 2] = pixels[i * components + 2]!;
    }
    return { columns, rows, samplesPerPixel: 3, values, photometricInterpretation };
  }
  // The loader may have applied the modality LUT while decoding ("pre-scaling"); otherwise apply it here.
  const scaled = Boolean((image as { preScale?: { scaled?: boolean } }).preScale?.scaled);
  const slope = scaled ? 1 : (image.slope ?? 1);
  const intercept = scaled ? 0 : (image.intercept ?? 0);
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) values[i] = pixels[i]! * slope + intercept;
  return { columns, rows, samplesPerPixel: 1, values, photometricInterpretation };
}
