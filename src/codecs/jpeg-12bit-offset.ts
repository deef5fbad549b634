// The constant offset of the 12-bit JPEG decoder inside @cornerstonejs/dicom-image-loader, measured and taken out.
// Both the server (decoding frames on request) and the viewer (decoding in Cornerstone's worker) use that decoder.
// Pure: no DOM, no Node.
//
// Its 5.14 version adds 15 to every 12-bit sample: the last step of its inverse DCT scales the 8-bit level shift
// and rounding constant (2056 = (128 × 16) + 8) by 4095 / 255, which gives the 12-bit level shift plus 241/16
// instead of plus 8/16. Measured against DCMTK's decoding (through Orthanc), 12,835 of 16,384 samples of the test
// image were exactly 15 higher. The offset is measured on the calibration frame below, so a decoder without it needs
// no change here; its clamp to 4095 also starts early by the offset, so samples within it of 4095 come out as 4095.

/** One JPEG marker segment: marker, big-endian length (itself included), body. */
const segment = (marker: number, body: number[]) => [0xff, marker, ((body.length + 2) >> 8) & 0xff, (body.length + 2) & 0xff, ...body];
/** A Huffman table (ITU T.81 B.2.4.2) of one code, of length 1, for `value`. */
const oneCodeTable = (tableClassAndId: number, value: number) => [tableClassAndId, 1, ...new Array<number>(15).fill(0), value];

/**
 * An 8×8 12-bit JPEG (extended Huffman, SOF1) whose only coefficient is a DC of 0: ITU T.81 (A.3.1, level shift)
 * says it decodes to 2048 everywhere. Made here, byte by byte, so that the check needs no file.
 */
export const calibrationFrame = new Uint8Array([
  0xff, 0xd8, // SOI
  ...segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]), // DQT: table 0, all ones
  ...segment(0xc1, [12, 0, 8, 0, 8, 1, 1, 0x11, 0]), // SOF1: 12 bits, 8×8, one component
  ...segment(0xc4, oneCodeTable(0x00, 0)), // DHT: DC table 0, category 0 only
  ...segment(0xc4, oneCodeTable(0x10, 0)), // DHT: AC table 0, end of block only
  ...segment(0xda, [1, 1, 0x00, 0, 63, 0]), // SOS
  0x3f, // DC category 0 ('0'), end of block ('0'), padded with ones
  0xff, 0xd9, // EOI
]);
export const calibrationFrameSize = { rows: 8, columns: 8 };
const calibrationValue = 2048;
const top = 4095;

/** The decoder's offset, from its first decoded sample of the calibration frame; throws when it is not plausible. */
export function offsetFromCalibration(firstSample: number): number {
  const offset = firstSample - calibrationValue;
  if (!(offset >= 0 && offset <= 16)) throw new Error(`it decodes a flat ${calibrationValue} as ${firstSample}`);
  return offset;
}

/** Unsigned 12-bit samples as the decoder should have given them, into `target` (which may be `samples`). */
export function removeOffset(samples: ArrayLike<number>, offset: number, target: Uint16Array): Uint16Array {
  for (let index = 0; index < samples.length; index++) {
    const sample = samples[index]!;
    target[index] = sample >= top ? top : Math.max(0, sample - offset);
  }
  return target;
}
