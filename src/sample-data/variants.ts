// Small test images in every photometric interpretation and bit depth a viewer must show, with pixel values
// defined here (pure, no Node import: browser tests compute expected values from the same functions).
import { regionIndexAt, type PhantomRegion } from './phantom.js';
import { uidFor } from './uid.js';

export type PhotometricInterpretation = 'MONOCHROME1' | 'MONOCHROME2' | 'RGB' | 'YBR_FULL' | 'YBR_FULL_422' | 'PALETTE COLOR';

export interface VoiWindowDefinition {
  readonly center: number;
  readonly width: number;
  readonly explanation: string;
}

/** One test image: a background and four squares, each of one value (a grey level, or an RGB triple for colour). */
export interface ImageVariant {
  readonly name: string;
  readonly description: string;
  readonly photometricInterpretation: PhotometricInterpretation;
  readonly bitsAllocated: 8 | 16 | 32;
  readonly bitsStored: number;
  readonly pixelRepresentation: 0 | 1;
  readonly rescaleSlope?: number;
  readonly rescaleIntercept?: number;
  readonly windows: readonly VoiWindowDefinition[];
  readonly voiLutFunction?: 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID';
  /** A Modality LUT Sequence in place of the rescale: `size` 16-bit entries (modalityLutEntry) from `firstValueMapped`. */
  readonly modalityLut?: { readonly firstValueMapped: number; readonly size: number };
  readonly frames: number;
  /** Stored grey values of the regions (background first), or for colour the RGB each region shows. */
  readonly values: readonly (number | readonly [number, number, number])[];
  /** Added to the value of region `frameRegion` per frame, so frames can be told apart. */
  readonly valuePerFrame?: number;
}

export const variantSize = 128;

/** Background, then four 48 × 48 squares, one per quadrant; `centre` has 20 px of its own region all round. */
export const variantRegions: readonly PhantomRegion[] = [
  { name: 'background', shape: { kind: 'everywhere' }, centre: [64, 64], value: 0, valuePerSlice: 0 },
  { name: 'topLeft', shape: { kind: 'square', centre: [32, 32], halfSide: 24 }, centre: [32, 32], value: 1, valuePerSlice: 0 },
  { name: 'topRight', shape: { kind: 'square', centre: [96, 32], halfSide: 24 }, centre: [96, 32], value: 2, valuePerSlice: 0 },
  { name: 'bottomLeft', shape: { kind: 'square', centre: [32, 96], halfSide: 24 }, centre: [32, 96], value: 3, valuePerSlice: 0 },
  { name: 'bottomRight', shape: { kind: 'square', centre: [96, 96], halfSide: 24 }, centre: [96, 96], value: 4, valuePerSlice: 0 },
];
/** The region whose value follows the frame number in multi-frame variants. */
export const frameRegion = 4;

const u16Values = [0, 24, 1024, 2024, 60000];

