// A series as a stack of frames: order, image ids and where each frame lives. No Cornerstone, so the element can
// work this out (and start fetching frames) while the rendering engine is still on its way.
import { numberOf, setValues, stringOf, type DicomJsonDataset } from '../dicomweb/dicom-json.js';
import type { DicomwebSource } from '../dicomweb/source.js';
import type { FrameLocation } from './frame-locations.js';
import { orderForStack } from './stack-order.js';

/**
 * The instance's metadata with what Cornerstone's loader cannot do without: its WADO-RS metadata provider calls
 * `modality.includes()` for an image without Image Orientation, and throws (inside a promise chain that never
 * settles) when Modality is absent, as in many secondary captures. An empty Modality says what the header says.
 */
export function completedForLoader(instance: DicomJsonDataset): DicomJsonDataset {
  if (stringOf(instance, 'Modality') !== undefined) return instance;
  const completed = { ...instance };
  setValues(completed, 'Modality', ['']);
  return completed;
}

/** A stack's images in order, each with its instance's metadata and frame number (1-based). */
export interface StackImages {
  imageIds: string[];
  datasets: DicomJsonDataset[];
  frameNumbers: number[];
  /** Where each frame is retrieved from, by the same index. */
  locations: FrameLocation[];
}

/** The byte length of a frame if it is stored natively (rows × columns × samples × bytes a sample), else a guess. */
export function nativeFrameLengthOf(instance: DicomJsonDataset): number | undefined {
  const rows = numberOf(instance, 'Rows');
  const columns = numberOf(instance, 'Columns');
  const bitsAllocated = numberOf(instance, 'BitsAllocated');
  if (!rows || !columns || !bitsAllocated || bitsAllocated % 8 !== 0) return undefined;
  return rows * columns * (numberOf(instance, 'SamplesPerPixel') ?? 1) * (bitsAllocated / 8);
}

/**
 * Every frame of the series, in stack order (stack-order.ts). A multi-frame instance gives one image id a frame;
 * instances without pixels (an SR, a KO…) give none.
 */
export function stackImagesOf(
  source: DicomwebSource,
  studyInstanceUid: string,
  seriesInstanceUid: string,
  instances: readonly DicomJsonDataset[],
): StackImages {
  const stack: StackImages = { imageIds: [], datasets: [], frameNumbers: [], locations: [] };
  for (const instance of orderForStack(instances).map(completedForLoader)) {
    const sopInstanceUid = stringOf(instance, 'SOPInstanceUID');
    if (!sopInstanceUid || numberOf(instance, 'Rows') === undefined) continue;
    const frames = numberOf(instance, 'NumberOfFrames') ?? 1;
    for (let frame = 1; frame <= frames; frame += 1) {
      stack.imageIds.push(`wadors:${source.frameUrl(studyInstanceUid, seriesInstanceUid, sopInstanceUid, frame)}`);
      stack.datasets.push(instance);
      stack.frameNumbers.push(frame);
      stack.locations.push({ source, studyInstanceUid, seriesInstanceUid, sopInstanceUid, frameNumber: frame });
    }
  }
  return stack;
}
