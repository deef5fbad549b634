// The Modality LUT Sequence (0028,3000; PS3.3 C.11.1): stored values mapped through its table to modality values,
// on the decoded image itself, so that both the values read back and the window on screen are in the table's output
// units. Cornerstone 5.14's WADO-RS metadata never reads the sequence, so it would show and report stored values.
import type { Types } from '@cornerstonejs/core';
import { replaceImagePixels } from './replace-image-pixels.js';
import type { DicomJsonDataset } from '../dicomweb/dicom-json.js';

export interface ModalityLut {
  /** The stored value mapped to the first entry (LUT Descriptor's second value). */
  firstValueMapped: number;
  entries: ArrayLike<number>;
}

// Not yet in src/dicomweb/tags.ts's table (another room's file): ModalityLUTSequence, LUTDescriptor, LUTData.
const sequenceTag = '00283000';
const descriptorTag = '00283002';
const dataTag = '00283006';

/**
 * The image's modality LUT, from its DICOM JSON header; undefined when it has none. Throws when the table is given
 * by BulkDataURI alone (it must be fetched first) or its descriptor does not fit its data.
 */
export function modalityLutOf(dataset: DicomJsonDataset | undefined): ModalityLut | undefined {
  const item = (dataset?.[sequenceTag]?.Value as DicomJsonDataset[] | undefined)?.[0];
  if (!item) return undefined;
  const descriptor = item[descriptorTag]?.Value as number[] | undefined;
  const data = item[dataTag];
  if (!descriptor || descriptor.length < 3 || !data) throw new Error('its Modality LUT Sequence has no LUT Descriptor or LUT Data');
  let entries: ArrayLike<number> | undefined = data.Value as number[] | undefined;
  if (!entries && data.InlineBinary) {
    const bytes = Uint8Array.from(atob(data.InlineBinary), (c) => c.charCodeAt(0));
    entries = new Uint16Array(bytes.buffer, 0, bytes.byteLength >> 1);
  }
  if (!entries) throw new Error('its Modality LUT Data is not in the metadata (a BulkDataURI this viewer does not fetch yet)');
  // PS3.3 C.11.1.1.1: 0 entries means 65536.
  const size = descriptor[0] === 0 ? 65536 : descriptor[0]!;
  if (entries.length !== size) throw new Error(`its Modality LUT has ${entries.length} entries where its descriptor says ${size}`);
  return { firstValueMapped: descriptor[1]!, entries };
}

/** Maps the image's stored values through `lut` (values outside the table take its first or last entry), in place. */
export function applyModalityLut(image: Types.IImage, lut: ModalityLut): void {
  const stored = image.getPixelData() as ArrayLike<number>;
  const last = lut.entries.length - 1;
  const mapped = new Float32Array(stored.length);
  for (let i = 0; i < stored.length; i++) mapped[i] = lut.entries[Math.min(last, Math.max(0, stored[i]! - lut.firstValueMapped))]!;
  replaceImagePixels(image, mapped, 1);
  // The values are modality values now: nothing more to apply, by the renderer or the readback.
  const writable = image as unknown as Record<string, unknown>;
  writable.preScale = { enabled: true, scaled: true, scalingParameters: { rescaleSlope: 1, rescaleIntercept: 0 } };
  writable.slope = 1;
  writable.intercept = 0;
  writable.modalityLUT = undefined;
}
