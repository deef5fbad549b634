// Encoding one naturalized dataset as a DICOM Part 10 file (explicit VR little endian) with dcmjs, and reading one back.
// @ts-ignore -- dcmjs ships no type declarations; the little of it used here is typed below.
import * as dcmjsModule from 'dcmjs';
import { uidFor } from './uid.js';

/** A dataset as dcmjs naturalizes it: attributes by keyword, multi-valued ones as arrays. */
export type NaturalizedDataset = Record<string, unknown>;

interface DenaturalizedDataset {
  [tag: string]: { vr: string; Value?: unknown[] };
}

interface DcmjsData {
  DicomDict: new (meta: DenaturalizedDataset) => {
    dict: DenaturalizedDataset;
    write(options?: { allowInvalidVRLength?: boolean; fragmentMultiframe?: boolean }): ArrayBuffer;
  };
  DicomMessage: {
    readFile(buffer: ArrayBuffer, options?: { untilTag?: string; ignoreErrors?: boolean }): {
      meta: DenaturalizedDataset;
      dict: DenaturalizedDataset;
    };
  };
  DicomMetaDictionary: {
    denaturalizeDataset(dataset: NaturalizedDataset): DenaturalizedDataset;
    naturalizeDataset(dataset: DenaturalizedDataset): NaturalizedDataset;
  };
}

const dcmjsData = (dcmjsModule as { data: DcmjsData }).data;

export const explicitVrLittleEndian = '1.2.840.10008.1.2.1';
/** Identifies the software that wrote the file (PS3.7 D.3.3.2); derived, so it never changes between builds. */
export const implementationClassUid = uidFor('dicom-lightbox implementation');
/** SH, at most 16 characters. */
export const implementationVersionName = 'DICOM_LIGHTBOX_1';

/**
 * Pixel data as a typed array: dcmjs wants an ArrayBuffer holding exactly the frame's bytes, so a
 * view into a larger buffer is copied. Stored 16-bit values are written in the host's byte order,
 * which must then be little endian to match the transfer syntax.
 */
function pixelDataBuffer(pixels: Uint8Array | Uint16Array): ArrayBuffer {
  if (pixels instanceof Uint16Array && new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
    throw new Error('writing 16-bit pixel data needs a little-endian host');
  }
  const whole = pixels.byteOffset === 0 && pixels.byteLength === pixels.buffer.byteLength;
  return (whole ? pixels.buffer : pixels.slice().buffer) as ArrayBuffer;
}

/**
 * A Part 10 file of a dataset in explicit VR little endian. The dataset must hold SOPClassUID and
 * SOPInstanceUID (the file meta repeats them); its PixelData may be a Uint8Array (OB) or a
 * Uint16Array (OW).
 */
export function writeInstance(dataset: NaturalizedDataset): Uint8Array {
  return writePart10(dataset, explicitVrLittleEndian);
}

/**
 * A Part 10 file whose Pixel Data is encapsulated under `transferSyntaxUid` (PS3.5 A.4): a Basic Offset Table with
 * one entry a frame, then one fragment a frame (odd lengths padded), so a reader can find any frame without scanning.
 */
export function writeEncapsulatedInstance(dataset: NaturalizedDataset, transferSyntaxUid: string, frames: readonly Uint8Array[]): Uint8Array {
  if (transferSyntaxUid === explicitVrLittleEndian || frames.length === 0) throw new RangeError('encapsulated pixel data needs a compressed transfer syntax and at least one frame');
  const natural: NaturalizedDataset = {
    ...dataset,
    PixelData: frames.map((frame) => frame.slice().buffer as ArrayBuffer),
    _vrMap: { ...(dataset._vrMap as object | undefined), PixelData: 'OB' },
  };
  return writePart10(natural, transferSyntaxUid, { fragmentMultiframe: false });
}

function writePart10(dataset: NaturalizedDataset, transferSyntaxUid: string, writeOptions: { fragmentMultiframe?: boolean } = {}): Uint8Array {
  const sopClassUid = dataset.SOPClassUID;
  const sopInstanceUid = dataset.SOPInstanceUID;
  if (typeof sopClassUid !== 'string' || typeof sopInstanceUid !== 'string') {
    throw new TypeError('a dataset to write needs SOPClassUID and SOPInstanceUID');
  }
  const natural: NaturalizedDataset = { ...dataset };
  const pixels = dataset.PixelData;
  if (pixels instanceof Uint8Array || pixels instanceof Uint16Array) {
    natural.PixelData = [pixelDataBuffer(pixels)];
    // PixelData's dictionary VR is "OB or OW": dcmjs needs to be told which.
    natural._vrMap = { ...(dataset._vrMap as object | undefined), PixelData: pixels instanceof Uint16Array ? 'OW' : 'OB' };
  }

  const meta = dcmjsData.DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: [new Uint8Array([0, 1]).buffer],
    MediaStorageSOPClassUID: sopClassUid,
    MediaStorageSOPInstanceUID: sopInstanceUid,
    TransferSyntaxUID: transferSyntaxUid,
    ImplementationClassUID: implementationClassUid,
    ImplementationVersionName: implementationVersionName,
  });
  const file = new dcmjsData.DicomDict(meta);
  file.dict = dcmjsData.DicomMetaDictionary.denaturalizeDataset(natural);
  return new Uint8Array(file.write(writeOptions));
}

/** A Part 10 file read back: its file meta and dataset, naturalized (PixelData as a list of ArrayBuffers). */
export function readInstance(bytes: Uint8Array): { meta: NaturalizedDataset; dataset: NaturalizedDataset } {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const file = dcmjsData.DicomMessage.readFile(buffer);
  return {
    meta: dcmjsData.DicomMetaDictionary.naturalizeDataset(file.meta),
    dataset: dcmjsData.DicomMetaDictionary.naturalizeDataset(file.dict),
  };
}
