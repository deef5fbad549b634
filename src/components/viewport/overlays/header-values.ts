// Values the viewport derives from an image's header (pure, from DICOM JSON): spacing, cine speed, orientation,
// the image number line, and what the camera-bound overlays depend on.
import { numberOf, numbersOf, type DicomJsonDataset } from '../../../dicomweb/dicom-json.js';
import { english, type Localizer } from '../../../i18n/index.js';

/** Patient Orientation (0020,0020), which the shared tag table does not name yet. */
const patientOrientationTag = '00200020';

/** Patient Orientation's two directions (rows, columns), when the header gives both. */
export function patientOrientationOf(dataset: DicomJsonDataset): string[] {
  const values = (dataset[patientOrientationTag]?.Value ?? []).map(String);
  return values.length === 2 ? values : [];
}

/**
 * [row, column] spacing in mm, when the header gives one: PixelSpacing, else ImagerPixelSpacing (its first value
 * for both: projection images have square detector pixels).
 */
export function pixelSpacingOf(dataset: DicomJsonDataset | undefined): [number, number] | undefined {
  if (!dataset) return undefined;
  const spacing = numbersOf(dataset, 'PixelSpacing');
  if (spacing.length === 2 && spacing.every((value) => value > 0)) return spacing as [number, number];
  const imager = numberOf(dataset, 'ImagerPixelSpacing');
  return imager ? [imager, imager] : undefined;
}

/**
 * Cine speed in frames per second: `fps` when above 0, else the header's RecommendedDisplayFrameRate, else its
 * CineRate, else 1000 / FrameTime for a multi-frame image, else 10.
 */
export function cineFpsOf(fps: number, dataset: DicomJsonDataset | undefined): number {
  if (fps > 0) return fps;
  const recommended = dataset ? numberOf(dataset, 'RecommendedDisplayFrameRate') : undefined;
  if (recommended && recommended > 0) return recommended;
  const cineRate = dataset ? numberOf(dataset, 'CineRate') : undefined;
  if (cineRate && cineRate > 0) return cineRate;
  const frameTime = dataset ? numberOf(dataset, 'FrameTime') : undefined;
  if (frameTime && frameTime > 0 && (numberOf(dataset ?? {}, 'NumberOfFrames') ?? 1) > 1) return 1000 / frameTime;
  return 10;
}

/**
 * `Im: <instance number> / <images>`, and `Fr: <frame> / <frames>` for a frame of a multi-frame instance; the stack
 * position (1-based) stands in for a missing Instance Number.
 */
export function imageNumberText(
  dataset: DicomJsonDataset | undefined,
  imageIndex: number,
  imageCount: number,
  frameNumber: number | undefined,
  { t, format }: Localizer = english,
): string {
  const instanceNumber = dataset ? numberOf(dataset, 'InstanceNumber') : undefined;
  const frames = dataset ? (numberOf(dataset, 'NumberOfFrames') ?? 1) : 1;
  const image = t('overlay.image', { number: format.number(instanceNumber ?? imageIndex + 1), count: format.number(imageCount) });
  return frames > 1 && frameNumber ? `${image} ${t('overlay.frame', { number: format.number(frameNumber), count: format.number(frames) })}` : image;
}

/**
 * What the zoom, scale bar and markers depend on in the header: orientation and spacing, which stay put while a
 * stack scrolls (so scrolling does not recompute them).
 */
export function geometryKeyOf(dataset: DicomJsonDataset | undefined): string {
  if (!dataset) return '';
  return [numbersOf(dataset, 'ImageOrientationPatient').join('\\'), patientOrientationOf(dataset).join('\\'), pixelSpacingOf(dataset)?.join('\\')].join('|');
}

/** Whether the header orients the image by Image Orientation (Patient) (six values). */
export function hasImageOrientation(dataset: DicomJsonDataset): boolean {
  return numbersOf(dataset, 'ImageOrientationPatient').length === 6;
}
