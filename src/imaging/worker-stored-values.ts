// A frame decoded by Cornerstone's decode worker with the modality rescale off: its stored values (sign-extended
// from BitsStored for signed data), for the callers that build the image on the page from them as from a native
// frame (native-image.ts): 12-bit JPEG, whose decoder's offset is removed first (jpeg-12bit.ts), and greyscale frames
// with a fractional rescale, which the worker would write into an integer array (native-frame.ts says why).
import { getWebWorkerManager } from '@cornerstonejs/core';
import type { NativeImageFrame } from './native-frame.js';

interface DecodedFrame {
  pixelData: ArrayLike<number>;
}

/** How the loader asked for the image: the worker queue's request type and priority, as Cornerstone passes them. */
export interface DecodeScheduling {
  requestType?: string;
  priority?: number;
}

/**
 * The worker's decode of `bytes` without the modality rescale. The worker scales a wrong-sized image to the
 * header's rows and columns, as it does for Cornerstone.
 */
export async function decodeStoredValuesInWorker(
  frame: NativeImageFrame,
  bytes: Uint8Array,
  transferSyntaxUid: string,
  scheduling: DecodeScheduling = {},
): Promise<ArrayLike<number>> {
  // Structured-clone safe: getImageFrame() may hold functions and promises, which Cornerstone drops likewise.
  const imageFrame = Object.fromEntries(Object.entries(frame).filter(([, value]) => typeof value !== 'function' && !(value instanceof Promise)));
  const decoded = (await getWebWorkerManager().executeTask(
    'dicomImageLoader',
    'decodeTask',
    {
      imageFrame,
      transferSyntax: transferSyntaxUid,
      // A copy of the frame alone: `bytes` may be a view into a larger answer, which cloning would copy whole.
      pixelData: bytes.slice(),
      options: { preScale: { enabled: false } },
      decodeConfig: {},
    },
    { requestType: scheduling.requestType as never, priority: scheduling.priority },
  )) as DecodedFrame;
  return decoded.pixelData;
}

/** Stored values as the little-endian 16-bit words a native frame of the image holds (signed or not). */
export function asNativeWords(values: ArrayLike<number>, pixelRepresentation: number | undefined): Uint8Array {
  const words = pixelRepresentation === 1 ? Int16Array.from(values as ArrayLike<number>) : Uint16Array.from(values as ArrayLike<number>);
  return new Uint8Array(words.buffer);
}
