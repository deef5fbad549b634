// Which attributes belong to the study and series levels of the QIDO-RS information model (PS3.18 10.6,
// PS3.4 C.6.1.1): the index keeps each level's attributes apart so a study search never leaks instance data.
import type { DicomJsonDataset } from '../../dicomweb/dicom-json.js';
import { tagOf, tags, type TagKeyword } from '../../dicom/tags.js';
import { dictionaryTagOf } from './dictionary.js';

/** The tag of any standard keyword: the project's table first, then the full dictionary. */
export function tagOfKeyword(keyword: string): string | undefined {
  return Object.hasOwn(tags, keyword) ? tagOf(keyword as TagKeyword) : dictionaryTagOf(keyword);
}

function tagSet(keywords: string[]): ReadonlySet<string> {
  return new Set(keywords.map((keyword) => {
    const tag = tagOfKeyword(keyword);
    if (!tag) throw new Error(`unknown keyword ${keyword}`);
    return tag;
  }));
}

const studyLevelTags = tagSet([
  'SpecificCharacterSet',
  'StudyDate',
  'StudyTime',
  'AccessionNumber',
  'IssuerOfAccessionNumberSequence',
  'ReferringPhysicianName',
  'TimezoneOffsetFromUTC',
  'StudyDescription',
  'ProcedureCodeSequence',
  'PhysiciansOfRecord',
  'NameOfPhysiciansReadingStudy',
  'AdmittingDiagnosesDescription',
  'StudyInstanceUID',
  'StudyID',
]);

const seriesLevelTags = tagSet([
  'SpecificCharacterSet',
  'SeriesDate',
  'SeriesTime',
  'Modality',
  'Manufacturer',
  'InstitutionName',
  'StationName',
  'SeriesDescription',
  'OperatorsName',
  'PerformingPhysicianName',
  'ManufacturerModelName',
  'BodyPartExamined',
  'ProtocolName',
  'Laterality',
  'PerformedProcedureStepStartDate',
  'PerformedProcedureStepStartTime',
  'PerformedProcedureStepID',
  'PerformedProcedureStepDescription',
  'RequestAttributesSequence',
  'TimezoneOffsetFromUTC',
  'SeriesInstanceUID',
  'SeriesNumber',
  'FrameOfReferenceUID',
]);

/** The levels of the Study Root information model QIDO-RS searches (PS3.4 C.6.2). */
export type QueryLevel = 'study' | 'series' | 'instance';

/** The levels that group instances: each has its own list of attributes, and the instance has the rest. */
export type GroupingLevel = Exclude<QueryLevel, 'instance'>;

/** The level of the Study Root model an attribute belongs to; whatever is neither study nor series is the instance's. */
export function levelOfTag(tag: string): QueryLevel {
  if (isAtLevel(tag, 'study')) return 'study';
  if (isAtLevel(tag, 'series')) return 'series';
  return 'instance';
}

/** The instance's own attributes (neither study nor series level), bulk data left out: what an instance search answers. */
export function instanceAttributesOf(metadata: DicomJsonDataset): DicomJsonDataset {
  const selected: DicomJsonDataset = {};
  for (const [tag, element] of Object.entries(metadata)) {
    if (levelOfTag(tag) === 'instance' && element.BulkDataURI === undefined) selected[tag] = element;
  }
  return selected;
}

function isAtLevel(tag: string, level: GroupingLevel): boolean {
  // The whole Patient group (0010,xxxx) sits at the study level in the Study Root model.
  if (level === 'study') return studyLevelTags.has(tag) || tag.startsWith('0010');
  return seriesLevelTags.has(tag);
}

/**
 * The attributes of `metadata` that belong to `level`. Elements holding bulk data are left out: their URIs
 * name one instance, and QIDO answers are about studies and series.
 */
export function attributesAtLevel(metadata: DicomJsonDataset, level: GroupingLevel): DicomJsonDataset {
  const selected: DicomJsonDataset = {};
  for (const [tag, element] of Object.entries(metadata)) {
    if (isAtLevel(tag, level) && element.BulkDataURI === undefined) selected[tag] = element;
  }
  return selected;
}
