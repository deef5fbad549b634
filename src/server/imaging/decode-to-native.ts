// Any stored frame the server can decode, as native little-endian pixel data: what PS3.18 8.7.3 makes the default
// representation of frames (explicit VR little endian), and what rendering starts from.
import { isSubsampledYbr, type PixelLayout } from '../dicom/pixel-layout.js';
import { isEncapsulatedSyntax, transferSyntaxUids as uids } from '../../dicom/transfer-syntax.js';
import { UnsupportedFrameError, type DecodedSamples } from './decoded-samples.js';
import { decodeJpegLossless, decodeJpegLossy } from './decode-jpeg.js';
import { decodeRle } from './decode-rle.js';
import { charls, decodeWithWasm, openJpeg, openJph } from './wasm-codecs.js';

type Decoder = (frame: Uint8Array, layout: PixelLayout) => DecodedSamples | Promise<DecodedSamples>;

const decoders: ReadonlyMap<string, Decoder> = new Map<string, Decoder>([
  [uids.rleLossless, decodeRle],
  [uids.jpegBaseline, decodeJpegLossy],
  [uids.jpegExtended, decodeJpegLossy],
  [uids.jpegLossless, decodeJpegLossless],
  [uids.jpegLosslessSv1, decodeJpegLossless],
  [uids.jpegLsLossless, (frame, layout) => decodeWithWasm(charls, frame, layout)],
  [uids.jpegLsNearLossless, (frame, layout) => decodeWithWasm(charls, frame, layout)],
  [uids.jpeg2000Lossless, (frame, layout) => decodeWithWasm(openJpeg, frame, layout)],
  [uids.jpeg2000, (frame, layout) => decodeWithWasm(openJpeg, frame, layout)],
  [uids.htj2kLossless, (frame, layout) => decodeWithWasm(openJph, frame, layout)],
  [uids.htj2kLosslessRpcl, (frame, layout) => decodeWithWasm(openJph, frame, layout)],
  [uids.htj2k, (frame, layout) => decodeWithWasm(openJph, frame, layout)],
]);

const lossyJpeg: ReadonlySet<string> = new Set([uids.jpegBaseline, uids.jpegExtended]);
const jpeg2000Family: ReadonlySet<string> = new Set([uids.jpeg2000Lossless, uids.jpeg2000, uids.htj2kLossless, uids.htj2kLosslessRpcl, uids.htj2k]);

/** True when frames stored in `transferSyntaxUid` can be had as native pixel data. */
export function canDecode(transferSyntaxUid: string): boolean {
  return !isEncapsulatedSyntax(transferSyntaxUid) || decoders.has(transferSyntaxUid);
}

/** The syntaxes decoded, for messages. */
export const decodedSyntaxesText = 'native, RLE, JPEG (baseline, 12-bit extended, lossless), JPEG-LS, JPEG 2000 and HTJ2K';

/**
 * The Photometric Interpretation of decoded colour frames, which is not always the stored one:
 * - lossy JPEG: RGB. The codestream holds YCbCr (stored as YBR_FULL_422 or YBR_FULL: the Photometric Interpretation
 *   describes the compressed data) and the decoder converts it, upsampling chroma, as DCMTK's dcmdjpeg does by
 *   default and Orthanc does (the Orthanc cross-check finds its decoded frames byte-identical to ours). RGB is also
 *   what a client asking for uncompressed data can show without a YCbCr step.
 * - JPEG 2000 and HTJ2K with YBR_RCT or YBR_ICT: RGB. The inverse component transform is part of decoding
 *   (PS3.5 8.2.4).
 * Instance metadata keeps describing the stored data; frame responses say when the two differ (a Warning header).
 */
export function decodedPhotometricInterpretation(transferSyntaxUid: string, stored: PixelLayout): string {
  if (stored.samplesPerPixel !== 3) return stored.photometricInterpretation;
  if (lossyJpeg.has(transferSyntaxUid)) return 'RGB';
  if (jpeg2000Family.has(transferSyntaxUid) && ['YBR_RCT', 'YBR_ICT'].includes(stored.photometricInterpretation)) return 'RGB';
  return stored.photometricInterpretation;
}

