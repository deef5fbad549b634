// The phantoms and sample studies (geometry, pixel values, identifiers) that the generator writes and tests assert against.
// Pure, with no Node import, because browser tests import it.
import { uidFor } from './uid.js';

/** A pixel position: [column, row], 0-based, the centre of the top-left pixel being [0, 0]. */
export type PixelPoint = readonly [x: number, y: number];

/** A region's shape in pixel coordinates; `contains` is the membership test the value functions use. */
export type RegionShape =
  | { readonly kind: 'everywhere' }
  | { readonly kind: 'ellipse'; readonly centre: PixelPoint; readonly radii: readonly [rx: number, ry: number] }
  | { readonly kind: 'disc'; readonly centre: PixelPoint; readonly radius: number }
  | { readonly kind: 'square'; readonly centre: PixelPoint; readonly halfSide: number };

/**
 * A region of constant value on a slice: `value + valuePerSlice * sliceIndex`. `centre` is a pixel
 * well inside the region, where a test can sample it: the 41 × 41 px square around it is all this region.
 */
export interface PhantomRegion {
  readonly name: string;
  readonly shape: RegionShape;
  readonly centre: PixelPoint;
  readonly value: number;
  readonly valuePerSlice: number;
}

export function regionContains(shape: RegionShape, x: number, y: number): boolean {
  switch (shape.kind) {
    case 'everywhere':
      return true;
    case 'ellipse': {
      const dx = (x - shape.centre[0]) / shape.radii[0];
      const dy = (y - shape.centre[1]) / shape.radii[1];
      return dx * dx + dy * dy <= 1;
    }
    case 'disc': {
      const dx = x - shape.centre[0];
      const dy = y - shape.centre[1];
      return dx * dx + dy * dy <= shape.radius * shape.radius;
    }
    case 'square':
      return Math.abs(x - shape.centre[0]) <= shape.halfSide && Math.abs(y - shape.centre[1]) <= shape.halfSide;
  }
}

/** The index (in paint order) of the region that paints pixel (x, y): the last one containing it. */
export function regionIndexAt(regions: readonly PhantomRegion[], x: number, y: number): number {
  for (let i = regions.length - 1; i >= 0; i--) {
    if (regionContains(regions[i]!.shape, x, y)) return i;
  }
  throw new RangeError(`no region contains pixel (${x}, ${y})`);
}

/** The value a region has on a slice. */
export function regionValueOn(region: PhantomRegion, sliceIndex: number): number {
  return region.value + region.valuePerSlice * sliceIndex;
}

function valueOfRegions(regions: readonly PhantomRegion[], x: number, y: number, sliceIndex: number): number {
  return regionValueOn(regions[regionIndexAt(regions, x, y)]!, sliceIndex);
}

/** The plane of a series: slice i lies at `firstPosition + i * sliceSpacing * normal`. */
export interface PhantomGeometry {
  readonly rows: number;
  readonly columns: number;
  readonly slices: number;
  /** [row spacing, column spacing] in mm, in the order of PixelSpacing (0028,0030). */
  readonly pixelSpacing: readonly [number, number];
  readonly sliceThickness: number;
  readonly sliceSpacing: number;
  /** ImageOrientationPatient: the row direction (along a row, increasing column), then the column direction. */
  readonly imageOrientationPatient: readonly [number, number, number, number, number, number];
  /** ImagePositionPatient of slice 0 (the centre of its top-left pixel), mm. */
  readonly firstPosition: readonly [number, number, number];
  /** The unit normal (row × column direction) along which slices advance. */
  readonly normal: readonly [number, number, number];
}

/** ImagePositionPatient of a slice of a phantom. */
export function imagePositionPatient(geometry: PhantomGeometry, sliceIndex: number): [number, number, number] {
  const step = sliceIndex * geometry.sliceSpacing;
  return [0, 1, 2].map((axis) => roundMm(geometry.firstPosition[axis]! + step * geometry.normal[axis]!)) as [
    number,
    number,
    number,
  ];
}

