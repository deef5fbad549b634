// JPEG frames (PS3.5 A.4.1): lossy 8-bit by libjpeg-turbo (WASM), lossy 12-bit by the pdf.js-derived decoder
// Cornerstone's image loader ships (decode-jpeg-12bit.ts), lossless (process 14, selection value 1 or any) by
// jpeg-lossless-decoder-js.
import { createRequire } from 'node:module';
import type { PixelLayout } from '../dicom/pixel-layout.js';
import { checkDecodedSize, describeThrown, FrameDecodeError, type DecodedSamples } from './decoded-samples.js';
import { decodeJpeg12Bit } from './decode-jpeg-12bit.js';
import { decodeWithWasm, libjpegTurbo } from './wasm-codecs.js';

const require = createRequire(import.meta.url);

/** Start-of-frame markers (ITU T.81 B.1.1.3): C0–CF except DHT (C4), JPG (C8) and DAC (CC). */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** The sample precision (bits) the frame header declares, or undefined when no frame header comes before the scan. */
export function jpegPrecision(frame: Uint8Array): number | undefined {
  let at = 2; // after SOI
  while (at + 4 < frame.length) {
    if (frame[at] !== 0xff) return undefined;
    const marker = frame[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (isStartOfFrame(marker)) return frame[at + 4];
    if (marker === 0xda) return undefined; // start of scan: no frame header seen
    // Markers without a length: TEM and the restart markers.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    at += 2 + ((frame[at + 2]! << 8) | frame[at + 3]!);
  }
  return undefined;
}

/**
 * JPEG baseline and extended (1.2.840.10008.1.2.4.50, .51). Colour comes out as RGB: libjpeg-turbo converts the
 * YCbCr a JPEG holds (DICOM's YBR_FULL_422 and YBR_FULL), upsampling subsampled chroma, as DCMTK's dcmdjpeg does
 * by default.
 */
export async function decodeJpegLossy(frame: Uint8Array, layout: PixelLayout): Promise<DecodedSamples> {
  const precision = jpegPrecision(frame);
  if (precision === undefined) throw new FrameDecodeError('the JPEG frame has no frame header (SOF marker) before its scan');
  if (precision > 8) return decodeJpeg12Bit(frame, layout);
  return decodeWithWasm(libjpegTurbo, frame, layout);
}

interface JpegLosslessDecoder {
  decode(buffer: ArrayBuffer, offset: number, length: number, numBytes: number): Uint8Array | Uint16Array;
  xDim: number;
  yDim: number;
  numComp: number;
}

/** JPEG lossless (1.2.840.10008.1.2.4.57, .70): components interleaved, no colour transform. */
export function decodeJpegLossless(frame: Uint8Array, layout: PixelLayout): DecodedSamples {
  const { Decoder } = require('@cornerstonejs/jpeg-lossless-decoder-js') as { Decoder: new () => JpegLosslessDecoder };
  const decoder = new Decoder();
  const bytesPerSample = layout.bitsAllocated <= 8 ? 1 : 2;
  let samples: Uint8Array | Uint16Array;
  try {
    samples = decoder.decode(frame.buffer as ArrayBuffer, frame.byteOffset, frame.length, bytesPerSample);
  } catch (thrown) {
    throw new FrameDecodeError(`the JPEG lossless decoder could not decode the frame: ${describeThrown(thrown)}`);
  }
  const size = { columns: decoder.xDim, rows: decoder.yDim, components: decoder.numComp, byteLength: samples.byteLength, bytesPerSample };
  checkDecodedSize('the JPEG lossless decoder', size, layout);
  return { bytes: new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength), bytesPerSample, planar: false };
}
