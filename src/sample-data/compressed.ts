// The demo study's compressed series: an HTJ2K lossless copy of the MR and an 8-bit JPEG baseline secondary capture
// of CT slices, so that a first look at the sample exercises the viewer's decode worker and codecs.
import { createRequire } from 'node:module';
import sharp from 'sharp';
import { ctStoredSlice, commonAttributes, ds, generateSampleInstances, mrInstance, mrStoredSlice, type GenerateOptions, type GeneratedInstance } from './generate.js';
import { ctPhantom, mrPhantom, sampleStudy, type SampleSeries } from './phantom.js';
import { generatePriorInstances } from './prior.js';
import { uidFor } from './uid.js';
import { writeEncapsulatedInstance, type NaturalizedDataset } from './write-instance.js';

export const htj2kLosslessUid = '1.2.840.10008.1.2.4.201';
export const jpegBaselineUid = '1.2.840.10008.1.2.4.50';
const secondaryCaptureUid = '1.2.840.10008.5.1.4.1.1.7';

const [, mrSeries] = sampleStudy.series;

/** The MR, slice for slice, as HTJ2K lossless: the same pixels as series 2 under another syntax. */
export const htj2kMrSeries = {
  ...mrSeries,
  seriesInstanceUid: uidFor('dicom-lightbox sample LB-0001 mr htj2k lossless series'),
  seriesNumber: 3,
  seriesDescription: 'MR phantom sagittal HTJ2K lossless',
  folderName: 'mr-phantom-sagittal-htj2k',
  seriesTime: '094600',
} as const satisfies SampleSeries;

/** The first CT slices windowed to 8 bits (soft tissue) as JPEG baseline: lossy, so a derived secondary capture. */
export const jpegCtSeries = {
  ...sampleStudy.series[0],
  modality: 'CT',
  seriesInstanceUid: uidFor('dicom-lightbox sample LB-0001 ct jpeg baseline series'),
  seriesNumber: 4,
  seriesDescription: 'CT phantom 8-bit JPEG baseline',
  folderName: 'ct-phantom-jpeg-baseline',
  instanceCount: 8,
  seriesTime: '093200',
} as const satisfies SampleSeries;

/** libjpeg quality of the JPEG series: high enough that the windowed phantom's flat regions come back within a few grey levels. */
export const jpegQuality = 90;

interface HtJ2kEncoder {
  getDecodedBuffer(frameInfo: { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean; isUsingColorTransform: boolean }): Uint8Array;
  setQuality(lossless: boolean, quantizationStep: number): void;
  encode(): void;
  getEncodedBuffer(): Uint8Array;
  delete(): void;
}

export interface OpenJphCodec {
  HTJ2KEncoder: new () => HtJ2kEncoder;
}

/** OpenJPH's WASM module, instantiated afresh: the caller owns it, so nothing outlives one generation. */
export async function loadOpenJph(): Promise<OpenJphCodec> {
  const factory = createRequire(import.meta.url)('@cornerstonejs/codec-openjph') as (() => Promise<OpenJphCodec>) | { default: () => Promise<OpenJphCodec> };
  return typeof factory === 'function' ? factory() : factory.default();
}

/** One greyscale frame as an HTJ2K lossless codestream. */
export function encodeHtj2kLossless(codec: OpenJphCodec, pixels: Uint16Array, columns: number, rows: number, bitsStored: number): Uint8Array {
  if (pixels.length !== columns * rows) throw new RangeError(`${pixels.length} pixels do not make a ${columns}×${rows} frame`);
  const encoder = new codec.HTJ2KEncoder();
  try {
    const input = encoder.getDecodedBuffer({ width: columns, height: rows, bitsPerSample: bitsStored, componentCount: 1, isSigned: false, isUsingColorTransform: false });
    input.set(new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength));
    encoder.setQuality(true, 0);
    encoder.encode();
    // The encoder's buffer lives in WASM memory, which `delete` frees: copy it out first.
    return encoder.getEncodedBuffer().slice();
  } finally {
    encoder.delete();
  }
}

/** A CT slice's stored values through the series' soft-tissue window (PS3.3 C.11.2.1.2.1, linear) to 0…255. */
export function windowedCtSlice(sliceIndex: number): Uint8Array {
  const stored = ctStoredSlice(sliceIndex);
  const center = ctPhantom.windowCenter;
  const width = ctPhantom.windowWidth;
  const out = new Uint8Array(stored.length);
  for (let i = 0; i < stored.length; i++) {
    const hu = stored[i]! * ctPhantom.rescaleSlope + ctPhantom.rescaleIntercept;
    const value = ((hu - (center - 0.5)) / (width - 1) + 0.5) * 255;
    out[i] = Math.min(255, Math.max(0, Math.round(value)));
  }
  return out;
}

