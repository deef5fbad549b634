// The image loader of an imaging context's image ids (image-registry.ts). A frame registered by a stack
// (stack-images.ts) is retrieved through the DICOMweb source that asked for it (its auth hook, retries, typed errors,
// an abort signal a series switch can pull) and, when it is a native greyscale frame, decoded right here
// (native-image.ts). A greyscale frame that must be decompressed but carries a fractional rescale (or is a 12-bit
// JPEG) is decoded to stored values by the worker and rescaled here; every other frame goes to Cornerstone's
// createImage() and its decode worker, as Cornerstone's own loader would send it. An image id no stack holds any
// more is refused: nobody's credentials may fetch it.
import { Enums, type Types } from '@cornerstonejs/core';
// The loader's imageLoader entry, not its index (see init.ts).
import dicomImageLoader from '@cornerstonejs/dicom-image-loader/imageLoader';
import { getTransferSyntaxForContentType } from '@cornerstonejs/dicom-image-loader/wadors/loadImage';
import type { RetrievedFrame } from '../dicomweb/source.js';
import type { FrameLocation } from './frame-locations.js';
import type { ImageRegistry } from './image-registry.js';
import { createNativeGreyscaleImage, needsFractionalRescale } from './native-image.js';
import { isNativeGreyscaleFrame, nativeGreyscaleFrameLength, type NativeImageFrame } from './native-frame.js';
import { isNativeYbrFull422Frame, ybrFull422ToRgb } from './ybr-full-422.js';
import { decodeTwelveBitJpeg, isTwelveBitJpegFrame } from './jpeg-12bit.js';
import { asNativeWords, decodeStoredValuesInWorker, type DecodeScheduling } from './worker-stored-values.js';
import { checkDecodedImage, checkEncodedFrame } from './decoded-image-check.js';
import { ImageDecodeFailure } from './image-failure.js';
import { decodeWorkerFailure } from './decode-worker-failure.js';
import { decodeRle } from '../codecs/rle.js';
import { isDeepColourFrame, toEightBitColour } from './deep-colour.js';
import { applyModalityLut, modalityLutOf } from './modality-lut.js';
import type { DicomJsonDataset } from '../dicomweb/dicom-json.js';

const rle = '1.2.840.10008.1.2.5';
const explicitLittleEndian = '1.2.840.10008.1.2.1';

type LoaderOptions = Record<string, unknown>;
type ImageLoad = (imageId: string, options?: LoaderOptions) => Types.IImageLoadObject;

export function createFrameLoader(registry: ImageRegistry): ImageLoad {
  return (imageId, options = {}) => {
    const location = registry.locationOf(imageId);
    if (!location) return { promise: Promise.reject(new Error(`${imageId} is not shown by any viewport`)), cancelFn: undefined };
    return { promise: retrieveAndDecode(registry, imageId, location, options), cancelFn: undefined };
  };
}

/** A frame no stack retrieval holds (fetched before, then evicted from the cache): asked for now, first in line. */
async function retrieve(registry: ImageRegistry, imageId: string, location: FrameLocation, frameLength: number | undefined): Promise<RetrievedFrame> {
  const request = registry.frameRequestSignal(imageId);
  try {
    const { source, studyInstanceUid, seriesInstanceUid, sopInstanceUid, frameNumber } = location;
    const [frame] = await source.retrieveInstanceFrames(studyInstanceUid, seriesInstanceUid, sopInstanceUid, [frameNumber], {
      signal: request.signal,
      priority: 'high',
      frameLength,
    });
    return frame!;
  } finally {
    request.done();
  }
}

