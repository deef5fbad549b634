// The 2×2 benchmark's study: four series of the sample CT's slices in one Frame of Reference (same positions, new
// identities), so position synchronization has a nearest slice in every follower. Deterministic like the generator.
import type { GeneratedInstance } from '../../src/sample-data/generate.js';
import { uidFor } from '../../src/sample-data/uid.js';
import { readInstance, writeInstance } from '../../src/sample-data/write-instance.js';

export const gridSeriesCount = 4;

export interface GridStudy {
  studyInstanceUid: string;
  seriesInstanceUids: string[];
  slices: number;
  /** Each series' Part 10 files. */
  instances: Uint8Array[];
}

export function gridStudy(ctSlices: readonly GeneratedInstance[]): GridStudy {
  const name = 'dicom-lightbox bench grid';
  const studyInstanceUid = uidFor(`${name} study`);
  const frameOfReferenceUid = uidFor(`${name} frame of reference`);
  const seriesInstanceUids = Array.from({ length: gridSeriesCount }, (_, index) => uidFor(`${name} series ${index + 1}`));
  const datasets = ctSlices.map(({ bytes }) => readInstance(bytes).dataset);
  const instances = seriesInstanceUids.flatMap((seriesInstanceUid, seriesIndex) =>
    datasets.map((dataset, slice) =>
      writeInstance({
        ...dataset,
        PatientName: 'Grid^Bench',
        PatientID: 'LB-GRID',
        StudyInstanceUID: studyInstanceUid,
        StudyDescription: 'Grid benchmark',
        SeriesInstanceUID: seriesInstanceUid,
        SeriesNumber: String(seriesIndex + 1),
        SeriesDescription: `Grid CT ${seriesIndex + 1}`,
        FrameOfReferenceUID: frameOfReferenceUid,
        SOPInstanceUID: uidFor(`${name} series ${seriesIndex + 1} instance ${slice + 1}`),
        InstanceNumber: String(slice + 1),
        // dcmjs reads pixel data back as a list of buffers; the writer wants the 16-bit values.
        PixelData: new Uint16Array((dataset.PixelData as ArrayBuffer[])[0]!),
      }),
    ),
  );
  return { studyInstanceUid, seriesInstanceUids, slices: ctSlices.length, instances };
}
