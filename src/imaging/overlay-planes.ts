// DICOM overlay planes (PS3.3 C.9.2, C.9.3): their attributes in the repeating groups 6000–601E, and their
// bit-packed Overlay Data unpacked to a mask over the image.
import type { DicomJsonDataset, DicomJsonElement } from '../dicomweb/dicom-json.js';

/** The sixteen overlay groups (6000–601E, even). */
export const overlayGroups: readonly number[] = Array.from({ length: 16 }, (_, index) => 0x6000 + 2 * index);

/** Elements of an overlay group (PS3.3 C.9.2, C.9.3), numbered within the group. */
export const overlayElements = {
  rows: 0x0010,
  columns: 0x0011,
  numberOfFrames: 0x0015,
  description: 0x0022,
  type: 0x0040,
  origin: 0x0050,
  imageFrameOrigin: 0x0051,
  bitsAllocated: 0x0100,
  bitPosition: 0x0102,
  label: 0x1500,
  data: 0x3000,
} as const;

/**
 * The DICOM JSON tag of an element of an overlay group: the repeating groups give each plane the same elements in
 * its own group, which a keyword table cannot name, so they are found by arithmetic.
 */
export function overlayTag(group: number, element: keyof typeof overlayElements): string {
  return (group * 0x10000 + overlayElements[element]).toString(16).toUpperCase().padStart(8, '0');
}

/** One overlay plane's header; its data is `data`, an OB/OW element holding InlineBinary or a BulkDataURI. */
export interface OverlayPlane {
  group: number;
  rows: number;
  columns: number;
  /** `G` (graphics) or `R` (region of interest). */
  type: string;
  /** Row and column of the image where the plane's first pixel lies, 1-based (1\1 is the image's first pixel). */
  origin: [number, number];
  numberOfFrames: number;
  /** The image frame (1-based) the plane's first frame applies to; undefined when the header gives none. */
  imageFrameOrigin?: number;
  description?: string;
  label?: string;
  data: DicomJsonElement;
}

function firstNumber(dataset: DicomJsonDataset, tag: string): number | undefined {
  const value = dataset[tag]?.Value?.[0];
  const number = typeof value === 'number' ? value : Number(value);
  return value === undefined || value === null || value === '' || !Number.isFinite(number) ? undefined : number;
}

function firstString(dataset: DicomJsonDataset, tag: string): string | undefined {
  const value = dataset[tag]?.Value?.[0];
  return value === undefined || value === null ? undefined : String(value).trim();
}

/**
 * The overlay planes an instance's header describes with their own Overlay Data. Planes with Overlay Bits
 * Allocated other than 1 keep their bits in the pixel data's unused high bits (retired), which decoders mask away:
 * those are left out, as are planes without a size.
 */
export function overlayPlanesOf(dataset: DicomJsonDataset): OverlayPlane[] {
  const planes: OverlayPlane[] = [];
  for (const group of overlayGroups) {
    const data = dataset[overlayTag(group, 'data')];
    const rows = firstNumber(dataset, overlayTag(group, 'rows'));
    const columns = firstNumber(dataset, overlayTag(group, 'columns'));
    if (!data || (!data.BulkDataURI && !data.InlineBinary) || !rows || !columns) continue;
    if ((firstNumber(dataset, overlayTag(group, 'bitsAllocated')) ?? 1) !== 1) continue;
    const originValues = dataset[overlayTag(group, 'origin')]?.Value ?? [];
    const origin: [number, number] = originValues.length === 2 ? [Number(originValues[0]), Number(originValues[1])] : [1, 1];
    planes.push({
      group,
      rows,
      columns,
      type: firstString(dataset, overlayTag(group, 'type')) ?? 'G',
      origin: origin.every(Number.isFinite) ? origin : [1, 1],
      numberOfFrames: firstNumber(dataset, overlayTag(group, 'numberOfFrames')) ?? 1,
      imageFrameOrigin: firstNumber(dataset, overlayTag(group, 'imageFrameOrigin')),
      description: firstString(dataset, overlayTag(group, 'description')),
      label: firstString(dataset, overlayTag(group, 'label')),
      data,
    });
  }
  return planes;
}

/**
 * Which of a plane's frames lies over an image frame (1-based; 1 for single-frame images), or undefined for none.
 * A one-frame plane without Image Frame Origin lies over every frame, as viewers show it.
 */
export function overlayFrameFor(plane: Pick<OverlayPlane, 'numberOfFrames' | 'imageFrameOrigin'>, imageFrame: number): number | undefined {
  if (plane.numberOfFrames <= 1 && plane.imageFrameOrigin === undefined) return 0;
  const frame = imageFrame - (plane.imageFrameOrigin ?? 1);
  return frame >= 0 && frame < plane.numberOfFrames ? frame : undefined;
}

/**
 * Sets to 1 the pixels of `mask` (the image's rows × columns, row by row) that a plane's frame covers. Overlay
 * Data packs one bit a pixel, row by row, frames one after another with no padding between rows or frames, the
 * least significant bit of each byte first (OW little endian reads the same); the plane is placed at its origin
 * and clipped to the image.
 */
export function addOverlayToMask(
  mask: Uint8Array,
  image: { rows: number; columns: number },
  plane: Pick<OverlayPlane, 'rows' | 'columns' | 'origin'>,
  bits: Uint8Array,
  frame = 0,
): void {
  const top = plane.origin[0] - 1;
  const left = plane.origin[1] - 1;
  const first = frame * plane.rows * plane.columns;
  for (let row = Math.max(0, -top); row < plane.rows; row += 1) {
    const imageRow = top + row;
    if (imageRow >= image.rows) break;
    for (let column = Math.max(0, -left); column < plane.columns; column += 1) {
      const imageColumn = left + column;
      if (imageColumn >= image.columns) break;
      const bit = first + row * plane.columns + column;
      const byte = bits[bit >> 3];
      if (byte !== undefined && (byte >> (bit & 7)) & 1) mask[imageRow * image.columns + imageColumn] = 1;
    }
  }
}
