// The index of stored instances: what QIDO matches on, each instance's metadata and frame byte ranges.
// An interface, so a PostgreSQL index can replace the embedded SQLite one without touching routes.
import type { DicomJsonDataset } from '../../dicomweb/dicom-json.js';
import type { BulkDataLocation, FrameRanges } from '../dicom/parse-instance.js';

/** One instance as the index records it at ingest. */
export interface IndexedInstance {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
  transferSyntaxUid: string;
  numberOfFrames: number;
  frames: FrameRanges[] | null;
  bitsAllocated: number | undefined;
  bulkData: BulkDataLocation[];
  /** DICOM JSON of the whole instance; BulkDataURIs relative to the DICOMweb root (`studies/…`). */
  metadata: DicomJsonDataset;
  /** Patient and study attributes (the study's level of the QIDO information model). */
  studyAttributes: DicomJsonDataset;
  /** Series attributes (the series level). */
  seriesAttributes: DicomJsonDataset;
  blobKey: string;
  size: number;
  /** SHA-256 of the Part 10 bytes, hex: tells a re-sent identical instance from a different one with the same UID. */
  sha256: string;
}

/** Where an instance's bytes are and how its frames lie in them. */
export interface InstanceLocation {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
  numberOfFrames: number;
  frames: FrameRanges[] | null;
  bitsAllocated: number | undefined;
  blobKey: string;
  sha256: string;
}

/** A value matched per PS3.4 C.2.2.2: `*` and `?` wildcards allowed. */
export type WildcardValue = string;

/** A DA range, inclusive, either end open: dates as YYYYMMDD. */
export interface DateRange {
  from?: string;
  to?: string;
}

export interface Paging {
  limit: number;
  offset: number;
}

export interface StudyQuery extends Paging {
  /** Case-insensitive (PS3.4 C.2.2.2.1 allows it for PN, and users type names in any case). */
  patientName?: WildcardValue;
  patientId?: WildcardValue;
  accessionNumber?: WildcardValue;
  studyInstanceUids?: string[];
  studyDate?: DateRange;
  /** Studies with at least one series of any of these modalities. */
  modalitiesInStudy?: WildcardValue[];
}

export interface SeriesQuery extends StudyQuery {
  seriesInstanceUids?: string[];
  modality?: WildcardValue[];
}

export interface StudyMatch {
  studyAttributes: DicomJsonDataset;
  numberOfSeries: number;
  numberOfInstances: number;
  modalities: string[];
}

export interface SeriesMatch {
  studyAttributes: DicomJsonDataset;
  seriesAttributes: DicomJsonDataset;
  numberOfInstances: number;
}

export type AddOutcome = 'added' | 'exists';

export interface InstanceIndex {
  /** Adds an instance (and its study and series when new); 'exists' when the SOP Instance UID is already indexed. */
  add(instance: IndexedInstance): Promise<AddOutcome>;
  /** The instance by SOP Instance UID alone: SOP Instance UIDs are unique across studies. */
  findInstance(sopInstanceUid: string): Promise<InstanceLocation | undefined>;
  searchStudies(query: StudyQuery): Promise<StudyMatch[]>;
  searchSeries(query: SeriesQuery): Promise<SeriesMatch[]>;
  /**
   * Each instance's metadata as DICOM JSON text, in InstanceNumber order, at the level given; undefined when
   * that study / series / instance is not stored. Text, not objects: routes join it without re-serialising.
   */
  metadata(target: { studyInstanceUid: string; seriesInstanceUid?: string; sopInstanceUid?: string }): Promise<string[] | undefined>;
  /** The byte range of a native binary element's value, by its path (see BulkDataLocation). */
  bulkData(sopInstanceUid: string, path: string): Promise<BulkDataLocation | undefined>;
  close(): Promise<void>;
}
