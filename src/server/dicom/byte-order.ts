// Big-endian values answered in little endian (PS3.18 8.7.3: bulk data and uncompressed frames are explicit VR little
// endian): byte swapping by VR, and the VR of a bulk data element, found from its path in the instance's metadata.
import type { DicomJsonDataset, DicomJsonElement } from '../../dicomweb/dicom-json.js';

/** The number of bytes one number has that is swapped as a whole. */
export type SwapUnit = 1 | 2 | 4 | 8;

/**
 * The size of the numbers each binary VR's value is made of (PS3.5 6.2; AT is a pair of 16-bit numbers, group and
 * element). VRs not listed (OB, UN, and every text VR) are bytes or characters, whose order does not depend on the
 * transfer syntax.
 */
const swapUnits: Readonly<Record<string, SwapUnit>> = {
  AT: 2,
  OW: 2,
  SS: 2,
  US: 2,
  FL: 4,
  OF: 4,
  OL: 4,
  SL: 4,
  UL: 4,
  FD: 8,
  OD: 8,
  OV: 8,
  SV: 8,
  UV: 8,
};

export function swapUnitOfVr(vr: string): SwapUnit {
  return swapUnits[vr] ?? 1;
}

/**
 * The swap unit of native pixel data: its samples, when BitsAllocated is 16 or more (32- and 64-bit samples are
 * written as OW too, yet each sample is one number); otherwise the VR's (8-bit samples in OW go in byte pairs).
 */
export function swapUnitOfPixelData(vr: string, bitsAllocated: number | undefined): SwapUnit {
  if (bitsAllocated === 16 || bitsAllocated === 32 || bitsAllocated === 64) return (bitsAllocated / 8) as SwapUnit;
  return swapUnitOfVr(vr);
}

/** Reverses the bytes of each `unit`-byte number in place; a trailing partial number (malformed data) is left as is. */
export function swapBytes(bytes: Buffer, unit: SwapUnit): void {
  if (unit === 1) return;
  const whole = bytes.length - (bytes.length % unit);
  const numbers = whole === bytes.length ? bytes : bytes.subarray(0, whole);
  if (unit === 2) numbers.swap16();
  else if (unit === 4) numbers.swap32();
  else numbers.swap64();
}

/**
 * The VR of the element at a bulk data path (tags and item indexes joined by '/', as parse-instance.ts makes them:
 * `00281201`, `00540016/0/00181072`) in an instance's DICOM JSON; undefined when the path leads nowhere.
 */
export function vrAtPath(metadata: DicomJsonDataset, path: string): string | undefined {
  const steps = path.split('/');
  let dataset: DicomJsonDataset | undefined = metadata;
  for (let index = 0; index < steps.length; index += 2) {
    const element: DicomJsonElement | undefined = dataset?.[steps[index]!.toUpperCase()];
    if (!element) return undefined;
    if (index + 1 === steps.length) return element.vr;
    const item = Number(steps[index + 1]);
    dataset = Number.isInteger(item) ? (element.Value?.[item] as DicomJsonDataset | undefined) : undefined;
  }
  return undefined;
}
