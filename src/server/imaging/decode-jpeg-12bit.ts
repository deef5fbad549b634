// 12-bit JPEG (extended, process 4) by the decoder Cornerstone's image loader uses in the browser: pure JavaScript,
// derived from pdf.js; its constant offset is measured once and taken out.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
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

/** One JPEG marker segment: marker, big-endian length (itself included), body. */
const segment = (marker: number, body: number[]) => [0xff, marker, ((body.length + 2) >> 8) & 0xff, (body.length + 2) & 0xff, ...body];
/** A Huffman table (ITU T.81 B.2.4.2) of one code, of length 1, for `value`. */
const oneCodeTable = (tableClassAndId: number, value: number) => [tableClassAndId, 1, ...new Array<number>(15).fill(0), value];

/**
 * An 8×8 12-bit JPEG (extended Huffman, SOF1) whose only coefficient is a DC of 0: ITU T.81 (A.3.1, level shift)
 * says it decodes to 2048 everywhere. Made here, byte by byte, so that the check needs no file.
 */
const calibrationFrame = new Uint8Array([
  0xff, 0xd8, // SOI
  ...segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]), // DQT: table 0, all ones
  ...segment(0xc1, [12, 0, 8, 0, 8, 1, 1, 0x11, 0]), // SOF1: 12 bits, 8×8, one component
  ...segment(0xc4, oneCodeTable(0x00, 0)), // DHT: DC table 0, category 0 only
  ...segment(0xc4, oneCodeTable(0x10, 0)), // DHT: AC table 0, end of block only
  ...segment(0xda, [1, 1, 0x00, 0, 63, 0]), // SOS
  0x3f, // DC category 0 ('0'), end of block ('0'), padded with ones
  0xff, 0xd9, // EOI
]);
const calibrationValue = 2048;

interface TwelveBitDecoder {
  JpegImage: JpegImageClass;
  /** What the decoder adds to every sample. */
  offset: number;
}

let loading: Promise<TwelveBitDecoder> | undefined;

/**
 * The decoder is not in @cornerstonejs/dicom-image-loader's exports map, so it is found beside the package's entry
 * point (the version is pinned in package.json; the JPEG extended tests fail loudly if a new one moves it).
 *
 * Its 5.14 version adds 15 to every 12-bit sample: the last step of its inverse DCT scales the 8-bit level shift
 * and rounding constant (2056 = (128 × 16) + 8) by 4095 / 255, which gives the 12-bit level shift plus 241/16
 * instead of plus 8/16. Measured against DCMTK's decoding (through Orthanc), 12,835 of 16,384 samples of the test
 * image were exactly 15 higher. The offset is measured on the calibration frame and subtracted, so a decoder
 * without it needs no change here; its clamp to 4095 also starts 15 early, so samples above 4079 come out as 4095.
 */
function loadTwelveBitDecoder(): Promise<TwelveBitDecoder> {
  loading ??= (async () => {
    const entry = require.resolve('@cornerstonejs/dicom-image-loader');
    const { default: JpegImage } = (await import(pathToFileURL(join(dirname(entry), 'codecs', 'jpeg.js')).href)) as { default: JpegImageClass };
    const image = new JpegImage();
    image.parse(calibrationFrame);
    const offset = image.getData16(8, 8)[0]! - calibrationValue;
    if (offset < 0 || offset > 16) throw new Error(`it decodes a flat ${calibrationValue} as ${calibrationValue + offset}`);
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
  const top = 4095;
  if (offset > 0) for (let index = 0; index < samples.length; index++) samples[index] = samples[index]! >= top ? top : Math.max(0, samples[index]! - offset);
  return { bytes: new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength), bytesPerSample: 2, planar: false };
}
