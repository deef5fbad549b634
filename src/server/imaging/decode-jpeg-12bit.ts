// 12-bit JPEG (extended, process 4) by the decoder Cornerstone's image loader uses in the browser: pure JavaScript,
// derived from pdf.js.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { calibrationFrame, calibrationFrameSize, offsetFromCalibration, removeOffset } from '../../codecs/jpeg-12bit-offset.js';
import type { PixelLayout } from '../dicom/pixel-layout.js';
import { checkDecodedSize, describeThrown, FrameDecodeError, UnsupportedFrameError, type DecodedSamples } from './decoded-samples.js';

interface JpegImage {
  parse(data: Uint8Array): void;
  width: number;
  height: number;
  components: unknown[];
  getData16(width: number, height: number): Uint16Array;
}
type JpegImageClass = new () => JpegImage;

const require = createRequire(import.meta.url);

interface TwelveBitDecoder {
  JpegImage: JpegImageClass;
  /** What the decoder adds to every sample. */
  offset: number;
}

let loading: Promise<TwelveBitDecoder> | undefined;

/**
 * The decoder is not in @cornerstonejs/dicom-image-loader's exports map, so it is found beside the package's entry
 * point (the version is pinned in package.json; the JPEG extended tests fail loudly if a new one moves it). Its
 * offset (src/codecs/jpeg-12bit-offset.ts) is measured once and taken out of every frame.
 */
function loadTwelveBitDecoder(): Promise<TwelveBitDecoder> {
  loading ??= (async () => {
    const entry = require.resolve('@cornerstonejs/dicom-image-loader');
    const { default: JpegImage } = (await import(pathToFileURL(join(dirname(entry), 'codecs', 'jpeg.js')).href)) as { default: JpegImageClass };
    const image = new JpegImage();
    image.parse(calibrationFrame);
    const offset = offsetFromCalibration(image.getData16(calibrationFrameSize.columns, calibrationFrameSize.rows)[0]!);
    return { JpegImage, offset };
  })().catch((error: unknown) => {
    loading = undefined;
    throw new UnsupportedFrameError(`the 12-bit JPEG decoder of @cornerstonejs/dicom-image-loader cannot be used: ${describeThrown(error)}`);
  });
  return loading;
}

/** A 12-bit grayscale JPEG frame (1.2.840.10008.1.2.4.51 with 12-bit precision) as 16-bit words. */
export async function decodeJpeg12Bit(frame: Uint8Array, layout: PixelLayout): Promise<DecodedSamples> {
  if (layout.samplesPerPixel !== 1) throw new UnsupportedFrameError('12-bit JPEG is decoded for grayscale images only (the decoder has no 12-bit colour output)');
  const { JpegImage, offset } = await loadTwelveBitDecoder();
  const image = new JpegImage();
  try {
    image.parse(frame);
  } catch (thrown) {
    throw new FrameDecodeError(`the 12-bit JPEG decoder could not decode the frame: ${describeThrown(thrown)}`);
  }
  const size = { columns: image.width, rows: image.height, components: image.components.length, byteLength: Number.POSITIVE_INFINITY, bytesPerSample: 2 };
  checkDecodedSize('the 12-bit JPEG decoder', size, layout);
  const samples = image.getData16(layout.columns, layout.rows);
  if (offset > 0) removeOffset(samples, offset, samples);
  return { bytes: new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength), bytesPerSample: 2, planar: false };
}
