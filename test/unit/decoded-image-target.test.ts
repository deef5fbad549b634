// The decoded-image check under a volume's target size: a decimated volume asks for its slices smaller than the
// header's image; that size is then the one to hold, and any other is still refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Types } from '@cornerstonejs/core';
import { checkDecodedImage, DecodedImageCheckError } from '../../src/imaging/decoded-image-check.js';
import type { NativeImageFrame } from '../../src/imaging/native-frame.js';

const explicitLittleEndian = '1.2.840.10008.1.2.1';
const frame = { rows: 4, columns: 4, bitsAllocated: 16, bitsStored: 16, pixelRepresentation: 0, samplesPerPixel: 1, photometricInterpretation: 'MONOCHROME2' } as unknown as NativeImageFrame;

function greyImage(rows: number, columns: number): Types.IImage {
  const pixels = new Uint16Array(rows * columns).fill(100);
  return { rows, columns, color: false, getPixelData: () => pixels, minPixelValue: 100, maxPixelValue: 100 } as unknown as Types.IImage;
}

test('a slice resampled to the volume\'s size passes when the volume asked for that size', () => {
  assert.doesNotThrow(() => checkDecodedImage(greyImage(2, 2), frame, explicitLittleEndian, { rows: 2, columns: 2 }));
  assert.doesNotThrow(() => checkDecodedImage(greyImage(4, 4), frame, explicitLittleEndian, {}));
});

test('without a target the header\'s size holds; with one, any other size is refused and both are named', () => {
  assert.throws(() => checkDecodedImage(greyImage(2, 2), frame, explicitLittleEndian), (error: unknown) => error instanceof DecodedImageCheckError && /gave a 2×2 image where the header says 4×4$/.test(error.message));
  assert.throws(() => checkDecodedImage(greyImage(4, 4), frame, explicitLittleEndian, { rows: 2, columns: 2 }), /gave a 4×4 image where the header says 4×4 \(2×2 for the volume\)/);
});
