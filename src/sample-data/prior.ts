// The sample patient's prior study: a CT of the same body part a year before the demo study, thicker slices, its own
// scan session (Frame of Reference), so that `npm start` shows a prior comparison. Deterministic like the rest.
import { ctInstance, type GeneratedInstance } from './generate.js';
import { ctPhantom, sampleStudy, type SampleStudy } from './phantom.js';
import { uidFor } from './uid.js';
import { writeInstance } from './write-instance.js';

/** The prior shows every third slice of the phantom, 7.5 mm thick. */
export const priorSliceStep = 3;

export const priorStudy = {
  patientName: sampleStudy.patientName,
  patientId: sampleStudy.patientId,
  patientBirthDate: sampleStudy.patientBirthDate,
  patientSex: sampleStudy.patientSex,
  studyInstanceUid: uidFor('dicom-lightbox sample LB-0001 prior study'),
  studyDate: '20250114',
  studyTime: '101500',
  studyId: 'LB0',
  accessionNumber: 'LBACC0000',
  studyDescription: 'Lightbox phantom CT (prior)',
  referringPhysicianName: sampleStudy.referringPhysicianName,
  series: [
    {
      phantom: 'ct',
      modality: 'CT',
      seriesInstanceUid: uidFor('dicom-lightbox sample LB-0001 prior ct series'),
      seriesNumber: 1,
      seriesDescription: 'CT phantom axial 7.5 mm',
      folderName: 'prior-ct-axial-7.5mm',
      instanceCount: Math.ceil(ctPhantom.slices / priorSliceStep),
      frameOfReferenceUid: uidFor('dicom-lightbox sample LB-0001 prior frame of reference'),
      seriesTime: '101600',
    },
  ],
} as const satisfies SampleStudy;

/** The prior study's instances in InstanceNumber order: the same bytes on every run. */
export function* generatePriorInstances(): Generator<GeneratedInstance> {
  const [series] = priorStudy.series;
  for (let index = 0; index < series.instanceCount; index++) {
    const dataset = ctInstance(priorStudy, series, index * priorSliceStep, priorSliceStep);
    yield { fileName: `${priorStudy.patientId}/${series.folderName}/${String(index + 1).padStart(4, '0')}.dcm`, bytes: writeInstance(dataset) };
  }
}
