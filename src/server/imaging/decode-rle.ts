// RLE Lossless frames (PS3.5 Annex G): a header of segment offsets, then one PackBits-style segment per byte plane.
import type { PixelLayout } from '../dicom/pixel-layout.js';
import { FrameDecodeError, UnsupportedFrameError, type DecodedSamples } from './decoded-samples.js';

/** PS3.5 G.3.1: one segment into `output`; answers how many bytes it gave. */
function decodeSegment(data: Uint8Array, start: number, end: number, output: Uint8Array): number {
  let at = start;
  let out = 0;
  while (at < end && out < output.length) {
    const header = (data[at++]! << 24) >> 24;
    if (header >= 0) {
      const count = Math.min(header + 1, output.length - out);
      output.set(data.subarray(at, at + count), out);
      at += header + 1;
      out += count;
    } else if (header !== -128) {
      const count = Math.min(1 - header, output.length - out);
      output.fill(data[at++]!, out, out + count);
      out += count;
    }
  }
  return out;
}

/**
 * PS3.5 G.2: the segments hold each sample's bytes, most significant byte plane first, one sample (component)
 * after another; the result is that, as little-endian words, component after component.
 */
export function decodeRle(frame: Uint8Array, layout: PixelLayout): DecodedSamples {
  if (layout.bitsAllocated % 8 !== 0) throw new UnsupportedFrameError(`RLE of ${layout.bitsAllocated}-bit samples is not decoded by this server`);
  const bytesPerSample = (layout.bitsAllocated / 8) as 1 | 2 | 4;
  if (frame.length < 64) throw new FrameDecodeError(`the RLE frame is ${frame.length} bytes, shorter than its 64-byte header`);
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const segments = view.getUint32(0, true);
  if (segments !== bytesPerSample * layout.samplesPerPixel) {
    throw new FrameDecodeError(`the RLE header has ${segments} segments; ${bytesPerSample * layout.samplesPerPixel} were expected`);
  }
  const pixels = layout.rows * layout.columns;
  const offsets = Array.from({ length: segments }, (_, index) => view.getUint32(4 + index * 4, true));
  const bytes = new Uint8Array(pixels * layout.samplesPerPixel * bytesPerSample);
  const plane = new Uint8Array(pixels);
  for (const [segment, offset] of offsets.entries()) {
    const given = decodeSegment(frame, offset, segment + 1 < segments ? offsets[segment + 1]! : frame.length, plane);
    if (given < pixels) throw new FrameDecodeError(`RLE segment ${segment + 1} gives ${given} bytes; the frame has ${pixels} pixels`);
    const sample = Math.floor(segment / bytesPerSample);
    // Segment 0 of a sample is its most significant byte: the last byte of a little-endian word.
    const byteInWord = bytesPerSample - 1 - (segment % bytesPerSample);
    const base = sample * pixels * bytesPerSample + byteInWord;
    for (let pixel = 0; pixel < pixels; pixel++) bytes[base + pixel * bytesPerSample] = plane[pixel]!;
  }
  return { bytes, bytesPerSample, planar: layout.samplesPerPixel > 1 };
}
