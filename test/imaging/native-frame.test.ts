// decodeNativeGreyscaleFrame against a plain reference (stored value → modality value, the smallest array type that
// holds the range): in particular across a sequence of frames whose array types change, since the decoder guesses
// each frame's type from the frame before and must fall back to two passes when the guess is wrong.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeNativeGreyscaleFrame, pixelArrayTypeFor, type NativeImageFrame, type PreScale } from '../../src/imaging/native-frame.js';

interface Case {
  name: string;
  frame: NativeImageFrame;
  /** Stored values (before sign extension of the bits above BitsStored, which `raw` may set). */
  values: number[];
  /** The 16-bit words as they are in the file, when they differ from `values` (bits set above BitsStored). */
  raw?: number[];
  scaling?: { rescaleSlope: number; rescaleIntercept: number };
  allowFloatRendering?: boolean;
}

const size = 64;
function frameOf(bitsAllocated: number, pixelRepresentation: number, bitsStored = bitsAllocated): NativeImageFrame {
  return { rows: size / 8, columns: 8, bitsAllocated, bitsStored, pixelRepresentation, samplesPerPixel: 1, photometricInterpretation: 'MONOCHROME2' };
}
/** `size` values cycling through `levels`, so every level (the extremes included) is present. */
const cycle = (levels: number[]) => Array.from({ length: size }, (_, i) => levels[i % levels.length]!);

const cases: Case[] = [
  { name: 'CT u16, intercept −1024', frame: frameOf(16, 0), values: cycle([0, 24, 1024, 2024, 3000]), scaling: { rescaleSlope: 1, rescaleIntercept: -1024 } },
  { name: 'CT u16 again (guess right)', frame: frameOf(16, 0), values: cycle([5, 1000, 4000]), scaling: { rescaleSlope: 1, rescaleIntercept: -1024 } },
  { name: 'u16 to 60000, no rescale (guess wrong)', frame: frameOf(16, 0), values: cycle([0, 1024, 60000]) },
  { name: 'u16 small values (guess Uint16, range asks Uint8)', frame: frameOf(16, 0), values: cycle([0, 17, 255]) },
  { name: 'u8', frame: frameOf(8, 0), values: cycle([0, 60, 128, 255]) },
  { name: 'u16 past Int16 after rescale', frame: frameOf(16, 0), values: cycle([0, 65535]), scaling: { rescaleSlope: 1, rescaleIntercept: -1024 } },
  { name: 's16, slope 0.5 (float rendering)', frame: frameOf(16, 1), values: cycle([-2000, -1, 0, 1500, 32000]), scaling: { rescaleSlope: 0.5, rescaleIntercept: 100 }, allowFloatRendering: true },
  { name: 's16, slope 0.5 again', frame: frameOf(16, 1), values: cycle([-3, 7, 31000]), scaling: { rescaleSlope: 0.5, rescaleIntercept: 100 }, allowFloatRendering: true },
  { name: 's16, slope 0.5, no float textures (values left stored)', frame: frameOf(16, 1), values: cycle([-2000, -1, 0, 1500, 32000]), scaling: { rescaleSlope: 0.5, rescaleIntercept: 100 }, allowFloatRendering: false },
  { name: 's16, integer rescale', frame: frameOf(16, 1), values: cycle([-32768, -5, 32767]), scaling: { rescaleSlope: 1, rescaleIntercept: 0 } },
  {
    name: 'signed 12 of 16 bits, high bits set (sign extension)',
    frame: frameOf(16, 1, 12),
    values: cycle([-2048, -1, 0, 2047]),
    raw: cycle([-2048, -1, 0, 2047]).map((value) => (value & 0x0fff) | 0x7000),
    scaling: { rescaleSlope: 1, rescaleIntercept: 0 },
  },
  { name: 'CT u16 once more (after signed frames)', frame: frameOf(16, 0), values: cycle([0, 24, 1024, 2024, 3000]), scaling: { rescaleSlope: 1, rescaleIntercept: -1024 } },
];

function bytesOf(testCase: Case, offset: number): Uint8Array {
  const words = testCase.raw ?? testCase.values;
  const bytesPerValue = testCase.frame.bitsAllocated / 8;
  // At an odd offset in a larger buffer, as a frame in a multipart answer can be.
  const buffer = new Uint8Array(offset + words.length * bytesPerValue);
  const view = new DataView(buffer.buffer);
  words.forEach((word, i) => (bytesPerValue === 1 ? view.setUint8(offset + i, word) : view.setUint16(offset + 2 * i, word & 0xffff, true)));
  return buffer.subarray(offset);
}

test('native frames decode to the reference values and array types, whatever the frame before needed', () => {
  for (const offset of [0, 1]) {
    for (const testCase of cases) {
      const preScale: PreScale = testCase.scaling ? { enabled: true, scalingParameters: testCase.scaling } : { enabled: false };
      const decoded = decodeNativeGreyscaleFrame(testCase.frame, bytesOf(testCase, offset), preScale, testCase.allowFloatRendering ?? false);
      // Without float textures a fractional rescale is left to the renderer, as Cornerstone's worker leaves it.
      const fractionalScaling = testCase.scaling && (!Number.isInteger(testCase.scaling.rescaleSlope) || !Number.isInteger(testCase.scaling.rescaleIntercept));
      const applied = testCase.scaling && (testCase.allowFloatRendering || !fractionalScaling) ? testCase.scaling : undefined;
      const { rescaleSlope, rescaleIntercept } = applied ?? { rescaleSlope: 1, rescaleIntercept: 0 };
      const expected = testCase.values.map((value) => value * rescaleSlope + rescaleIntercept);
      const min = Math.min(...expected);
      const max = Math.max(...expected);
      const what = `${testCase.name}, offset ${offset}`;
      // A fractional rescale makes fractional values, which only a Float32Array holds, whatever the range.
      const fractional = !Number.isInteger(rescaleSlope) || !Number.isInteger(rescaleIntercept);
      assert.equal(decoded.pixelData.constructor, fractional ? Float32Array : pixelArrayTypeFor(min, max), `${what}: array type`);
      assert.deepEqual([...decoded.pixelData], expected, `${what}: values`);
      assert.equal(decoded.pixelDataLength, size, `${what}: length`);
      assert.equal(decoded.smallestPixelValue, min, `${what}: smallest`);
      assert.equal(decoded.largestPixelValue, max, `${what}: largest`);
      assert.equal(decoded.preScale?.scaled ?? false, applied !== undefined, `${what}: scaled`);
    }
  }
});
