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

export class DecodedImageCheckError extends Error {
  override name = 'DecodedImageCheckError';
}

/** Reads a codestream's header, turning its faults into this module's error. */
function geometryOf(read: () => CodestreamGeometry): CodestreamGeometry {
  try {
    return read();
  } catch (error) {
    throw new DecodedImageCheckError(`the frame's codestream is damaged: ${error instanceof Error ? error.message : String(error)}`);
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
    throw new DecodedImageCheckError(`the frame's codestream holds a ${columns}×${rows} image where the header says ${frame.columns}×${frame.rows}`);
  }
  if (components !== samplesPerPixel) {
    throw new DecodedImageCheckError(`the frame's codestream holds ${components} component${components === 1 ? '' : 's'} where the header says ${samplesPerPixel} sample${samplesPerPixel === 1 ? '' : 's'} a pixel`);
  }
  const widest = Math.max(...precision);
  if (widest > frame.bitsAllocated) {
    throw new DecodedImageCheckError(`the frame's codestream holds ${widest}-bit samples where the header allocates ${frame.bitsAllocated} bits`);
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
    const resampled = size.rows !== frame.rows || size.columns !== frame.columns ? ` (${size.columns}×${size.rows} for the volume)` : '';
    throw new DecodedImageCheckError(`the decoder gave a ${columns}×${rows} image where the header says ${frame.columns}×${frame.rows}${resampled}`);
  }
  const colour = frame.photometricInterpretation === 'PALETTE COLOR' || (frame.samplesPerPixel ?? 1) > 1;
  if (Boolean(image.color) !== colour) {
    throw new DecodedImageCheckError(`the decoder gave a ${image.color ? 'colour' : 'grey'} image where the header says ${frame.photometricInterpretation ?? 'MONOCHROME2'}`);
  }
  const components = colour ? 3 : 1;
  const length = image.getPixelData()?.length ?? 0;
  const expected = rows * columns * components;
  // An RGBA image (Cornerstone's CPU rendering asks for them) may still hold RGB: createImage keeps native RGB.
  const rgba = image.rgba && length === rows * columns * 4;
  if (length !== expected && !rgba) {
    throw new DecodedImageCheckError(
      `the decoded frame has ${length} samples where a ${columns}×${rows} image of ${components} sample${components === 1 ? '' : 's'} a pixel needs ${expected}`,
    );
  }
  if (colour) return;
  const stored = storedRange(frame, transferSyntaxUid);
  const preScale = image.preScale as { scaled?: boolean; scalingParameters?: ScalingParameters } | undefined;
  const bounds = preScale?.scaled && preScale.scalingParameters ? scaledRange(stored.min, stored.max, preScale.scalingParameters) : stored;
  const [low, high] = [Math.min(bounds.min, bounds.max), Math.max(bounds.min, bounds.max)];
  // Float32 modality values may round a little past the exact bounds.
  const slack = Math.max(Math.abs(low), Math.abs(high)) * 1e-6;
  if (image.minPixelValue < low - slack || image.maxPixelValue > high + slack) {
    throw new DecodedImageCheckError(
      `the decoded values (${image.minPixelValue}…${image.maxPixelValue}) lie outside the ${frame.bitsStored ?? frame.bitsAllocated}-bit range the header gives (${low}…${high})`,
    );
  }
}
