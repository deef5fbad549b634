// Which physical size a pixel of an image has, and where that size comes from: a measurement says the calibration
// it used beside its value, because a length on a projection radiograph is the detector's unless the magnification
// was corrected, and an ultrasound image is calibrated region by region. Pure (PS3.3 10.7.1.3, C.8.5.5).

/** What an image's header says about its pixels' size, read from the header (image-calibration-source.ts). */
export interface CalibrationSource {
  /** Pixel Spacing (0028,0030): [row spacing, column spacing] in mm, in the patient (or the calibrated plane). */
  pixelSpacing?: readonly [number, number];
  /** Imager Pixel Spacing (0018,1164): [row, column] in mm at the detector's front plane. */
  imagerPixelSpacing?: readonly [number, number];
  /** Estimated Radiographic Magnification Factor (0018,1114): source-to-detector over source-to-object distance. */
  estimatedMagnification?: number;
  /** Projection images (CR, DX, MG, XA, RF, IO, PX, RG): their Pixel Spacing may be the detector's. */
  projection: boolean;
  /** Sequence of Ultrasound Regions (0018,6011), spatial regions only matter here. */
  ultrasoundRegions?: readonly UltrasoundRegion[];
}

export interface UltrasoundRegion {
  /** Region Location Min X0 … Max Y1: the region's bounding pixels, inclusive (PS3.3 C.8.5.5.1.2). */
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  /** Physical Units X/Y Direction (3 = cm). */
  unitsX: number;
  unitsY: number;
  /** Physical Delta X/Y: the physical size of one pixel in those units. */
  deltaX: number;
  deltaY: number;
}

/**
 * - `pixel-spacing`: Pixel Spacing, in the patient (cross-sectional images, or a projection image whose Pixel
 *   Spacing was calibrated and differs from the detector's);
 * - `ermf`: Imager Pixel Spacing divided by the Estimated Radiographic Magnification Factor;
 * - `detector`: Imager Pixel Spacing (or a projection's Pixel Spacing equal to it) as is: the size at the detector,
 *   larger than the patient by the magnification;
 * - `ultrasound-region`: the ultrasound region holding every point;
 * - `none`: no spacing: pixels.
 */
export type CalibrationKind = 'pixel-spacing' | 'ermf' | 'detector' | 'ultrasound-region' | 'none';

export interface Calibration {
  kind: CalibrationKind;
  /** mm a pixel between rows (vertical) and between columns (horizontal); 1 for `none`. */
  rowSpacing: number;
  columnSpacing: number;
  /** `mm` or `px`. */
  unit: 'mm' | 'px';
  /** What the value is shown with: `mm`, `mm (ERMF)`, `mm (detector)`, `mm (US region)` or `px`. */
  label: string;
}

const unitLabels: Record<CalibrationKind, string> = {
  'pixel-spacing': 'mm',
  ermf: 'mm (ERMF)',
  detector: 'mm (detector)',
  'ultrasound-region': 'mm (US region)',
  none: 'px',
};

function calibration(kind: CalibrationKind, rowSpacing: number, columnSpacing: number): Calibration {
  return { kind, rowSpacing, columnSpacing, unit: kind === 'none' ? 'px' : 'mm', label: unitLabels[kind] };
}

const centimetres = 3;

function positivePair(pair: readonly [number, number] | undefined): pair is readonly [number, number] {
  return pair !== undefined && pair.length === 2 && pair.every((value) => Number.isFinite(value) && value > 0);
}

/** The spatial ultrasound region (in cm both ways) that holds every point ([x, y] image coordinates), if one does. */
export function ultrasoundRegionOf(regions: readonly UltrasoundRegion[] | undefined, points: ReadonlyArray<readonly number[]>): UltrasoundRegion | undefined {
  if (!regions || points.length === 0) return undefined;
  return regions.find(
    (region) =>
      region.unitsX === centimetres &&
      region.unitsY === centimetres &&
      Math.abs(region.deltaX) > 0 &&
      Math.abs(region.deltaY) > 0 &&
      // Region bounds name pixels; a pixel spans [min, max + 1) in image coordinates (its corner at its index).
      points.every(([x, y]) => x! >= region.minX && x! <= region.maxX + 1 && y! >= region.minY && y! <= region.maxY + 1),
  );
}

/**
 * The calibration for a measurement whose points (image coordinates, [x, y]) are `points`: the ultrasound region
 * that holds them all, else the header's spacing as PS3.3 10.7.1.3 tells how to read it, else pixels.
 */
export function calibrationOf(source: CalibrationSource, points: ReadonlyArray<readonly number[]> = []): Calibration {
  const region = ultrasoundRegionOf(source.ultrasoundRegions, points);
  if (region) return calibration('ultrasound-region', Math.abs(region.deltaY) * 10, Math.abs(region.deltaX) * 10);
  const { pixelSpacing, imagerPixelSpacing, estimatedMagnification, projection } = source;
  const imager = positivePair(imagerPixelSpacing) ? imagerPixelSpacing : undefined;
  if (positivePair(pixelSpacing)) {
    // A projection image's Pixel Spacing equal to its Imager Pixel Spacing is the detector's, not calibrated.
    const detectorOnly = projection && imager !== undefined && pixelSpacing[0] === imager[0] && pixelSpacing[1] === imager[1];
    if (!detectorOnly) return calibration('pixel-spacing', pixelSpacing[0], pixelSpacing[1]);
  }
  if (imager) {
    const magnification = estimatedMagnification;
    if (magnification !== undefined && Number.isFinite(magnification) && magnification > 0) {
      return calibration('ermf', imager[0] / magnification, imager[1] / magnification);
    }
    return calibration('detector', imager[0], imager[1]);
  }
  return calibration('none', 1, 1);
}
