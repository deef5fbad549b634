import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addOverlayToMask, overlayFrameFor, overlayPlanesOf, overlayTag } from '../../src/imaging/overlay-planes.js';

/** Packs 0/1 pixels as Overlay Data does: one bit a pixel, least significant bit first. */
function pack(pixels: number[]): Uint8Array {
  const bytes = new Uint8Array(Math.ceil(pixels.length / 8));
  pixels.forEach((pixel, at) => (bytes[at >> 3]! |= pixel << (at & 7)));
  return bytes;
}

/** The mask as rows of '#' and '.'. */
function picture(mask: Uint8Array, columns: number): string[] {
  const rows: string[] = [];
  for (let at = 0; at < mask.length; at += columns) rows.push([...mask.subarray(at, at + columns)].map((bit) => (bit ? '#' : '.')).join(''));
  return rows;
}

test('overlay tags are found by group arithmetic', () => {
  assert.equal(overlayTag(0x6000, 'data'), '60003000');
  assert.equal(overlayTag(0x601e, 'rows'), '601E0010');
  assert.equal(overlayTag(0x6002, 'origin'), '60020050');
});

test('the least significant bit of each byte is the first pixel', () => {
  const mask = new Uint8Array(8);
  addOverlayToMask(mask, { rows: 1, columns: 8 }, { rows: 1, columns: 8, origin: [1, 1] }, Uint8Array.of(0b0000_0101));
  assert.deepEqual(picture(mask, 8), ['#.#.....']);
});

test('rows run on without padding when rows × columns is not a multiple of 8', () => {
  // 3 × 3: the second row starts at bit 3 of the first byte, the third row spans into the second byte.
  const pixels = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  const mask = new Uint8Array(9);
  addOverlayToMask(mask, { rows: 3, columns: 3 }, { rows: 3, columns: 3, origin: [1, 1] }, pack(pixels));
  assert.deepEqual(picture(mask, 3), ['#..', '.#.', '..#']);
});

test('the origin (row\\column, 1-based) places the plane, and a plane beyond the image is clipped', () => {
  const plane = { rows: 2, columns: 3, origin: [3, 4] as [number, number] };
  const mask = new Uint8Array(4 * 5);
  addOverlayToMask(mask, { rows: 4, columns: 5 }, plane, pack([1, 1, 1, 1, 0, 1]));
  assert.deepEqual(picture(mask, 5), ['.....', '.....', '...##', '...#.']);
  // Before the image's first row and column: only the part over the image is drawn.
  const before = new Uint8Array(4);
  addOverlayToMask(before, { rows: 2, columns: 2 }, { rows: 2, columns: 2, origin: [0, 0] }, pack([1, 0, 0, 1]));
  assert.deepEqual(picture(before, 2), ['#.', '..']);
});

test('frames of a multi-frame plane follow one another in the bits', () => {
  const mask = new Uint8Array(4);
  addOverlayToMask(mask, { rows: 2, columns: 2 }, { rows: 2, columns: 2, origin: [1, 1] }, pack([1, 0, 0, 0, 0, 0, 0, 1]), 1);
  assert.deepEqual(picture(mask, 2), ['..', '.#']);
});

test('a plane frame lies over the image frames from its Image Frame Origin; a one-frame plane over all', () => {
  assert.equal(overlayFrameFor({ numberOfFrames: 1 }, 7), 0);
  assert.equal(overlayFrameFor({ numberOfFrames: 3, imageFrameOrigin: 2 }, 1), undefined);
  assert.equal(overlayFrameFor({ numberOfFrames: 3, imageFrameOrigin: 2 }, 2), 0);
  assert.equal(overlayFrameFor({ numberOfFrames: 3, imageFrameOrigin: 2 }, 4), 2);
  assert.equal(overlayFrameFor({ numberOfFrames: 3, imageFrameOrigin: 2 }, 5), undefined);
});

test('planes are read from the header; those without data or with bits in the pixel data are left out', () => {
  const planes = overlayPlanesOf({
    '60000010': { vr: 'US', Value: [50] },
    '60000011': { vr: 'US', Value: [100] },
    '60000040': { vr: 'CS', Value: ['G'] },
    '60000050': { vr: 'SS', Value: [101, 201] },
    '60000100': { vr: 'US', Value: [1] },
    '60000102': { vr: 'US', Value: [0] },
    '60001500': { vr: 'LO', Value: ['Box'] },
    '60003000': { vr: 'OW', BulkDataURI: 'http://x/bulk/60003000' },
    '60020010': { vr: 'US', Value: [8] },
    '60020011': { vr: 'US', Value: [8] },
    '60040010': { vr: 'US', Value: [8] },
    '60040011': { vr: 'US', Value: [8] },
    '60040100': { vr: 'US', Value: [16] },
    '60043000': { vr: 'OW', InlineBinary: 'AAAAAAAAAAA=' },
  });
  assert.equal(planes.length, 1);
  assert.deepEqual({ ...planes[0], data: undefined }, {
    group: 0x6000, rows: 50, columns: 100, type: 'G', origin: [101, 201], numberOfFrames: 1, imageFrameOrigin: undefined,
    description: undefined, label: 'Box', data: undefined,
  });
});