/** The patient coordinates (mm) of a pixel centre on a slice, as a viewer's world coordinates. */
export function patientPointOf(geometry: PhantomGeometry, x: number, y: number, sliceIndex: number): [number, number, number] {
  const origin = imagePositionPatient(geometry, sliceIndex);
  const iop = geometry.imageOrientationPatient;
  const [rowSpacing, columnSpacing] = geometry.pixelSpacing;
  return [0, 1, 2].map((axis) => roundMm(origin[axis]! + x * columnSpacing * iop[axis]! + y * rowSpacing * iop[axis + 3]!)) as [
    number,
    number,
    number,
  ];
}

/** Rounded to a micrometre, so that 0.1 + 0.2 style noise never reaches a DS value or a test's comparison. */
function roundMm(value: number): number {
  return Math.round(value * 1000) / 1000 + 0; // + 0 turns -0 into 0
}

// ---------------------------------------------------------------------------------------------------------------
// CT: an axial body section, stored value = HU + 1024.

const ctRows = 512;
const ctColumns = 512;
const ctPixelSpacing = 0.7;

/** The CT regions in paint order: a later region covers an earlier one. Every one is ≥ 48 px across. */
const ctRegionList = [
  { name: 'air', shape: { kind: 'everywhere' }, centre: [40, 40], value: -1000, valuePerSlice: 0 },
  { name: 'water', shape: { kind: 'ellipse', centre: [256, 256], radii: [200, 150] }, centre: [256, 346], value: 0, valuePerSlice: 0 },
  { name: 'fat', shape: { kind: 'disc', centre: [166, 256], radius: 40 }, centre: [166, 256], value: -100, valuePerSlice: 0 },
  { name: 'bone', shape: { kind: 'disc', centre: [346, 256], radius: 40 }, centre: [346, 256], value: 1000, valuePerSlice: 0 },
  // HU = 10 × slice index, so a test can tell which slice is shown after scrolling (slice 0 matches water).
  { name: 'sliceMarker', shape: { kind: 'square', centre: [256, 176], halfSide: 24 }, centre: [256, 176], value: 0, valuePerSlice: 10 },
] as const satisfies readonly PhantomRegion[];

type CtRegionName = (typeof ctRegionList)[number]['name'];

export const ctPhantom = {
  rows: ctRows,
  columns: ctColumns,
  /** The default slice count; the generator can be asked for fewer or more. */
  slices: 120,
  pixelSpacing: [ctPixelSpacing, ctPixelSpacing],
  sliceThickness: 2.5,
  sliceSpacing: 2.5,
  // Axial, head first supine: rows run to the patient's left, columns to posterior, slices advance to the head.
  imageOrientationPatient: [1, 0, 0, 0, 1, 0],
  // Pixel (256, 256) lies on the patient's z axis; slice i is at z = -150 + 2.5 i.
  firstPosition: [-(ctColumns / 2) * ctPixelSpacing, -(ctRows / 2) * ctPixelSpacing, -150],
  normal: [0, 0, 1],
  bitsAllocated: 16,
  bitsStored: 16,
  highBit: 15,
  pixelRepresentation: 0,
  rescaleIntercept: -1024,
  rescaleSlope: 1,
  windowCenter: 40,
  windowWidth: 400,
  regionList: ctRegionList as readonly PhantomRegion[],
  regions: Object.fromEntries(ctRegionList.map((region) => [region.name, region])) as Record<CtRegionName, PhantomRegion>,
} as const satisfies PhantomGeometry & Record<string, unknown>;

/** The Hounsfield value of CT pixel (x, y) on a slice: the definition the generator writes. */
export function ctHuAt(x: number, y: number, sliceIndex: number): number {
  return valueOfRegions(ctPhantom.regionList, x, y, sliceIndex);
}

