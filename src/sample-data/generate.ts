// The sample studies as Part 10 files: CT and MR Image Storage instances of the phantoms, byte-for-byte reproducible.
// Runs in a browser too (a test page stores sample instances itself); only writing files needs Node.
import {
  ctPhantom,
  ctStoredValueOf,
  imagePositionPatient,
  mrPhantom,
  regionIndexAt,
  regionValueOn,
  sampleStudies,
  sampleStudy,
  sopClassUids,
  sopInstanceUidOf,
  type PhantomRegion,
  type SampleSeries,
  type SampleStudy,
} from './phantom.js';
import { writeInstance, type NaturalizedDataset } from './write-instance.js';
import { uidFor } from './uid.js';

export interface GenerateOptions {
  /** Slices of the demo study's CT series (default `ctPhantom.slices`, 120). */
  ctSlices?: number;
}

export interface GeneratedInstance {
  /** Relative to the output folder, '/'-separated: `<PatientID>/<series folder>/<InstanceNumber, 4 digits>.dcm`. */
  fileName: string;
  bytes: Uint8Array;
}

/** DS values as written: at most 16 characters, and rounded so binary noise never shows (PS3.5 6.2). */
export function ds(value: number): string {
  const text = String(Math.round(value * 1e6) / 1e6 + 0);
  if (text.length > 16) throw new RangeError(`${value} does not fit a DS value`);
  return text;
}

/**
 * Each pixel's region index, computed once per phantom with the same `regionIndexAt` that `ctHuAt`
 * and `mrValueAt` use; a slice is then a table look-up per pixel, fast enough for 31 M pixels.
 */
function labelMap(regions: readonly PhantomRegion[], columns: number, rows: number): Uint8Array {
  const labels = new Uint8Array(columns * rows);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) labels[y * columns + x] = regionIndexAt(regions, x, y);
  }
  return labels;
}

let ctLabels: Uint8Array | undefined;
let mrLabels: Uint8Array | undefined;

export function ctStoredSlice(sliceIndex: number): Uint16Array {
  ctLabels ??= labelMap(ctPhantom.regionList, ctPhantom.columns, ctPhantom.rows);
  const values = ctPhantom.regionList.map((region) => ctStoredValueOf(regionValueOn(region, sliceIndex)));
  return fill(ctLabels, storedValueTable(values, ctPhantom.bitsStored));
}

export function mrStoredSlice(sliceIndex: number): Uint16Array {
  mrLabels ??= labelMap(mrPhantom.regionList, mrPhantom.columns, mrPhantom.rows);
  const values = mrPhantom.regionList.map((region) => regionValueOn(region, sliceIndex));
  return fill(mrLabels, storedValueTable(values, mrPhantom.bitsStored));
}

/** Region values as stored, refusing any that BitsStored cannot hold (a Uint16Array would wrap silently). */
function storedValueTable(values: number[], bitsStored: number): Uint16Array {
  for (const value of values) {
    if (!Number.isInteger(value) || value < 0 || value >= 2 ** bitsStored) {
      throw new RangeError(`stored value ${value} does not fit ${bitsStored} bits`);
    }
  }
  return Uint16Array.from(values);
}

function fill(labels: Uint8Array, table: Uint16Array): Uint16Array {
  const pixels = new Uint16Array(labels.length);
  for (let i = 0; i < labels.length; i++) pixels[i] = table[labels[i]!]!;
  return pixels;
}

/** Patient, General Study, General Series, Frame of Reference, General Equipment and SOP Common attributes. */
export function commonAttributes(study: SampleStudy, series: SampleSeries, instanceNumber: number): NaturalizedDataset {
  return {
    SOPClassUID: sopClassUids[series.phantom],
    SOPInstanceUID: sopInstanceUidOf(series.seriesInstanceUid, instanceNumber),
    // Synthetic Data (0008,001C) would say no patient was scanned, but validators of 2022 (dicom3tools,
    // DCMTK 3.6.7) reject it as an unknown standard tag; the patient name and the manufacturer say it instead.
    StudyDate: study.studyDate,
    SeriesDate: study.studyDate,
    ContentDate: study.studyDate,
    StudyTime: study.studyTime,
    SeriesTime: series.seriesTime,
    ContentTime: series.seriesTime,
    AccessionNumber: study.accessionNumber,
    Modality: series.modality,
    Manufacturer: 'dicom-lightbox',
    ManufacturerModelName: 'Synthetic phantom',
    ReferringPhysicianName: study.referringPhysicianName,
    StudyDescription: study.studyDescription,
    SeriesDescription: series.seriesDescription,
    PatientName: study.patientName,
    PatientID: study.patientId,
    PatientBirthDate: study.patientBirthDate,
    PatientSex: study.patientSex,
    PatientPosition: 'HFS',
    StudyInstanceUID: study.studyInstanceUid,
    SeriesInstanceUID: series.seriesInstanceUid,
    StudyID: study.studyId,
    SeriesNumber: String(series.seriesNumber),
    AcquisitionNumber: '1',
    InstanceNumber: String(instanceNumber),
    FrameOfReferenceUID: series.frameOfReferenceUid,
    PositionReferenceIndicator: '',
  };
}