async function retrieveAndDecode(registry: ImageRegistry, imageId: string, location: FrameLocation, options: LoaderOptions): Promise<Types.IImage> {
  const start = Date.now();
  const frame = dicomImageLoader.getImageFrame(imageId) as unknown as NativeImageFrame;
  const retrieved = await (registry.takeRetrievedFrame(imageId) ?? retrieve(registry, imageId, location, nativeGreyscaleFrameLength(frame)));
  // Cornerstone's own reading of the part's media type, so both paths agree on the syntax (and on its defaults).
  const receivedSyntax = getTransferSyntaxForContentType(retrieved.contentType);
  // Full resolution: what Cornerstone's loader passes for a frame retrieved whole.
  const decodeOptions = { ...options, decodeLevel: 0 };
  checkEncodedFrame(frame, receivedSyntax, retrieved.bytes);
  // RLE of whole bytes a sample is decoded here (src/codecs/rle.ts says why), then goes on as the native frame it is.
  const rleHere = receivedSyntax === rle && frame.bitsAllocated % 8 === 0;
  const bytes = rleHere ? decodeRle(retrieved.bytes, { ...frame, samplesPerPixel: frame.samplesPerPixel ?? 1, planarConfiguration: frame.planarConfiguration as number | undefined }) : retrieved.bytes;
  const transferSyntax = rleHere ? explicitLittleEndian : receivedSyntax;
  const decoded = new AbortController();
  // Every frame but a native greyscale one goes through the decode worker, which may never answer.
  const decoding = decode(imageId, frame, bytes, transferSyntax, decodeOptions);
  const image = await (isNativeGreyscaleFrame(frame, transferSyntax, bytes) ? decoding : Promise.race([decoding, decodeWorkerFailure(decoded.signal)]))
    .catch((cause: unknown) => {
      // The syntax goes with the failure, so that a codec this page cannot load is named to the user.
      throw new ImageDecodeFailure(receivedSyntax, cause);
    })
    .finally(() => decoded.abort());
  checkDecodedImage(image, frame, transferSyntax, options.targetBuffer as { rows?: number; columns?: number } | undefined);
  if (isDeepColourFrame(frame)) toEightBitColour(image, frame.bitsStored ?? frame.bitsAllocated);
  if (!image.color) applyModalityLutOfHeader(imageId, image);
  const loaded = image as Types.IImage & { loadTimeInMS?: number; transferSyntaxUID?: string };
  loaded.loadTimeInMS = Date.now() - start;
  loaded.transferSyntaxUID = receivedSyntax;
  loaded.imageQualityStatus = Enums.ImageQualityStatus.FULL_RESOLUTION;
  return loaded;
}

/** A grey image whose header has a Modality LUT Sequence (and no rescale, which it replaces) shows and reports its table's output. */
function applyModalityLutOfHeader(imageId: string, image: Types.IImage): void {
  const dataset = dicomImageLoader.wadors.metaDataManager.get(imageId) as unknown as DicomJsonDataset | undefined;
  const sopClassUid = (dataset?.['00080016']?.Value as string[] | undefined)?.[0];
  // Cornerstone's rule (PS3.3 C.8.7.1.1.2 and C.8.19.2.1.3): X-ray angiography's modality LUT is not for display.
  if (sopClassUid && !dicomImageLoader.isModalityLUTForDisplay(sopClassUid)) return;
  let lut;
  try {
    lut = modalityLutOf(dataset);
  } catch (error) {
    throw new Error(`the image's modality LUT cannot be applied: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (lut && !(image as { preScale?: { scaled?: boolean } }).preScale?.scaled) applyModalityLut(image, lut);
}

/** The frame's image: decoded here when it is native greyscale, in the worker (or Cornerstone's createImage) otherwise. */
async function decode(imageId: string, frame: NativeImageFrame, bytes: Uint8Array, transferSyntax: string, decodeOptions: LoaderOptions): Promise<Types.IImage> {
  return isNativeGreyscaleFrame(frame, transferSyntax, bytes)
    ? createNativeGreyscaleImage(imageId, frame, bytes, decodeOptions)
    : isTwelveBitJpegFrame(frame, transferSyntax)
    ? createNativeGreyscaleImage(imageId, frame, await decodeTwelveBitJpeg(frame, bytes, decodeOptions as DecodeScheduling), decodeOptions)
    : needsFractionalRescale(imageId, frame, decodeOptions)
    ? createNativeGreyscaleImage(
        imageId,
        frame,
        asNativeWords(await decodeStoredValuesInWorker(frame, bytes, transferSyntax, decodeOptions as DecodeScheduling), frame.pixelRepresentation),
        decodeOptions,
      )
    : ((await dicomImageLoader.createImage(
        imageId,
        // Native YBR_FULL_422 as RGB (ybr-full-422.ts says why); otherwise a copy of its own, as Cornerstone's
        // multipart reader gives: codecs read the buffer from offset 0.
        isNativeYbrFull422Frame(frame, transferSyntax, bytes) ? ybrFull422ToRgb(bytes) : bytes.slice(),
        transferSyntax,
        decodeOptions,
      )) as unknown as Types.IImage);
}