export const imageVariants = [
  {
    name: 'mono2-u16',
    description: 'MONOCHROME2 16-bit unsigned, CT rescale',
    photometricInterpretation: 'MONOCHROME2',
    bitsAllocated: 16, bitsStored: 16, pixelRepresentation: 0,
    rescaleSlope: 1, rescaleIntercept: -1024,
    windows: [{ center: 40, width: 400, explanation: 'SOFT TISSUE' }],
    frames: 1,
    values: u16Values,
  },
  {
    name: 'mono2-s16',
    description: 'MONOCHROME2 16-bit signed, slope 0.5',
    photometricInterpretation: 'MONOCHROME2',
    bitsAllocated: 16, bitsStored: 16, pixelRepresentation: 1,
    rescaleSlope: 0.5, rescaleIntercept: 100,
    windows: [{ center: 100, width: 2000, explanation: 'WIDE' }],
    frames: 1,
    values: [-2000, -1, 0, 1500, 32000],
  },
  {
    name: 'mono2-u12',
    description: 'MONOCHROME2 12 of 16 bits',
    photometricInterpretation: 'MONOCHROME2',
    bitsAllocated: 16, bitsStored: 12, pixelRepresentation: 0,
    windows: [{ center: 2048, width: 4096, explanation: 'FULL' }],
    frames: 1,
    values: [0, 100, 1000, 2048, 4095],
  },
  {
    name: 'mono2-u8',
    description: 'MONOCHROME2 8-bit',
    photometricInterpretation: 'MONOCHROME2',
    bitsAllocated: 8, bitsStored: 8, pixelRepresentation: 0,
    windows: [{ center: 128, width: 256, explanation: 'FULL' }],
    frames: 1,
    values: [0, 60, 128, 200, 255],
  },
  {
    name: 'mono1-u8',
    description: 'MONOCHROME1 8-bit (high values dark)',
    photometricInterpretation: 'MONOCHROME1',
    bitsAllocated: 8, bitsStored: 8, pixelRepresentation: 0,
    windows: [{ center: 128, width: 256, explanation: 'FULL' }],
    frames: 1,
    values: [0, 60, 128, 200, 255],
  },
  {
    name: 'rgb',
    description: 'RGB 8-bit, interleaved',
    photometricInterpretation: 'RGB',
    bitsAllocated: 8, bitsStored: 8, pixelRepresentation: 0,
    windows: [],
    frames: 1,
    values: [[0, 0, 0], [220, 30, 30], [30, 200, 40], [40, 60, 230], [200, 180, 60]],
  },
  {
    name: 'rgb-u16',
    description: 'RGB 16-bit, interleaved (shown as 8 bits a sample)',
    photometricInterpretation: 'RGB',
    bitsAllocated: 16, bitsStored: 16, pixelRepresentation: 0,
    windows: [],
    frames: 1,
    // Each a multiple of 257, so that the 8-bit sample shown is exactly value / 257.
    values: [[0, 0, 0], [220 * 257, 30 * 257, 30 * 257], [30 * 257, 200 * 257, 40 * 257], [40 * 257, 60 * 257, 230 * 257], [200 * 257, 180 * 257, 60 * 257]],
  },
  {
    name: 'mono2-u32',
    description: 'MONOCHROME2 32-bit unsigned (a 32-bit secondary capture), intercept −1000',
    photometricInterpretation: 'MONOCHROME2',
    bitsAllocated: 32, bitsStored: 32, pixelRepresentation: 0,
    rescaleSlope: 1, rescaleIntercept: -1000,
    windows: [{ center: 2_000_000, width: 4_000_000, explanation: 'FULL' }],
    frames: 1,
    values: [0, 1000, 70_000, 1_000_000, 4_000_000],
  },
  {
    name: 'modality-lut-u12',
    description: 'MONOCHROME2 12 of 16 bits, Modality LUT Sequence (a square law) instead of a rescale',
    photometricInterpretation: 'MONOCHROME2',
    bitsAllocated: 16, bitsStored: 12, pixelRepresentation: 0,
    modalityLut: { firstValueMapped: 0, size: 4096 },
    windows: [{ center: 8000, width: 16000, explanation: 'LUT OUTPUT' }],
    frames: 1,
    values: [0, 100, 1000, 2000, 4095],
  },
  {
    name: 'ybr-full',
    description: 'YBR_FULL 8-bit, interleaved',
    photometricInterpretation: 'YBR_FULL',
    bitsAllocated: 8, bitsStored: 8, pixelRepresentation: 0,
    windows: [],
    frames: 1,
    values: [[0, 0, 0], [220, 30, 30], [30, 200, 40], [40, 60, 230], [200, 180, 60]],
  },
  {
    name: 'ybr-full-422',
    description: 'YBR_FULL_422 8-bit, native (chroma shared by pixel pairs)',
    photometricInterpretation: 'YBR_FULL_422',
    bitsAllocated: 8, bitsStored: 8, pixelRepresentation: 0,
    windows: [],
    frames: 1,
    values: [[0, 0, 0], [220, 30, 30], [30, 200, 40], [40, 60, 230], [200, 180, 60]],
  },
  {
    name: 'palette',
    description: 'PALETTE COLOR 8-bit indices, 16-bit LUT entries',
    photometricInterpretation: 'PALETTE COLOR',
    bitsAllocated: 8, bitsStored: 8, pixelRepresentation: 0,
    windows: [],
    frames: 1,
    values: [0, 10, 100, 200, 255],
  },
  {
    name: 'multiframe-u16',
    description: 'MONOCHROME2 16-bit, 6 frames in one instance',
    photometricInterpretation: 'MONOCHROME2',
    bitsAllocated: 16, bitsStored: 16, pixelRepresentation: 0,
    rescaleSlope: 1, rescaleIntercept: -1024,
    windows: [{ center: 40, width: 400, explanation: 'SOFT TISSUE' }],
    frames: 6,
    values: [0, 24, 1024, 2024, 1024],
    valuePerFrame: 50,
  },
  {
    name: 'windows-u16',
    description: 'MONOCHROME2 16-bit with three windows in the header',
    photometricInterpretation: 'MONOCHROME2',
    bitsAllocated: 16, bitsStored: 16, pixelRepresentation: 0,
    rescaleSlope: 1, rescaleIntercept: -1024,
    windows: [
      { center: 40, width: 400, explanation: 'SOFT TISSUE' },
      { center: -600, width: 1500, explanation: 'LUNG' },
      { center: 400, width: 1800, explanation: 'BONE' },
    ],
    frames: 1,
    values: [0, 24, 924, 1064, 2024],
  },
  {
    name: 'sigmoid-u16',
    description: 'MONOCHROME2 16-bit, VOI LUT Function SIGMOID',
    photometricInterpretation: 'MONOCHROME2',
    bitsAllocated: 16, bitsStored: 16, pixelRepresentation: 0,
    rescaleSlope: 1, rescaleIntercept: -1024,
    windows: [{ center: 40, width: 400, explanation: 'SIGMOID SOFT TISSUE' }],
    voiLutFunction: 'SIGMOID',
    frames: 1,
    values: [0, 24, 924, 1064, 1324],
  },
] as const satisfies readonly ImageVariant[];

