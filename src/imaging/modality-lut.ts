// The Modality LUT Sequence (0028,3000; PS3.3 C.11.1): stored values mapped through its table to modality values,
// on the decoded image itself, so that both the values read back and the window on screen are in the table's output
// units. Cornerstone 5.14's WADO-RS metadata never reads the sequence, so it would show and report stored values.
import { utilities, type Types } from '@cornerstonejs/core';
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
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < stored.length; i++) {
    const index = Math.min(last, Math.max(0, stored[i]! - lut.firstValueMapped));
    const value = lut.entries[index]!;
    mapped[i] = value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const imageFrame = (image as { imageFrame?: Record<string, unknown> }).imageFrame;
  if (imageFrame) {
    imageFrame.pixelData = mapped;
    imageFrame.smallestPixelValue = min;
    imageFrame.largestPixelValue = max;
  }
  const writable = image as unknown as Record<string, unknown>;
  writable.getPixelData = () => mapped;
  writable.dataType = 'Float32Array';
  writable.sizeInBytes = mapped.byteLength;
  writable.minPixelValue = min;
  writable.maxPixelValue = max;
  // The values are modality values now: nothing more to apply, by the renderer or the readback.
  writable.preScale = { enabled: true, scaled: true, scalingParameters: { rescaleSlope: 1, rescaleIntercept: 0 } };
  writable.slope = 1;
  writable.intercept = 0;
  writable.modalityLUT = undefined;
  writable.voxelManager = utilities.VoxelManager.createImageVoxelManager({ scalarData: mapped, width: image.columns, height: image.rows, numberOfComponents: 1 });
}
