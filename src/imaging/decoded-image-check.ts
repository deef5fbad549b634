// Every frame is checked against the DICOM header twice: its codestream before a decoder sees it (the decoders take
// the size from the codestream, and OpenJPEG returns the previous frame's picture when it fails), and the decoded
// image after (Rows, Columns, Samples per Pixel, values inside what Bits Stored allows). A frame that fails either
// is a decode failure of that image: the viewport then says which image and why, and shows no picture for it.
// Without the second check a wrong-sized image would also reach the viewport, whose texture upload throws outside
// any load promise: no error event, and a black square.
import type { Types } from '@cornerstonejs/core';
import { readJpeg2000Geometry, type CodestreamGeometry } from '../codecs/jpeg2000-codestream.js';
import { readJpegGeometry } from '../codecs/jpeg-codestream.js';
import { readRleSegments } from '../codecs/rle.js';
import { codecOf, isEncapsulatedSyntax } from '../dicom/transfer-syntax.js';
import { scaledRange, type NativeImageFrame, type ScalingParameters } from './native-frame.js';
import { decodeCheckMessage } from '../i18n/decode-check-message.js';
import { english } from '../i18n/localizer.js';

/** What the check found wrong with a frame: which finding, and the numbers it names (said in words by src/i18n/). */
export type DecodeCheckFinding =
  | { code: 'damaged'; reason: string }
  | { code: 'codestream-size'; columns: number; rows: number; headerColumns: number; headerRows: number }
  | { code: 'codestream-components'; components: number; samples: number }
  | { code: 'codestream-bits'; bits: number; allocated: number }
  | { code: 'decoded-size'; columns: number; rows: number; headerColumns: number; headerRows: number; targetColumns?: number; targetRows?: number }
  | { code: 'decoded-colour'; colour: boolean; photometric: string }
  | { code: 'decoded-length'; length: number; columns: number; rows: number; samples: number; expected: number }
  | { code: 'decoded-range'; min: number; max: number; bits: number; low: number; high: number };

export class DecodedImageCheckError extends Error {
  override name = 'DecodedImageCheckError';
  /** The finding, its English sentence in `message`. */
  constructor(readonly finding: DecodeCheckFinding) {
    super(decodeCheckMessage(finding, english.t, english.format));
  }
}

/** Reads a codestream's header, turning its faults into this module's error. */
function geometryOf(read: () => CodestreamGeometry): CodestreamGeometry {
  try {
    return read();
  } catch (error) {
    throw new DecodedImageCheckError({ code: 'damaged', reason: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * Throws DecodedImageCheckError when a compressed frame's codestream is damaged or declares another image than the
 * header: its width, height, number of components, or more bits a sample than Bits Allocated.
 */
export function checkEncodedFrame(frame: NativeImageFrame, transferSyntaxUid: string, bytes: Uint8Array): void {
  const samplesPerPixel = frame.samplesPerPixel ?? 1;
  const codec = codecOf(transferSyntaxUid);
  if (codec === 'rle') {
    geometryOf(() => {
      readRleSegments(bytes, { rows: frame.rows, columns: frame.columns, samplesPerPixel, bitsAllocated: frame.bitsAllocated });
      return { rows: frame.rows, columns: frame.columns, components: samplesPerPixel, precision: [], signed: [] };
    });
    return;
  }
  const geometry = codec === 'jpeg-2000' || codec === 'htj2k'
    ? geometryOf(() => readJpeg2000Geometry(bytes))
    : codec === 'jpeg' || codec === 'jpeg-lossless' || codec === 'jpeg-ls'
    ? geometryOf(() => readJpegGeometry(bytes))
    : undefined;
  if (!geometry) return;
  const { columns, rows, components, precision } = geometry;
  if (columns !== frame.columns || rows !== frame.rows) {
    throw new DecodedImageCheckError({ code: 'codestream-size', columns, rows, headerColumns: frame.columns, headerRows: frame.rows });
  }
  if (components !== samplesPerPixel) {
    throw new DecodedImageCheckError({ code: 'codestream-components', components, samples: samplesPerPixel });
  }
  const widest = Math.max(...precision);
  if (widest > frame.bitsAllocated) {
    throw new DecodedImageCheckError({ code: 'codestream-bits', bits: widest, allocated: frame.bitsAllocated });
  }
}

/** The values a grey frame's decoded samples may take: Bits Stored's range (Bits Allocated's for native unsigned data, whose unused high bits may hold overlays). */
function storedRange(frame: NativeImageFrame, transferSyntaxUid: string): { min: number; max: number } {
  const signed = frame.pixelRepresentation === 1;
  const bits = !signed && !isEncapsulatedSyntax(transferSyntaxUid) ? frame.bitsAllocated : (frame.bitsStored ?? frame.bitsAllocated);
  return signed ? { min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1 } : { min: 0, max: 2 ** bits - 1 };
}

/**
 * Throws DecodedImageCheckError when the decoded `image` is not the image the header describes: another size, another
 * number of samples a pixel, too few or too many samples, or grey values outside what Bits Stored allows.
 */
export function checkDecodedImage(image: Types.IImage, frame: NativeImageFrame, transferSyntaxUid: string, target?: { rows?: number; columns?: number }): void {
  const { rows, columns } = image;
  // A volume may ask for its slices at its own size (a decimated one): the header's image resampled to that size.
  const size = { rows: target?.rows ?? frame.rows, columns: target?.columns ?? frame.columns };
  if (rows !== size.rows || columns !== size.columns) {
    const resampled = size.rows !== frame.rows || size.columns !== frame.columns ? { targetColumns: size.columns, targetRows: size.rows } : {};
    throw new DecodedImageCheckError({ code: 'decoded-size', columns, rows, headerColumns: frame.columns, headerRows: frame.rows, ...resampled });
  }
  const colour = frame.photometricInterpretation === 'PALETTE COLOR' || (frame.samplesPerPixel ?? 1) > 1;
  if (Boolean(image.color) !== colour) {
    throw new DecodedImageCheckError({ code: 'decoded-colour', colour: Boolean(image.color), photometric: frame.photometricInterpretation ?? 'MONOCHROME2' });
  }
  const components = colour ? 3 : 1;
  const length = image.getPixelData()?.length ?? 0;
  const expected = rows * columns * components;
  // An RGBA image (Cornerstone's CPU rendering asks for them) may still hold RGB: createImage keeps native RGB.
  const rgba = image.rgba && length === rows * columns * 4;
  if (length !== expected && !rgba) {
    throw new DecodedImageCheckError({ code: 'decoded-length', length, columns, rows, samples: components, expected });
  }
  if (colour) return;
  const stored = storedRange(frame, transferSyntaxUid);
  const preScale = image.preScale as { scaled?: boolean; scalingParameters?: ScalingParameters } | undefined;
  const bounds = preScale?.scaled && preScale.scalingParameters ? scaledRange(stored.min, stored.max, preScale.scalingParameters) : stored;
  const [low, high] = [Math.min(bounds.min, bounds.max), Math.max(bounds.min, bounds.max)];
  // Float32 modality values may round a little past the exact bounds.
  const slack = Math.max(Math.abs(low), Math.abs(high)) * 1e-6;
  if (image.minPixelValue < low - slack || image.maxPixelValue > high + slack) {
    throw new DecodedImageCheckError({ code: 'decoded-range', min: image.minPixelValue, max: image.maxPixelValue, bits: frame.bitsStored ?? frame.bitsAllocated, low, high });
  }
}