/**
 * A CT instance of the phantom's slice `sliceIndex`; `sliceStep` > 1 makes it the `sliceIndex / sliceStep`-th image of a
 * thicker-slice series (every sliceStep-th slice of the phantom, each as thick as the gap).
 */
export function ctInstance(study: SampleStudy, series: SampleSeries, sliceIndex: number, sliceStep = 1): NaturalizedDataset {
  const position = imagePositionPatient(ctPhantom, sliceIndex);
  return {
    ...commonAttributes(study, series, Math.floor(sliceIndex / sliceStep) + 1),
    ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
    BodyPartExamined: 'ABDOMEN',
    SliceThickness: ds(ctPhantom.sliceThickness * sliceStep),
    KVP: ds(120),
    ConvolutionKernel: 'STANDARD',
    ImagePositionPatient: position.map(ds),
    ImageOrientationPatient: ctPhantom.imageOrientationPatient.map(ds),
    // Axial slices: the location along the patient's z axis.
    SliceLocation: ds(position[2]),
    ...imagePixelAttributes(ctPhantom),
    RescaleIntercept: ds(ctPhantom.rescaleIntercept),
    RescaleSlope: ds(ctPhantom.rescaleSlope),
    RescaleType: 'HU',
    WindowCenter: ds(ctPhantom.windowCenter),
    WindowWidth: ds(ctPhantom.windowWidth),
    WindowCenterWidthExplanation: 'SOFT TISSUE',
    PixelData: ctStoredSlice(sliceIndex),
  };
}

export function mrInstance(study: SampleStudy, series: SampleSeries, sliceIndex: number): NaturalizedDataset {
  const position = imagePositionPatient(mrPhantom, sliceIndex);
  return {
    ...commonAttributes(study, series, sliceIndex + 1),
    ImageType: ['ORIGINAL', 'PRIMARY', 'OTHER'],
    BodyPartExamined: 'HEAD',
    // MR Image module (PS3.3 C.8.3.1): a plain 2D spin echo.
    ScanningSequence: 'SE',
    SequenceVariant: 'NONE',
    ScanOptions: '',
    MRAcquisitionType: '2D',
    SequenceName: 'se2d',
    AngioFlag: 'N',
    SliceThickness: ds(mrPhantom.sliceThickness),
    RepetitionTime: ds(500),
    EchoTime: ds(15),
    EchoTrainLength: '1',
    ImagingFrequency: ds(63.87),
    ImagedNucleus: '1H',
    MagneticFieldStrength: ds(1.5),
    SpacingBetweenSlices: ds(mrPhantom.sliceSpacing),
    ImagePositionPatient: position.map(ds),
    ImageOrientationPatient: mrPhantom.imageOrientationPatient.map(ds),
    // Sagittal slices: the location on the patient's x axis (as scanners report it, not along the normal).
    SliceLocation: ds(position[0]),
    ...imagePixelAttributes(mrPhantom),
    WindowCenter: ds(mrPhantom.windowCenter),
    WindowWidth: ds(mrPhantom.windowWidth),
    PixelData: mrStoredSlice(sliceIndex),
  };
}

function imagePixelAttributes(phantom: typeof ctPhantom | typeof mrPhantom): NaturalizedDataset {
  return {
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: phantom.rows,
    Columns: phantom.columns,
    PixelSpacing: phantom.pixelSpacing.map(ds),
    BitsAllocated: phantom.bitsAllocated,
    BitsStored: phantom.bitsStored,
    HighBit: phantom.highBit,
    PixelRepresentation: phantom.pixelRepresentation,
  };
}

const demoCtSeriesUid = sampleStudy.series[0].seriesInstanceUid;

