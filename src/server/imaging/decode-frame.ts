// A stored frame's samples as numbers, for rendering on the server: decoded to native pixel data first
// (decode-to-native.ts), then read as integers of their stored range, colour pixel after pixel.
import type { PixelLayout } from '../dicom/pixel-layout.js';
import { isSubsampledYbr } from '../dicom/pixel-layout.js';
import { UnsupportedFrameError } from './decoded-samples.js';
import { decodeToNative } from './decode-to-native.js';

export { FrameDecodeError, UnsupportedFrameError } from './decoded-samples.js';

/** Samples of one frame, interleaved (R,G,B per pixel for colour), as integers of their stored range. */
export type FrameSamples = Int32Array;

export interface DecodedFrame {
  samples: FrameSamples;
  /** What the samples are: interleaved, and for colour the Photometric Interpretation they are in. */
  layout: PixelLayout;
}

/** Stored values keep only BitsStored bits, sign-extended when PixelRepresentation is 1. */
function maskStored(value: number, layout: PixelLayout): number {
  const bits = layout.bitsStored;
  if (bits >= 32) return value;
  const masked = value & ((1 << bits) - 1);
  return layout.pixelRepresentation === 1 && masked & (1 << (bits - 1)) ? masked - (1 << bits) : masked;
}

/** Native little-endian words as stored values, in the order they lie. */
function wordsOf(bytes: Buffer, count: number, layout: PixelLayout): Int32Array {
  if (layout.bitsAllocated === 1) throw new UnsupportedFrameError('1-bit pixel data is not rendered');
  const bytesPerSample = layout.bitsAllocated / 8;
  if (bytes.length < count * bytesPerSample) throw new UnsupportedFrameError(`the frame holds ${bytes.length} bytes, fewer than ${count} samples need`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const words = new Int32Array(count);
  for (let index = 0; index < count; index++) {
    const raw = bytesPerSample === 1 ? bytes[index]! : bytesPerSample === 2 ? view.getUint16(index * 2, true) : view.getUint32(index * 4, true);
    words[index] = maskStored(raw, layout);
  }
  return words;
}

/** Planar colour data (PlanarConfiguration 1) as interleaved samples. */
function interleaved(samples: FrameSamples, layout: PixelLayout): FrameSamples {
  if (layout.samplesPerPixel === 1 || layout.planarConfiguration !== 1) return samples;
  const pixels = layout.rows * layout.columns;
  const result = new Int32Array(samples.length);
  for (let plane = 0; plane < layout.samplesPerPixel; plane++) {
    for (let pixel = 0; pixel < pixels; pixel++) result[pixel * layout.samplesPerPixel + plane] = samples[plane * pixels + pixel]!;
  }
  return result;
}

/** Native YBR_FULL_422 (Y1 Y2 Cb Cr for each pair of pixels, PS3.3 C.7.6.3.1.2) as full YBR_FULL samples. */
function upsampledYbr(words: Int32Array, layout: PixelLayout): FrameSamples {
  const pixels = layout.rows * layout.columns;
  const samples = new Int32Array(pixels * 3);
  for (let pair = 0; pair < pixels / 2; pair++) {
    const [y1, y2, cb, cr] = [words[pair * 4]!, words[pair * 4 + 1]!, words[pair * 4 + 2]!, words[pair * 4 + 3]!];
    samples.set([y1, cb, cr, y2, cb, cr], pair * 6);
  }
  return samples;
}

/** The samples of one frame stored in `transferSyntaxUid`. Throws UnsupportedFrameError for what it cannot decode. */
export async function decodeFrame(bytes: Buffer, transferSyntaxUid: string, stored: PixelLayout): Promise<DecodedFrame> {
  const native = await decodeToNative(bytes, transferSyntaxUid, stored);
  const { layout } = native;
  const pixels = layout.rows * layout.columns;
  if (isSubsampledYbr(layout)) {
    if (pixels % 2 !== 0) throw new UnsupportedFrameError('YBR_FULL_422 needs an even number of pixels');
    const samples = upsampledYbr(wordsOf(native.bytes, pixels * 2, layout), layout);
    return { samples, layout: { ...layout, photometricInterpretation: 'YBR_FULL', planarConfiguration: 0 } };
  }
  const samples = interleaved(wordsOf(native.bytes, pixels * layout.samplesPerPixel, layout), layout);
  return { samples, layout: { ...layout, planarConfiguration: 0 } };
}
