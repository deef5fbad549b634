// Native YBR_FULL_422 frames (PS3.3 C.7.6.3.1.2), converted to RGB on the page before Cornerstone sees them.
// Cornerstone 5.14's isColorConversionRequired() checks a *_422 frame against the 4:2:0 size (and a *_420 frame
// against the 4:2:2 size), so a native YBR_FULL_422 frame, rows × columns × 2 bytes, is never converted and its
// StackViewport throws while building the texture. Frames decoded from JPEG are RGB already and never come here.
import { isNativeLittleEndian } from './native-frame.js';

export interface YbrFrameLayout {
  photometricInterpretation?: string;
  samplesPerPixel?: number;
  bitsAllocated: number;
  rows: number;
  columns: number;
}

/** Whether `bytes` is a native 8-bit YBR_FULL_422 frame: two bytes a pixel, Y1 Y2 Cb Cr for each pair. */
export function isNativeYbrFull422Frame(frame: YbrFrameLayout, transferSyntaxUid: string, bytes: Uint8Array): boolean {
  return (
    isNativeLittleEndian(transferSyntaxUid) &&
    frame.photometricInterpretation === 'YBR_FULL_422' &&
    frame.bitsAllocated === 8 &&
    bytes.byteLength === frame.rows * frame.columns * 2
  );
}

/**
 * Interleaved RGB from Y1 Y2 Cb Cr pairs (pixels taken in raster order): both pixels of a pair share its chroma,
 * converted by PS3.3 C.7.6.3.1.2's YBR_FULL equations, rounded and clamped to 8 bits.
 */
export function ybrFull422ToRgb(bytes: Uint8Array): Uint8Array {
  const rgb = new Uint8ClampedArray((bytes.byteLength / 2) * 3);
  for (let source = 0, target = 0; source + 3 < bytes.byteLength; source += 4) {
    const cb = bytes[source + 2]! - 128;
    const cr = bytes[source + 3]! - 128;
    const red = 1.402 * cr;
    const green = -0.344136 * cb - 0.714136 * cr;
    const blue = 1.772 * cb;
    for (let pixel = 0; pixel < 2; pixel++) {
      const y = bytes[source + pixel]!;
      rgb[target++] = y + red;
      rgb[target++] = y + green;
      rgb[target++] = y + blue;
    }
  }
  return new Uint8Array(rgb.buffer);
}
