// The memory benchmark's studies: 20 patients, each with one series, made from the sample generator's CT (512²) and
// MR (256²) phantom slices with new identities. Deterministic, like the generator, so every run stores the same bytes.
import type { GeneratedInstance } from '../../src/sample-data/generate.js';
import { uidFor } from '../../src/sample-data/uid.js';
import { readInstance, writeInstance } from '../../src/sample-data/write-instance.js';

export const memoryStudyCount = 20;

export interface MemoryStudy {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  modality: 'CT' | 'MR';
  slices: number;
  rows: number;
  columns: number;
  instances: Uint8Array[];
}

/**
 * Every fourth study is the 24-slice MR; the others are CTs of 24–40 slices taken from different stretches of the
 * phantom, so sizes and pixels differ from study to study as they would in a worklist (≈ 13–21 MB of pixels each).
 */
export function memoryStudies(ctSlices: readonly GeneratedInstance[], mrSlices: readonly GeneratedInstance[]): MemoryStudy[] {
  const studies: MemoryStudy[] = [];
  for (let index = 0; index < memoryStudyCount; index += 1) {
    const isMr = index % 4 === 3;
    const count = isMr ? mrSlices.length : 24 + ((index * 7) % 17);
    const first = isMr ? 0 : (index * 9) % (ctSlices.length - count);
    const source = (isMr ? mrSlices : ctSlices).slice(first, first + count);
    if (source.length !== count) throw new Error(`memory study ${index + 1}: needs ${count} slices, the generator gave ${source.length}`);
    studies.push(rewriteAsStudy(index, isMr ? 'MR' : 'CT', source));
  }
  return studies;
}

function rewriteAsStudy(index: number, modality: 'CT' | 'MR', source: readonly GeneratedInstance[]): MemoryStudy {
  const number = String(index + 1).padStart(2, '0');
  const name = `dicom-lightbox bench memory ${number}`;
  const studyInstanceUid = uidFor(`${name} study`);
  const seriesInstanceUid = uidFor(`${name} series`);
  const frameOfReferenceUid = uidFor(`${name} frame of reference`);
  let rows = 0;
  let columns = 0;
  const instances = source.map(({ bytes }, slice) => {
    const { dataset } = readInstance(bytes);
    rows = Number(dataset.Rows);
    columns = Number(dataset.Columns);
    return writeInstance({
      ...dataset,
      PatientName: `Memory^Patient${number}`,
      PatientID: `LB-MEM-${number}`,
      StudyInstanceUID: studyInstanceUid,
      StudyID: `MEM${number}`,
      AccessionNumber: `LBMEM${number}`,
      StudyDescription: `Memory benchmark ${modality} ${number}`,
      SeriesInstanceUID: seriesInstanceUid,
      SeriesNumber: '1',
      FrameOfReferenceUID: frameOfReferenceUid,
      SOPInstanceUID: uidFor(`${name} instance ${slice + 1}`),
      InstanceNumber: String(slice + 1),
      // dcmjs reads pixel data back as a list of buffers; the writer wants the 16-bit values.
      PixelData: new Uint16Array((dataset.PixelData as ArrayBuffer[])[0]!),
    });
  });
  return { studyInstanceUid, seriesInstanceUid, modality, slices: instances.length, rows, columns, instances };
}
