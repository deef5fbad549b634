// What the series browser reads from the server for a study: its series in Series Number order, and the patient's
// other studies, newest first. Data only (the data layer's QIDO-RS searches); no DOM.
import { numberOf, stringOf, type DicomJsonDataset } from '../../dicomweb/dicom-json.js';
import type { DicomwebSource } from '../../dicomweb/source.js';

const seriesFields = ['SeriesDescription', 'SeriesNumber', 'Modality', 'NumberOfSeriesRelatedInstances'];
const studyFields = ['StudyDate', 'StudyTime', 'StudyDescription', 'PatientID', 'PatientName', 'ModalitiesInStudy'];

/** A study's series sorted by Series Number (a series without one last). */
export async function seriesOfStudy(source: DicomwebSource, studyInstanceUid: string, signal?: AbortSignal): Promise<DicomJsonDataset[]> {
  const series = await source.searchForSeries(studyInstanceUid, { includefield: seriesFields }, { signal });
  return bySeriesNumber(series);
}

export function bySeriesNumber(series: readonly DicomJsonDataset[]): DicomJsonDataset[] {
  const number = (dataset: DicomJsonDataset) => numberOf(dataset, 'SeriesNumber') ?? Number.POSITIVE_INFINITY;
  return [...series].sort((a, b) => number(a) - number(b));
}

/** A study's own QIDO-RS result (date, description, patient), or undefined when the server does not know it. */
export async function studyOf(source: DicomwebSource, studyInstanceUid: string, signal?: AbortSignal): Promise<DicomJsonDataset | undefined> {
  const [study] = await source.searchForStudies({ StudyInstanceUID: studyInstanceUid, includefield: studyFields }, { signal });
  return study;
}

/** The patient's other studies (QIDO-RS by Patient ID), newest first; none without a Patient ID. */
export async function priorStudiesOf(source: DicomwebSource, studyInstanceUid: string, study: DicomJsonDataset, signal?: AbortSignal): Promise<DicomJsonDataset[]> {
  const patientId = stringOf(study, 'PatientID');
  if (!patientId) return [];
  const studies = await source.searchForStudies({ PatientID: patientId, includefield: studyFields }, { signal });
  return newestFirst(studies.filter((other) => stringOf(other, 'StudyInstanceUID') !== studyInstanceUid));
}

export function newestFirst(studies: readonly DicomJsonDataset[]): DicomJsonDataset[] {
  const when = (study: DicomJsonDataset) => `${stringOf(study, 'StudyDate') ?? ''}${stringOf(study, 'StudyTime') ?? ''}`;
  return [...studies].sort((a, b) => when(b).localeCompare(when(a)));
}
