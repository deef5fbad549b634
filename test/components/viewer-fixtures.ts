// Series of known geometry for the viewer's tests, written in the page (dcmjs) and stored on the reference server
// through storeInstances: one patient, a study of two axial CTs of different slice thickness and a sagittal MR in one
// Frame of Reference, and a prior study. Every pixel of an axial slice holds its z in mm, so a test reads which
// slice a viewport shows from the image itself.
import { uidFor } from '../../src/sample-data/uid.js';
import { writeInstance } from '../../src/sample-data/write-instance.js';
import { lightbox } from './bundle.js';
import { testServer } from './viewport-helpers.js';

const size = 64;
/** mm a pixel: a 256 mm field of view. */
const spacing = 4;
const frameOfReferenceUid = uidFor('dicom-lightbox test viewer frame of reference');
const patientId = 'LB-VIEWER';

export interface FixtureSeries {
  seriesInstanceUid: string;
  seriesNumber: number;
  description: string;
  modality: string;
  count: number;
  /** Slice i: its z (axial) or x (sagittal), mm. */
  positionOf(index: number): number;
  /** Recorded cine rates in the header (frames/s), for the cine tests. */
  rates?: { RecommendedDisplayFrameRate?: string; CineRate?: string };
}

export interface FixtureStudy {
  studyInstanceUid: string;
  studyDate: string;
  series: FixtureSeries[];
}

function axialSeries(name: string, seriesNumber: number, description: string, count: number, firstZ: number, step: number): FixtureSeries {
  return { seriesInstanceUid: uidFor(`dicom-lightbox test viewer ${name}`), seriesNumber, description, modality: 'CT', count, positionOf: (i) => firstZ + i * step };
}

export const currentStudy: FixtureStudy = {
  studyInstanceUid: uidFor('dicom-lightbox test viewer current study'),
  studyDate: '20261201',
  series: [
    axialSeries('thin', 1, 'Axial 2 mm', 150, 0, 2),
    { ...axialSeries('thick', 2, 'Axial 5 mm', 60, 1, 5), rates: { RecommendedDisplayFrameRate: '24' } },
    { seriesInstanceUid: uidFor('dicom-lightbox test viewer sagittal'), seriesNumber: 3, description: 'Sagittal MR', modality: 'MR', count: 20, positionOf: (i) => -95 + 10 * i, rates: { CineRate: '8' } },
    axialSeries('short', 4, 'Axial 10 mm', 12, 100, 10),
  ],
};

export const priorStudy: FixtureStudy = {
  studyInstanceUid: uidFor('dicom-lightbox test viewer prior study'),
  studyDate: '20250601',
  series: [axialSeries('prior axial', 1, 'Prior axial 5 mm', 20, 50, 5)],
};

/** The top edge of the sagittal images (z of their first row's outer edge): rows run to the feet from z = 300. */
export const sagittalTopZ = 300 + spacing / 2;
export const fieldOfView = size * spacing;
export const imageSize = size;

function instance(study: FixtureStudy, series: FixtureSeries, index: number): Uint8Array {
  const axial = series.modality === 'CT';
  const position = series.positionOf(index);
  const pixels = new Uint16Array(size * size).fill(axial ? Math.round(position) : 100 + index * 10);
  return writeInstance({
    SOPClassUID: axial ? '1.2.840.10008.5.1.4.1.1.2' : '1.2.840.10008.5.1.4.1.1.4',
    SOPInstanceUID: uidFor(`${series.seriesInstanceUid} instance ${index}`),
    StudyInstanceUID: study.studyInstanceUid,
    SeriesInstanceUID: series.seriesInstanceUid,
    FrameOfReferenceUID: study === priorStudy ? uidFor('dicom-lightbox test viewer prior frame of reference') : frameOfReferenceUid,
    StudyDate: study.studyDate,
    StudyTime: '090000',
    AccessionNumber: '',
    ReferringPhysicianName: '',
    StudyDescription: study === priorStudy ? 'Viewer prior' : 'Viewer current',
    PatientName: 'Viewer^Test',
    PatientID: patientId,
    PatientBirthDate: '',
    PatientSex: 'O',
    StudyID: 'V',
    Modality: series.modality,
    SeriesNumber: String(series.seriesNumber),
    SeriesDescription: series.description,
    InstanceNumber: String(index + 1),
    ImagePositionPatient: axial ? ['-126', '-126', String(position)] : [String(position), '-126', '300'],
    ImageOrientationPatient: axial ? ['1', '0', '0', '0', '1', '0'] : ['0', '1', '0', '0', '0', '-1'],
    PixelSpacing: [String(spacing), String(spacing)],
    SliceThickness: String(series.modality === 'CT' ? Math.abs(series.positionOf(1) - series.positionOf(0)) : 10),
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: size,
    Columns: size,
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    RescaleIntercept: '0',
    RescaleSlope: '1',
    WindowCenter: '150',
    WindowWidth: '400',
    ...series.rates,
    PixelData: pixels,
  });
}

let stored: Promise<void> | undefined;

/** Stores the fixtures once a page. */
export function storeViewerFixtures(): Promise<void> {
  stored ??= (async () => {
    const source = new lightbox.DicomwebSource(testServer.dicomwebRoot);
    for (const study of [currentStudy, priorStudy]) {
      for (const series of study.series) {
        const instances = Array.from({ length: series.count }, (_, index) => instance(study, series, index));
        await source.storeInstances(instances);
      }
    }
  })();
  return stored;
}
