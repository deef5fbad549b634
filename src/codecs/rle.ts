// DICOM RLE (PS3.5 Annex G): the frame header checked against the image's layout, and frames of any sample size
// decoded. Each sample's bytes are a segment of their own, most significant byte first (G.2), so 16-bit RGB has six
// segments and 32-bit greyscale four; Cornerstone 5.14's decoder reads 16-bit data as one sample a pixel and has no
// 32-bit path at all. Pure: the server can decode with it as well.

import { CodestreamError } from './jpeg2000-codestream.js';

export interface RleLayout {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  /** 1: the decoded samples are written plane by plane (PS3.3 C.7.6.3.1.3), as the header says the frame holds them. */
  planarConfiguration?: number;
}

/** The segment offsets of an RLE frame, each checked (G.5): as many as the layout has sample bytes, in order, inside the frame. */
export function readRleSegments(bytes: Uint8Array, layout: RleLayout): number[] {
  if (bytes.length < 64) throw new CodestreamError('its RLE header is cut short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(0, true);
  const bytesPerSample = Math.ceil(layout.bitsAllocated / 8);
  const expected = layout.bitsAllocated === 1 ? layout.samplesPerPixel : layout.samplesPerPixel * bytesPerSample;
  if (count !== expected) throw new CodestreamError(`its RLE header has ${count} segments where ${layout.samplesPerPixel} sample${layout.samplesPerPixel === 1 ? '' : 's'} of ${layout.bitsAllocated} bits need ${expected}`);
  const offsets: number[] = [];
  for (let segment = 0; segment < count; segment++) {
    const offset = view.getUint32(4 + segment * 4, true);
    const previous = offsets[segment - 1] ?? 0;
    if ((segment === 0 && offset !== 64) || offset <= previous || offset >= bytes.length) {
      throw new CodestreamError(`its RLE header's offset of segment ${segment + 1} (${offset}) is outside the frame or out of order`);
    }
    offsets.push(offset);
  }
  return offsets;
}

/**
 * Decodes one RLE frame into the bytes a native little-endian frame of the image holds: samples interleaved, or
 * plane by plane for planar configuration 1; each sample's bytes least significant first. Throws CodestreamError when a segment
 * does not decode to exactly rows × columns bytes.
 */
export function decodeRle(bytes: Uint8Array, layout: RleLayout): Uint8Array {
  if (layout.bitsAllocated % 8 !== 0) throw new CodestreamError(`RLE frames of ${layout.bitsAllocated}-bit samples are not decoded here`);
  const offsets = readRleSegments(bytes, layout);
  const pixels = layout.rows * layout.columns;
  const bytesPerSample = layout.bitsAllocated / 8;
  const planar = layout.planarConfiguration === 1 && layout.samplesPerPixel > 1;
  const stride = planar ? bytesPerSample : layout.samplesPerPixel * bytesPerSample;
  const output = new Uint8Array(pixels * layout.samplesPerPixel * bytesPerSample);
  for (let segment = 0; segment < offsets.length; segment++) {
    const sample = Math.floor(segment / bytesPerSample);
    // Segment order is most significant byte first; the output is little endian.
    const byteInSample = bytesPerSample - 1 - (segment % bytesPerSample);
    const end = offsets[segment + 1] ?? bytes.length;
    const first = (planar ? sample * pixels * bytesPerSample : sample * bytesPerSample) + byteInSample;
    const written = unpackSegment(bytes, offsets[segment]!, end, output, first, stride, pixels);
    if (written !== pixels) throw new CodestreamError(`its RLE segment ${segment + 1} decodes to ${written} bytes where the image has ${pixels} pixels`);
  }
  return output;
}

/** PackBits (G.3.2) from `bytes[start, end)` into every `stride`-th byte of `output` from `first`; the bytes written. */
function unpackSegment(bytes: Uint8Array, start: number, end: number, output: Uint8Array, first: number, stride: number, limit: number): number {
  let written = 0;
  let at = start;
  while (at < end && written < limit) {
    const header = bytes[at++]!;
    if (header < 128) {
      // A literal run of header + 1 bytes.
      const count = Math.min(header + 1, end - at, limit - written);
      for (let i = 0; i < count; i++) output[first + (written + i) * stride] = bytes[at + i]!;
      written += count;
      at += header + 1;
    } else if (header > 128) {
      // One byte repeated 257 − header times.
      if (at >= end) break;
      const value = bytes[at++]!;
      const count = Math.min(257 - header, limit - written);
      for (let i = 0; i < count; i++) output[first + (written + i) * stride] = value;
      written += count;
    }
    // 128 is a no-operation.
  }
  return written;
}