export type ImageVariantName = (typeof imageVariants)[number]['name'];

export function variantByName(name: ImageVariantName): ImageVariant {
  return imageVariants.find((variant) => variant.name === name)!;
}

/** Which region paints a pixel of a variant image. */
export function variantRegionAt(x: number, y: number): number {
  return regionIndexAt(variantRegions, x, y);
}

/** The stored grey value (or palette index) of a pixel of a grey or palette variant, on a frame (0-based). */
export function variantStoredValueAt(variant: ImageVariant, x: number, y: number, frame = 0): number {
  const region = variantRegionAt(x, y);
  const value = variant.values[region];
  if (typeof value !== 'number') throw new TypeError(`${variant.name} is a colour variant`);
  return value + (region === frameRegion ? (variant.valuePerFrame ?? 0) * frame : 0);
}

/** Entry `index` of the modality LUT of variants that have one: a square law, so that no rescale could stand in for it. */
export function modalityLutEntry(index: number): number {
  return Math.round((index * index) / 1000);
}

/** The modality value (PS3.3 C.11.1: through the modality LUT, or stored × slope + intercept) of a pixel of a grey variant. */
export function variantModalityValueAt(variant: ImageVariant, x: number, y: number, frame = 0): number {
  if (variant.modalityLut) {
    const { firstValueMapped, size } = variant.modalityLut;
    return modalityLutEntry(Math.min(size - 1, Math.max(0, variantStoredValueAt(variant, x, y, frame) - firstValueMapped)));
  }
  return variantStoredValueAt(variant, x, y, frame) * (variant.rescaleSlope ?? 1) + (variant.rescaleIntercept ?? 0);
}

/** The RGB a colour variant shows and reads back at a pixel: its samples scaled from Bits Stored to 8 bits. */
export function variantDisplayedRgbAt(variant: ImageVariant, x: number, y: number): [number, number, number] {
  const rgb = variantRgbAt(variant, x, y);
  if (variant.photometricInterpretation === 'PALETTE COLOR' || variant.bitsStored <= 8) return rgb;
  const top = 2 ** variant.bitsStored - 1;
  return rgb.map((sample) => Math.round((sample * 255) / top)) as [number, number, number];
}

/** The RGB stored at a pixel of a colour variant (for PALETTE COLOR: the LUT entry, as 8 bits). */
export function variantRgbAt(variant: ImageVariant, x: number, y: number): [number, number, number] {
  if (variant.photometricInterpretation === 'PALETTE COLOR') {
    const index = variantStoredValueAt(variant, x, y);
    return paletteLut.map((table) => table[index]! >> 8) as [number, number, number];
  }
  const value = variant.values[variantRegionAt(x, y)];
  if (typeof value === 'number') throw new TypeError(`${variant.name} is a grey variant`);
  return [...(value as readonly [number, number, number])];
}

/** The palette of the PALETTE COLOR variant: 256 16-bit entries a channel (descriptor 256\0\16). */
export const paletteLut: readonly [Uint16Array, Uint16Array, Uint16Array] = (() => {
  const red = new Uint16Array(256);
  const green = new Uint16Array(256);
  const blue = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    red[i] = i * 257;
    green[i] = (255 - i) * 257;
    blue[i] = ((i * 7) % 256) * 257;
  }
  return [red, green, blue];
})();

/** RGB to YBR_FULL (PS3.3 C.7.6.3.1.2), rounded and clamped to 8 bits. */
export function rgbToYbrFull([r, g, b]: readonly [number, number, number]): [number, number, number] {
  const clamp = (v: number) => Math.min(255, Math.max(0, Math.round(v)));
  return [
    clamp(0.299 * r + 0.587 * g + 0.114 * b),
    clamp(-0.1687 * r - 0.3313 * g + 0.5 * b + 128),
    clamp(0.5 * r - 0.4187 * g - 0.0813 * b + 128),
  ];
}

/** Where the variant images live: one study, a series per variant and transfer syntax. */
export const variantStudy = {
  patientName: 'Variants^Pixel',
  patientId: 'LB-0003',
  patientBirthDate: '19900101',
  patientSex: 'M',
  studyInstanceUid: uidFor('dicom-lightbox variants study'),
  studyDate: '20260201',
  studyTime: '100000',
  studyDescription: 'Pixel variants and transfer syntaxes',
} as const;

export function variantSeriesUid(variantName: string, transferSyntaxName: string): string {
  return uidFor(`dicom-lightbox variants ${variantName} ${transferSyntaxName} series`);
}

export function variantSopInstanceUid(variantName: string, transferSyntaxName: string): string {
  return uidFor(`dicom-lightbox variants ${variantName} ${transferSyntaxName} instance`);
}
