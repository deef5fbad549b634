// Frames of compressed instances decoded for a client that asked for them uncompressed (PS3.18 8.7.3.5.2: explicit
// VR little endian is the default for application/octet-stream), with what the client must know about them.
import type { FastifyRequest } from 'fastify';
import type { DicomJsonDataset } from '../../dicomweb/dicom-json.js';
import type { ByteRange } from '../dicom/parse-instance.js';
import { pixelLayoutOf, type PixelLayout } from '../dicom/pixel-layout.js';
import { HttpError, notAcceptable, notFound, notFoundIfDeleted, undecodableFrame } from '../http-error.js';
import { FrameDecodeError, UnsupportedFrameError } from '../imaging/decoded-samples.js';
import { decodedPhotometricInterpretation } from '../imaging/decode-to-native.js';
import { DecodeQueueFullError, type FrameDecoder } from '../imaging/decode-pool.js';
import type { InstanceLocation } from '../store/instance-index.js';
import type { Store } from '../store/store.js';
import { warningHeader } from './base-url.js';

/** Too many frames waiting for a decoder: 503 with a hint of when to come back. */
export const busy = (reason: string) => new HttpError(503, reason, { 'Retry-After': '1' });

/** The Image Pixel attributes of an instance, from its stored metadata. */
export async function storedPixelLayout(store: Store, instance: InstanceLocation): Promise<PixelLayout> {
  const texts = await store.retrieveMetadata({
    studyInstanceUid: instance.studyInstanceUid,
    seriesInstanceUid: instance.seriesInstanceUid,
    sopInstanceUid: instance.sopInstanceUid,
  });
  if (!texts?.[0]) throw notFound(`instance ${instance.sopInstanceUid} was deleted`);
  const layout = pixelLayoutOf(JSON.parse(texts[0]) as DicomJsonDataset);
  if (!layout) throw new HttpError(501, `instance ${instance.sopInstanceUid} has PixelData but no Rows, Columns or BitsAllocated: its frames cannot be decoded`);
  return layout;
}

/**
 * The Warning a response of decoded frames carries when their Photometric Interpretation is not the stored one
 * (lossy JPEG decodes to RGB; see decodedPhotometricInterpretation): the instance's metadata describes the stored
 * data, and a client reading these bytes by it would take RGB for YCbCr, or look for subsampled chroma.
 */
export function decodedPhotometricWarning(request: FastifyRequest, instance: InstanceLocation, layout: PixelLayout): string | undefined {
  const decoded = decodedPhotometricInterpretation(instance.transferSyntaxUid, layout);
  if (decoded === layout.photometricInterpretation) return undefined;
  return warningHeader(
    request,
    `The frames were decoded from ${instance.transferSyntaxUid} to ${decoded} (PlanarConfiguration ${layout.planarConfiguration}); the instance's PhotometricInterpretation ${layout.photometricInterpretation} describes the stored, compressed data.`,
  );
}

/** Reads and decodes each frame to explicit VR little endian pixel data, in the order given. */
export async function decodedFrames(store: Store, decoder: FrameDecoder, instance: InstanceLocation, layout: PixelLayout, frames: Array<{ number: number; ranges: ByteRange[] }>): Promise<Buffer[]> {
  const decoded: Buffer[] = [];
  for (const { number, ranges } of frames) {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of store.readRanges(instance, ranges)) chunks.push(chunk);
    } catch (error) {
      throw notFoundIfDeleted(error, instance.sopInstanceUid);
    }
    try {
      decoded.push((await decoder.decodeToNative(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), instance.transferSyntaxUid, layout)).bytes);
    } catch (error) {
      if (error instanceof DecodeQueueFullError) throw busy(error.message);
      if (error instanceof UnsupportedFrameError) throw notAcceptable(`frame ${number} cannot be sent uncompressed: ${error.message}`);
      if (error instanceof FrameDecodeError) throw undecodableFrame(instance.sopInstanceUid, number, error.message);
      throw error;
    }
  }
  return decoded;
}
