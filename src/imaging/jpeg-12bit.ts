// 12-bit JPEG (extended, process 4) greyscale frames: decoded by Cornerstone's worker as raw samples, then cleared
// of the decoder's constant offset (src/codecs/jpeg-12bit-offset.ts), measured once a page on a calibration frame
// through that same worker. The caller builds the image from the corrected samples as from a native frame
// (native-frame.ts chooses the modality rescale, value range and array type).
import { calibrationFrame, calibrationFrameSize, offsetFromCalibration, removeOffset } from '../codecs/jpeg-12bit-offset.js';
import type { NativeImageFrame } from './native-frame.js';
import { decodeStoredValuesInWorker, type DecodeScheduling } from './worker-stored-values.js';

const jpegExtended = '1.2.840.10008.1.2.4.51';

/**
 * Whether this frame is one `decodeTwelveBitJpeg` corrects: greyscale in 16-bit words. Signed data is corrected as
 * the server corrects it (src/server/imaging/decode-jpeg-12bit.ts): on the JPEG's unsigned 12-bit samples, before
 * the sign is extended from BitsStored.
 */
export function isTwelveBitJpegFrame(frame: NativeImageFrame, transferSyntaxUid: string): boolean {
  return (
    transferSyntaxUid === jpegExtended &&
    frame.bitsAllocated === 16 &&
    (frame.samplesPerPixel ?? 1) === 1 &&
    (frame.photometricInterpretation === 'MONOCHROME1' || frame.photometricInterpretation === 'MONOCHROME2')
  );
}

/**
 * The worker's decode of `bytes` as unsigned samples without the modality rescale: what the JPEG holds (plus the
 * offset). Unsigned here: the sign is extended after the offset is taken out.
 */
function decodeInWorker(frame: NativeImageFrame, bytes: Uint8Array, scheduling: DecodeScheduling = {}): Promise<ArrayLike<number>> {
  return decodeStoredValuesInWorker({ ...frame, pixelRepresentation: 0 }, bytes, jpegExtended, scheduling);
}

let measuring: Promise<number> | undefined;

function decoderOffset(): Promise<number> {
  measuring ??= decodeInWorker(
    { ...calibrationFrameSize, bitsAllocated: 16, bitsStored: 12, samplesPerPixel: 1, pixelRepresentation: 0, photometricInterpretation: 'MONOCHROME2' },
    calibrationFrame,
  )
    .then((samples) => offsetFromCalibration(samples[0]!))
    .catch((error: unknown) => {
      measuring = undefined;
      throw new Error(`the 12-bit JPEG decoder cannot be calibrated: ${error instanceof Error ? error.message : String(error)}`);
    });
  return measuring;
}

/** The frame's stored samples, little endian 16-bit words, as a native frame of the same image would hold them. */
export async function decodeTwelveBitJpeg(frame: NativeImageFrame, bytes: Uint8Array, scheduling: DecodeScheduling = {}): Promise<Uint8Array> {
  const [offset, samples] = await Promise.all([decoderOffset(), decodeInWorker(frame, bytes, scheduling)]);
  const words = removeOffset(samples, offset, new Uint16Array(samples.length));
  return new Uint8Array(words.buffer);
}