/** The stored CT pixel value of a Hounsfield value (the inverse of the modality LUT in the header). */
export function ctStoredValueOf(hu: number): number {
  return (hu - ctPhantom.rescaleIntercept) / ctPhantom.rescaleSlope;
}

// ---------------------------------------------------------------------------------------------------------------
// MR: a sagittal head-like section, 12-bit unsigned signal values.

const mrRows = 256;
const mrColumns = 256;
const mrPixelSpacing = 0.9;
const mrSlices = 24;
const mrSliceSpacing = 5;

/** The MR regions in paint order. Every one is ≥ 48 px across. */
const mrRegionList = [
  { name: 'background', shape: { kind: 'everywhere' }, centre: [20, 20], value: 0, valuePerSlice: 0 },
  { name: 'tissue', shape: { kind: 'ellipse', centre: [128, 128], radii: [100, 110] }, centre: [80, 180], value: 600, valuePerSlice: 0 },
  { name: 'brightDisc', shape: { kind: 'disc', centre: [94, 100], radius: 30 }, centre: [94, 100], value: 1500, valuePerSlice: 0 },
  { name: 'brightestDisc', shape: { kind: 'disc', centre: [162, 100], radius: 30 }, centre: [162, 100], value: 3000, valuePerSlice: 0 },
  // Signal = 200 + 40 × slice index (at most 1120), so a test can tell slices apart.
  { name: 'sliceMarker', shape: { kind: 'square', centre: [128, 176], halfSide: 24 }, centre: [128, 176], value: 200, valuePerSlice: 40 },
] as const satisfies readonly PhantomRegion[];

type MrRegionName = (typeof mrRegionList)[number]['name'];

export const mrPhantom = {
  rows: mrRows,
  columns: mrColumns,
  slices: mrSlices,
  pixelSpacing: [mrPixelSpacing, mrPixelSpacing],
  sliceThickness: 5,
  sliceSpacing: mrSliceSpacing,
  // Sagittal: rows run to posterior, columns to the feet, so row × column points to the patient's right
  // (-x). Slices advance along that normal, so InstanceNumber order and sort-by-position order agree.
  imageOrientationPatient: [0, 1, 0, 0, 0, -1],
  // Pixel (128, 128) lies on the x axis; slices are centred on x = 0: x = 57.5 - 5 i (57.5 … -57.5).
  firstPosition: [((mrSlices - 1) / 2) * mrSliceSpacing, -(mrColumns / 2) * mrPixelSpacing, (mrRows / 2) * mrPixelSpacing],
  normal: [-1, 0, 0],
  bitsAllocated: 16,
  bitsStored: 12,
  highBit: 11,
  pixelRepresentation: 0,
  windowCenter: 1500,
  windowWidth: 3200,
  regionList: mrRegionList as readonly PhantomRegion[],
  regions: Object.fromEntries(mrRegionList.map((region) => [region.name, region])) as Record<MrRegionName, PhantomRegion>,
} as const satisfies PhantomGeometry & Record<string, unknown>;

/** The stored (and displayed: no rescale) MR signal of pixel (x, y) on a slice. */
export function mrValueAt(x: number, y: number, sliceIndex: number): number {
  return valueOfRegions(mrPhantom.regionList, x, y, sliceIndex);
}

// ---------------------------------------------------------------------------------------------------------------
// Sample studies: the identifiers a study list, a series browser and the server tests expect.

export type PhantomKind = 'ct' | 'mr';

export interface SampleSeries {
  readonly phantom: PhantomKind;
  readonly modality: 'CT' | 'MR';
  readonly seriesInstanceUid: string;
  readonly seriesNumber: number;
  readonly seriesDescription: string;
  /** Also the folder the generator writes the series into. */
  readonly folderName: string;
  /** Instances written by default (a CT series follows the generator's `ctSlices` option). */
  readonly instanceCount: number;
  readonly frameOfReferenceUid: string;
  readonly seriesTime: string;
}