export interface NativeFrame {
  /** Explicit VR little endian pixel data of one frame. */
  bytes: Buffer;
  /** The layout of `bytes`: the stored one, with the decoded Photometric Interpretation. */
  layout: PixelLayout;
}

/** Reads sample `index` of decoded words as a number of its pixel representation. */
function sampleReader(decoded: DecodedSamples, signed: boolean): (index: number) => number {
  const { bytes, bytesPerSample } = decoded;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytesPerSample === 1) return signed ? (index) => view.getInt8(index) : (index) => bytes[index]!;
  if (bytesPerSample === 2) return signed ? (index) => view.getInt16(index * 2, true) : (index) => view.getUint16(index * 2, true);
  return signed ? (index) => view.getInt32(index * 4, true) : (index) => view.getUint32(index * 4, true);
}

/**
 * Decoded samples as the stored layout's words: BitsAllocated bits each (a decoder gives 8-bit data as bytes and
 * 9–16-bit data as 16-bit words, whatever BitsAllocated says), interleaved or planar as PlanarConfiguration says.
 * Signed samples narrower than their word come out sign-extended, as every decoder gives them.
 */
export function nativeWords(decoded: DecodedSamples, layout: PixelLayout): Buffer {
  if (![8, 16, 32].includes(layout.bitsAllocated)) throw new UnsupportedFrameError(`BitsAllocated ${layout.bitsAllocated} is not decoded by this server`);
  const wordBytes = layout.bitsAllocated / 8;
  const components = layout.samplesPerPixel;
  const pixels = layout.rows * layout.columns;
  const wantPlanar = components > 1 && layout.planarConfiguration === 1;
  if (decoded.bytesPerSample === wordBytes && (decoded.planar === wantPlanar || components === 1)) {
    return Buffer.from(decoded.bytes.buffer, decoded.bytes.byteOffset, pixels * components * wordBytes);
  }
  const read = sampleReader(decoded, layout.pixelRepresentation === 1);
  const out = Buffer.alloc(pixels * components * wordBytes);
  const write = wordBytes === 1 ? (value: number, at: number) => out.writeUInt8(value & 0xff, at) : wordBytes === 2 ? (value: number, at: number) => out.writeUInt16LE(value & 0xffff, at) : (value: number, at: number) => out.writeUInt32LE(value >>> 0, at);
  for (let pixel = 0; pixel < pixels; pixel++) {
    for (let component = 0; component < components; component++) {
      const from = decoded.planar ? component * pixels + pixel : pixel * components + component;
      const to = wantPlanar ? component * pixels + pixel : pixel * components + component;
      write(read(from), to * wordBytes);
    }
  }
  return out;
}

/** One stored frame (its bytes as read: a native frame's range, or an encapsulated frame's fragments joined) as native data. */
export async function decodeToNative(frame: Buffer, transferSyntaxUid: string, stored: PixelLayout): Promise<NativeFrame> {
  if (!isEncapsulatedSyntax(transferSyntaxUid)) {
    if (transferSyntaxUid !== uids.explicitVrBigEndian || stored.bitsAllocated <= 8) return { bytes: frame, layout: stored };
    const swapped = Buffer.from(frame);
    if (stored.bitsAllocated === 16) swapped.swap16();
    else if (stored.bitsAllocated === 32) swapped.swap32();
    else throw new UnsupportedFrameError(`big-endian ${stored.bitsAllocated}-bit samples are not decoded by this server`);
    return { bytes: swapped, layout: stored };
  }
  const decoder = decoders.get(transferSyntaxUid);
  if (!decoder) throw new UnsupportedFrameError(`frames stored as ${transferSyntaxUid} are not decoded by this server (it decodes ${decodedSyntaxesText})`);
  if (isSubsampledYbr(stored) && !lossyJpeg.has(transferSyntaxUid)) {
    throw new UnsupportedFrameError(`YBR_FULL_422 in ${transferSyntaxUid} is not decoded by this server (only lossy JPEG subsamples chroma)`);
  }
  const decoded = await decoder(frame, stored);
  const layout = { ...stored, photometricInterpretation: decodedPhotometricInterpretation(transferSyntaxUid, stored) };
  return { bytes: nativeWords(decoded, layout), layout };
}
