// Decoding one stored frame to its sample values, for rendering on the server: native pixel data in any byte
// order, RLE (PS3.5 G) and JPEG-LS (CharLS compiled to WASM). Other compressed syntaxes are refused by name.
import { createRequire } from 'node:module';
import { transferSyntaxes } from '../dicom/transfer-syntax.js';

export interface PixelLayout {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  /** 0: R1G1B1R2…, 1: RRR…GGG…BBB… */
  planarConfiguration: number;
}

/** Samples of one frame, interleaved (R,G,B per pixel for colour), as integers of their stored range. */
export type FrameSamples = Int32Array;

export class UnsupportedFrameError extends Error {
  override name = 'UnsupportedFrameError';
}

const rle = '1.2.840.10008.1.2.5';
const jpegLs = new Set(['1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.81']);

export function canDecode(transferSyntaxUid: string): boolean {
  return Object.values(transferSyntaxes).includes(transferSyntaxUid as never) || transferSyntaxUid === rle || jpegLs.has(transferSyntaxUid);
}

/** Stored values keep only BitsStored bits, sign-extended when PixelRepresentation is 1. */
function maskStored(value: number, layout: PixelLayout): number {
  const bits = layout.bitsStored;
  if (bits >= 32) return value;
  const masked = value & ((1 << bits) - 1);
  return layout.pixelRepresentation === 1 && masked & (1 << (bits - 1)) ? masked - (1 << bits) : masked;
}

function fromNative(bytes: Buffer, layout: PixelLayout, littleEndian: boolean): FrameSamples {
  const count = layout.rows * layout.columns * layout.samplesPerPixel;
  const samples = new Int32Array(count);
  const bytesPerSample = layout.bitsAllocated / 8;
  if (layout.bitsAllocated === 1) throw new UnsupportedFrameError('1-bit pixel data is not rendered');
  if (bytes.length < count * bytesPerSample) throw new UnsupportedFrameError(`the frame holds ${bytes.length} bytes, fewer than ${count} samples need`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let index = 0; index < count; index++) {
    let raw: number;
    if (bytesPerSample === 1) raw = bytes[index]!;
    else if (bytesPerSample === 2) raw = view.getUint16(index * 2, littleEndian);
    else raw = view.getUint32(index * 4, littleEndian);
    samples[index] = maskStored(raw, layout);
  }
  return interleaved(samples, layout);
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

/** PS3.5 G.3.1: one PackBits-style segment. */
function decodeRleSegment(data: Buffer, start: number, end: number, output: Uint8Array): void {
  let at = start;
  let out = 0;
  while (at < end && out < output.length) {
    const header = (data[at++]! << 24) >> 24;
    if (header >= 0) {
      const count = header + 1;
      output.set(data.subarray(at, at + count), out);
      at += count;
      out += count;
    } else if (header !== -128) {
      const count = 1 - header;
      output.fill(data[at++]!, out, out + count);
      out += count;
    }
  }
}

/** PS3.5 G: segments hold each byte plane of each sample, most significant first; samples come out planar. */
function fromRle(bytes: Buffer, layout: PixelLayout): FrameSamples {
  const segments = bytes.readUInt32LE(0);
  const bytesPerSample = layout.bitsAllocated / 8;
  if (segments !== bytesPerSample * layout.samplesPerPixel) {
    throw new UnsupportedFrameError(`the RLE header has ${segments} segments; ${bytesPerSample * layout.samplesPerPixel} were expected`);
  }
  const pixels = layout.rows * layout.columns;
  const offsets = Array.from({ length: segments }, (_, index) => bytes.readUInt32LE(4 + index * 4));
  const planes = offsets.map((offset, index) => {
    const plane = new Uint8Array(pixels);
    decodeRleSegment(bytes, offset, index + 1 < segments ? offsets[index + 1]! : bytes.length, plane);
    return plane;
  });
  const samples = new Int32Array(pixels * layout.samplesPerPixel);
  for (let sample = 0; sample < layout.samplesPerPixel; sample++) {
    for (let pixel = 0; pixel < pixels; pixel++) {
      let raw = 0;
      for (let byte = 0; byte < bytesPerSample; byte++) raw = raw * 256 + planes[sample * bytesPerSample + byte]![pixel]!;
      samples[pixel * layout.samplesPerPixel + sample] = maskStored(raw, layout);
    }
  }
  return samples;
}

interface CharlsDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  delete(): void;
}
let charls: Promise<{ JpegLSDecoder: new () => CharlsDecoder }> | undefined;

async function fromJpegLs(bytes: Buffer, layout: PixelLayout): Promise<FrameSamples> {
  // The WASM module is compiled once, on the first JPEG-LS frame rendered.
  charls ??= (createRequire(import.meta.url)('@cornerstonejs/codec-charls/decodewasmjs') as () => Promise<{ JpegLSDecoder: new () => CharlsDecoder }>)();
  const { JpegLSDecoder } = await charls;
  const decoder = new JpegLSDecoder();
  try {
    decoder.getEncodedBuffer(bytes.length).set(bytes);
    decoder.decode();
    const decoded = decoder.getDecodedBuffer();
    // Decoded samples are little endian, interleaved for colour (CharLS's default output).
    return fromNative(Buffer.from(decoded), { ...layout, planarConfiguration: 0 }, true);
  } finally {
    decoder.delete();
  }
}

/** The samples of one frame stored in `transferSyntaxUid`. Throws UnsupportedFrameError for what it cannot decode. */
export async function decodeFrame(bytes: Buffer, transferSyntaxUid: string, layout: PixelLayout): Promise<FrameSamples> {
  if (transferSyntaxUid === transferSyntaxes.explicitVrBigEndian) return fromNative(bytes, layout, false);
  if (!Object.values(transferSyntaxes).includes(transferSyntaxUid as never)) {
    if (transferSyntaxUid === rle) return fromRle(bytes, layout);
    if (jpegLs.has(transferSyntaxUid)) return fromJpegLs(bytes, layout);
    throw new UnsupportedFrameError(`frames stored as ${transferSyntaxUid} are not rendered by this server (it decodes native, RLE and JPEG-LS)`);
  }
  return fromNative(bytes, layout, true);
}