/** One greyscale frame as a baseline (SOF0, Huffman, one component) JPEG; libjpeg is deterministic for fixed settings. */
export async function encodeJpegBaseline(pixels: Uint8Array, columns: number, rows: number): Promise<Uint8Array> {
  const jpeg = await sharp(pixels, { raw: { width: columns, height: rows, channels: 1 } })
    .toColourspace('b-w')
    .jpeg({ quality: jpegQuality, progressive: false, mozjpeg: false, trellisQuantisation: false, overshootDeringing: false, optimiseScans: false })
    .toBuffer();
  return new Uint8Array(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength);
}

function htj2kMrInstance(codec: OpenJphCodec, sliceIndex: number): GeneratedInstance {
  const dataset: NaturalizedDataset = {
    ...mrInstance(sampleStudy, htj2kMrSeries, sliceIndex),
    // Lossless: the pixels are the MR's own, and PS3.3 C.7.6.1.1.5 allows saying so.
    LossyImageCompression: '00',
  };
  delete dataset.PixelData;
  const frame = encodeHtj2kLossless(codec, mrStoredSlice(sliceIndex), mrPhantom.columns, mrPhantom.rows, mrPhantom.bitsStored);
  return {
    fileName: `${sampleStudy.patientId}/${htj2kMrSeries.folderName}/${String(sliceIndex + 1).padStart(4, '0')}.dcm`,
    bytes: writeEncapsulatedInstance(dataset, htj2kLosslessUid, [frame]),
  };
}

async function jpegCtInstance(sliceIndex: number): Promise<GeneratedInstance> {
  const { rows, columns } = ctPhantom;
  const frame = await encodeJpegBaseline(windowedCtSlice(sliceIndex), columns, rows);
  const dataset: NaturalizedDataset = {
    ...commonAttributes(sampleStudy, jpegCtSeries, sliceIndex + 1),
    // Secondary Capture Image (PS3.3 A.8.1): the CT Image IOD needs 12 to 16 stored bits, these have 8.
    SOPClassUID: secondaryCaptureUid,
    ConversionType: 'WSD',
    ImageType: ['DERIVED', 'SECONDARY'],
    DerivationDescription: `CT soft tissue window (C ${ctPhantom.windowCenter}, W ${ctPhantom.windowWidth}) to 8 bits, JPEG baseline`,
    BodyPartExamined: 'ABDOMEN',
    // Without Image Orientation (Patient) the General Image module asks for this (Type 2C): rows run to the
    // patient's left, columns to posterior, as in the axial CT they come from.
    PatientOrientation: ['L', 'P'],
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: rows,
    Columns: columns,
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelRepresentation: 0,
    // The window is already burnt into the grey levels: show them as they are.
    WindowCenter: ds(127.5),
    WindowWidth: ds(256),
    // PS3.3 C.7.6.1.1.5: lossy compression, how much, and by which method, once it has happened.
    LossyImageCompression: '01',
    LossyImageCompressionRatio: [ds(Math.round(((rows * columns) / frame.length) * 100) / 100)],
    LossyImageCompressionMethod: ['ISO_10918_1'],
  };
  // Secondary capture has no Frame of Reference module.
  delete dataset.FrameOfReferenceUID;
  delete dataset.PositionReferenceIndicator;
  return {
    fileName: `${sampleStudy.patientId}/${jpegCtSeries.folderName}/${String(sliceIndex + 1).padStart(4, '0')}.dcm`,
    bytes: writeEncapsulatedInstance(dataset, jpegBaselineUid, [frame]),
  };
}

/** The compressed series' instances, series by series in InstanceNumber order: the same bytes on every run. */
export async function generateCompressedSampleInstances(): Promise<GeneratedInstance[]> {
  const codec = await loadOpenJph();
  const instances: GeneratedInstance[] = [];
  for (let sliceIndex = 0; sliceIndex < htj2kMrSeries.instanceCount; sliceIndex++) instances.push(htj2kMrInstance(codec, sliceIndex));
  for (let sliceIndex = 0; sliceIndex < jpegCtSeries.instanceCount; sliceIndex++) instances.push(await jpegCtInstance(sliceIndex));
  return instances;
}

/**
 * Every instance of the demo's sample (`serve --sample`): the uncompressed studies of `generateSampleInstances`, the
 * sample patient's prior study (prior.ts), then the compressed series.
 */
export async function generateSampleInstancesWithCompressed(options: GenerateOptions = {}): Promise<GeneratedInstance[]> {
  return [...generateSampleInstances(options), ...generatePriorInstances(), ...(await generateCompressedSampleInstances())];
}