export interface SampleStudy {
  readonly patientName: string;
  readonly patientId: string;
  readonly patientBirthDate: string;
  readonly patientSex: 'F' | 'M' | 'O';
  readonly studyInstanceUid: string;
  readonly studyDate: string;
  readonly studyTime: string;
  readonly studyId: string;
  readonly accessionNumber: string;
  readonly studyDescription: string;
  readonly referringPhysicianName: string;
  readonly series: readonly SampleSeries[];
}

// The CT and MR of the first study share one frame of reference: one scan session, so MPR and
// reference lines relate them. The second patient's study has its own.
const firstFrameOfReferenceUid = uidFor('dicom-lightbox sample LB-0001 frame of reference');

/** The demo study: a CT and an MR series of one patient. */
export const sampleStudy = {
  patientName: 'Lightbox^Phantom',
  patientId: 'LB-0001',
  patientBirthDate: '19800101',
  patientSex: 'O',
  studyInstanceUid: uidFor('dicom-lightbox sample LB-0001 study'),
  studyDate: '20260115',
  studyTime: '093000',
  studyId: 'LB1',
  accessionNumber: 'LBACC0001',
  studyDescription: 'Lightbox phantom CT and MR',
  referringPhysicianName: 'Referrer^Sample',
  series: [
    {
      phantom: 'ct',
      modality: 'CT',
      seriesInstanceUid: uidFor('dicom-lightbox sample LB-0001 ct series'),
      seriesNumber: 1,
      seriesDescription: 'CT phantom axial',
      folderName: 'ct-phantom-axial',
      instanceCount: ctPhantom.slices,
      frameOfReferenceUid: firstFrameOfReferenceUid,
      seriesTime: '093100',
    },
    {
      phantom: 'mr',
      modality: 'MR',
      seriesInstanceUid: uidFor('dicom-lightbox sample LB-0001 mr series'),
      seriesNumber: 2,
      seriesDescription: 'MR phantom sagittal',
      folderName: 'mr-phantom-sagittal',
      instanceCount: mrPhantom.slices,
      frameOfReferenceUid: firstFrameOfReferenceUid,
      seriesTime: '094500',
    },
  ],
} as const satisfies SampleStudy;

/** A second patient's small CT study, so that study searches have more than one result. */
export const secondStudy = {
  patientName: 'Second^Test',
  patientId: 'LB-0002',
  patientBirthDate: '19650704',
  patientSex: 'F',
  studyInstanceUid: uidFor('dicom-lightbox sample LB-0002 study'),
  studyDate: '20251203',
  studyTime: '141500',
  studyId: 'LB2',
  accessionNumber: 'LBACC0002',
  studyDescription: 'Second test CT',
  referringPhysicianName: '',
  series: [
    {
      phantom: 'ct',
      modality: 'CT',
      seriesInstanceUid: uidFor('dicom-lightbox sample LB-0002 ct series'),
      seriesNumber: 1,
      seriesDescription: 'CT short axial',
      folderName: 'ct-short-axial',
      instanceCount: 10,
      frameOfReferenceUid: uidFor('dicom-lightbox sample LB-0002 frame of reference'),
      seriesTime: '141600',
    },
  ],
} as const satisfies SampleStudy;

export const sampleStudies: readonly SampleStudy[] = [sampleStudy, secondStudy];

/** The SOP Instance UID of the instance with a given InstanceNumber (1-based) of a series. */
export function sopInstanceUidOf(seriesInstanceUid: string, instanceNumber: number): string {
  return uidFor(`dicom-lightbox sample ${seriesInstanceUid} instance ${instanceNumber}`);
}

export const sopClassUids = {
  ct: '1.2.840.10008.5.1.4.1.1.2',
  mr: '1.2.840.10008.5.1.4.1.1.4',
} as const satisfies Record<PhantomKind, string>;
