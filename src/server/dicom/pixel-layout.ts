// How an instance's pixel samples are laid out (Image Pixel module, PS3.3 C.7.6.3), read from its DICOM JSON, and
// how many bytes one native frame takes.
import { numberOf, stringOf, type DicomJsonDataset } from '../../dicomweb/dicom-json.js';

export interface PixelLayout {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  /** 0: R1G1B1R2…, 1: RRR…GGG…BBB… */
  planarConfiguration: number;
  photometricInterpretation: string;
}

/** The layout the Image Pixel attributes give, or undefined when Rows, Columns or BitsAllocated is missing. */
export function pixelLayoutOf(metadata: DicomJsonDataset): PixelLayout | undefined {
  const rows = numberOf(metadata, 'Rows');
  const columns = numberOf(metadata, 'Columns');
  const bitsAllocated = numberOf(metadata, 'BitsAllocated');
  if (!rows || !columns || !bitsAllocated) return undefined;
  return {
    rows,
    columns,
    samplesPerPixel: numberOf(metadata, 'SamplesPerPixel') ?? 1,
    bitsAllocated,
    bitsStored: numberOf(metadata, 'BitsStored') ?? bitsAllocated,
    pixelRepresentation: numberOf(metadata, 'PixelRepresentation') ?? 0,
    planarConfiguration: numberOf(metadata, 'PlanarConfiguration') ?? 0,
    photometricInterpretation: stringOf(metadata, 'PhotometricInterpretation')?.trim() || 'MONOCHROME2',
  };
}

/**
 * Native YBR_FULL_422 keeps one Cb and one Cr for each horizontal pair of pixels (PS3.3 C.7.6.3.1.2: Y1 Y2 Cb Cr),
 * so its frames are two thirds of what three samples per pixel would take.
 */
export function isSubsampledYbr(layout: PixelLayout): boolean {
  return layout.samplesPerPixel === 3 && layout.photometricInterpretation === 'YBR_FULL_422';
}

/** Bits of one native frame (not rounded to bytes: 1-bit frames need not end on a byte boundary). */
export function nativeFrameBits(layout: PixelLayout): number {
  const samplesPerFrame = isSubsampledYbr(layout) ? layout.rows * layout.columns * 2 : layout.rows * layout.columns * layout.samplesPerPixel;
  return samplesPerFrame * layout.bitsAllocated;
}
