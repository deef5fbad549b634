// 12-bit JPEG (extended, process 4) greyscale frames: decoded by Cornerstone's worker as raw samples, then cleared
// of the decoder's constant offset (src/codecs/jpeg-12bit-offset.ts), measured once a page on a calibration frame
// through that same worker. The caller builds the image from the corrected samples as from a native frame, so the
// modality rescale, value range and array type are chosen exactly as the worker would choose them.
import { getWebWorkerManager } from '@cornerstonejs/core';
import { calibrationFrame, calibrationFrameSize, offsetFromCalibration, removeOffset } from '../codecs/jpeg-12bit-offset.js';
import type { NativeImageFrame } from './native-frame.js';

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

interface DecodedFrame {
  pixelData: ArrayLike<number>;
}

/** How the loader asked for the image: the worker queue's request type and priority, as Cornerstone passes them. */
export interface DecodeScheduling {
  requestType?: string;
  priority?: number;
}

/**
 * The worker's decode of `bytes` as unsigned samples without the modality rescale: what the JPEG holds (plus the
 * offset). The worker scales a wrong-sized JPEG to the header's rows and columns, as it does for Cornerstone.
 */
async function decodeInWorker(frame: NativeImageFrame, bytes: Uint8Array, scheduling: DecodeScheduling = {}): Promise<ArrayLike<number>> {
  // Structured-clone safe: getImageFrame() may hold functions and promises, which Cornerstone drops likewise.
  const imageFrame = Object.fromEntries(Object.entries(frame).filter(([, value]) => typeof value !== 'function' && !(value instanceof Promise)));
  const decoded = (await getWebWorkerManager().executeTask(
    'dicomImageLoader',
    'decodeTask',
    {
      // Unsigned here: the sign is extended after the offset is taken out.
      imageFrame: { ...imageFrame, pixelRepresentation: 0 },
      transferSyntax: jpegExtended,
      // A copy of the frame alone: `bytes` may be a view into a larger answer, which cloning would copy whole.
      pixelData: bytes.slice(),
      options: { preScale: { enabled: false } },
      decodeConfig: {},
    },
    { requestType: scheduling.requestType as never, priority: scheduling.priority },
  )) as DecodedFrame;
  return decoded.pixelData;
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
