// Writes the volume fixtures (volume-phantom.ts) as explicit VR little endian instances (Node side; reference-server.ts
// ingests them).
import { ds } from '../../src/sample-data/generate.js';
import { uidFor } from '../../src/sample-data/uid.js';
import { writeInstance } from '../../src/sample-data/write-instance.js';
import { ctNumbersRescale, fractionalRescale, markerVolumeValueAt, patientPointOfVoxel, volumeGrid, volumeStudyInstanceUid, type VolumeFixtures } from './volume-phantom.js';

function slicePixels(slice: number): Uint16Array {
  const pixels = new Uint16Array(volumeGrid.rows * volumeGrid.columns);
  for (let row = 0; row < volumeGrid.rows; row += 1) {
    for (let column = 0; column < volumeGrid.columns; column += 1) pixels[row * volumeGrid.columns + column] = markerVolumeValueAt(patientPointOfVoxel(column, row, slice));
  }
  return pixels;
}

interface SeriesOptions {
  name: string;
  seriesNumber: number;
  slices: number[];
  rescale?: { slope: number; intercept: number };
}

function seriesInstances({ name, seriesNumber, slices, rescale }: SeriesOptions): { seriesInstanceUid: string; files: Uint8Array[] } {
  const seriesInstanceUid = uidFor(`dicom-lightbox volume fixture ${name}`);
  const files = slices.map((slice, index) => {
    const position = patientPointOfVoxel(0, 0, slice);
    return writeInstance({
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.2', // CT Image Storage
      SOPInstanceUID: uidFor(`dicom-lightbox volume fixture ${name} slice ${slice}`),
      StudyDate: '20261201',
      StudyTime: '120000',
      AccessionNumber: 'VOL1',
      Modality: 'CT',
      Manufacturer: 'dicom-lightbox',
      StudyDescription: 'Volume fixtures',
      SeriesDescription: name,
      PatientName: 'Volume^Phantom',
      PatientID: 'VOLUME-1',
      StudyInstanceUID: volumeStudyInstanceUid,
      SeriesInstanceUID: seriesInstanceUid,
      StudyID: '1',
      SeriesNumber: String(seriesNumber),
      InstanceNumber: String(index + 1),
      FrameOfReferenceUID: uidFor('dicom-lightbox volume fixtures frame of reference'),
      ImagePositionPatient: position.map(ds),
      ImageOrientationPatient: volumeGrid.imageOrientationPatient.map(ds),
      SliceThickness: ds(volumeGrid.sliceSpacing),
      SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME2',
      Rows: volumeGrid.rows,
      Columns: volumeGrid.columns,
      PixelSpacing: volumeGrid.pixelSpacing.map(ds),
      BitsAllocated: 16,
      BitsStored: 16,
      HighBit: 15,
      PixelRepresentation: 0,
      ...(rescale ? { RescaleSlope: ds(rescale.slope), RescaleIntercept: ds(rescale.intercept), RescaleType: 'HU' } : {}),
      WindowCenter: ds(1000),
      WindowWidth: ds(2000),
      PixelData: slicePixels(slice),
    });
  });
  return { seriesInstanceUid, files };
}

/** The volume fixtures' instances, and what the browser tests are told about them. */
export function volumeFixtureInstances(): { files: Uint8Array[]; fixtures: VolumeFixtures } {
  const all = Array.from({ length: volumeGrid.slices }, (_, slice) => slice);
  const marker = seriesInstances({ name: 'marker', seriesNumber: 1, slices: all });
  const fractional = seriesInstances({ name: 'fractional rescale', seriesNumber: 2, slices: all, rescale: fractionalRescale });
  const withGap = seriesInstances({ name: 'with a gap', seriesNumber: 3, slices: all.filter((slice) => slice !== 20) });
  const twoSlices = seriesInstances({ name: 'two slices', seriesNumber: 4, slices: [10, 11] });
  const ctNumbers = seriesInstances({ name: 'CT numbers', seriesNumber: 5, slices: all, rescale: ctNumbersRescale });
  return {
    files: [...marker.files, ...fractional.files, ...withGap.files, ...twoSlices.files, ...ctNumbers.files],
    fixtures: {
      studyInstanceUid: volumeStudyInstanceUid,
      marker: marker.seriesInstanceUid,
      fractional: fractional.seriesInstanceUid,
      withGap: withGap.seriesInstanceUid,
      twoSlices: twoSlices.seriesInstanceUid,
      ctNumbers: ctNumbers.seriesInstanceUid,
    },
  };
}