/** Every instance of the sample studies, series by series in InstanceNumber order. */
export function* generateSampleInstances(options: GenerateOptions = {}): Generator<GeneratedInstance> {
  const ctSlices = options.ctSlices ?? ctPhantom.slices;
  if (!Number.isInteger(ctSlices) || ctSlices < 1) throw new RangeError(`ctSlices must be a positive integer, not ${ctSlices}`);
  for (const study of sampleStudies) {
    for (const series of study.series) {
      // Only the demo CT follows the option: the second study stays small.
      const count = series.seriesInstanceUid === demoCtSeriesUid ? ctSlices : series.instanceCount;
      for (let sliceIndex = 0; sliceIndex < count; sliceIndex++) {
        const dataset = series.phantom === 'ct' ? ctInstance(study, series, sliceIndex) : mrInstance(study, series, sliceIndex);
        const instanceNumber = String(sliceIndex + 1).padStart(4, '0');
        yield { fileName: `${study.patientId}/${series.folderName}/${instanceNumber}.dcm`, bytes: writeInstance(dataset) };
      }
    }
  }
}

/** Writes every sample instance under `dir`, creating folders; resolves to the paths written. */
export async function writeSampleData(dir: string, options: GenerateOptions = {}): Promise<string[]> {
  return writeInstances(dir, generateSampleInstances(options));
}

/** Writes instances under `dir` at their file names, creating folders; resolves to the paths written. */
export async function writeInstances(dir: string, instances: Iterable<GeneratedInstance>): Promise<string[]> {
  const [{ mkdir, writeFile }, { dirname, join }] = await Promise.all([import('node:fs/promises'), import('node:path')]);
  const written: string[] = [];
  for (const instance of instances) {
    const path = join(dir, ...instance.fileName.split('/'));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, instance.bytes);
    written.push(path);
  }
  return written;
}

export interface MultiFrameOptions {
  /** Frames of the instance (default 200): the CT phantom's slices 0…frames-1, one per frame. */
  frames?: number;
}

/** Identity of the multi-frame CT: its own series in the demo study, so it never collides with the sample series. */
export const multiFrameCt = {
  studyInstanceUid: sampleStudy.studyInstanceUid,
  seriesInstanceUid: uidFor('dicom-lightbox multi-frame CT series'),
  sopInstanceUid: uidFor('dicom-lightbox multi-frame CT instance'),
};

/**
 * One Multi-frame Grayscale Word Secondary Capture instance holding the CT phantom's slices as frames: the shape
 * of a large multi-frame file (≈ 105 MB for 200 frames of 512²) for tests and benchmarks of random frame access.
 * Not part of `generateSampleInstances`, whose output stays as it was.
 */
export function generateMultiFrameCt(options: MultiFrameOptions = {}): GeneratedInstance {
  const frames = options.frames ?? 200;
  if (!Number.isInteger(frames) || frames < 1) throw new RangeError(`frames must be a positive integer, not ${frames}`);
  const perFrame = ctPhantom.rows * ctPhantom.columns;
  const pixels = new Uint16Array(perFrame * frames);
  for (let frame = 0; frame < frames; frame++) pixels.set(ctStoredSlice(frame), frame * perFrame);
  const series = sampleStudy.series[0];
  const dataset: NaturalizedDataset = {
    ...commonAttributes(sampleStudy, series, 1),
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.7.3',
    SOPInstanceUID: multiFrameCt.sopInstanceUid,
    SeriesInstanceUID: multiFrameCt.seriesInstanceUid,
    Modality: 'OT',
    SeriesNumber: '80',
    SeriesDescription: `CT phantom as ${frames} frames`,
    ConversionType: 'WSD',
    ImageType: ['DERIVED', 'SECONDARY'],
    NumberOfFrames: String(frames),
    FrameIncrementPointer: 0x00181063,
    FrameTime: ds(100),
    ...imagePixelAttributes(ctPhantom),
    RescaleIntercept: ds(ctPhantom.rescaleIntercept),
    RescaleSlope: ds(ctPhantom.rescaleSlope),
    RescaleType: 'HU',
    WindowCenter: ds(ctPhantom.windowCenter),
    WindowWidth: ds(ctPhantom.windowWidth),
    PixelData: pixels,
  };
  delete dataset.FrameOfReferenceUID;
  delete dataset.PositionReferenceIndicator;
  return { fileName: `${sampleStudy.patientId}/multi-frame-ct/0001.dcm`, bytes: writeInstance(dataset) };
}
