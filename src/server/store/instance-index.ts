// The index of stored instances: what QIDO matches on, each instance's metadata and frame byte ranges.
// An interface, so a PostgreSQL index can replace the embedded SQLite one without touching routes.
import type { DicomJsonDataset } from '../../dicomweb/dicom-json.js';
import type { BulkDataLocation, FrameRanges, ParsedInstance } from '../dicom/parse-instance.js';
import type { QueryLevel } from '../dicom/query-levels.js';

/**
 * One instance as the index records it at ingest: what the parser found (the metadata's BulkDataURIs relative to
 * the DICOMweb root, `studies/…`) and where its file is.
 */
export interface IndexedInstance extends ParsedInstance {
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
  /** Bytes of the Part 10 file. */
  size: number;
}

/** The levels QIDO-RS searches; defined with the attributes of each (dicom/query-levels.ts). */
export type { QueryLevel };

/**
 * How one attribute is matched (PS3.4 C.2.2.2). `values` of 'single' may hold `*` and `?` wildcards and are
 * alternatives (list matching for CS and friends); 'uids' is UID list matching; 'range' is DA/TM/DT range
 * matching with either end open, values as given (YYYYMMDD, HHMMSS.FFFFFF, YYYYMMDDHHMMSS…).
 */
export type ValueMatch =
  | { kind: 'single'; values: string[]; caseInsensitive: boolean }
  | { kind: 'uids'; values: string[] }
  | { kind: 'numbers'; values: number[] }
  | { kind: 'range'; from?: string; to?: string };

export interface AttributeCondition {
  /**
   * The level whose attributes hold the attribute. A condition below the searched level means "some entity
   * below matches": ModalitiesInStudy is Modality at the series level of a study search.
   */
  level: QueryLevel;
  /** Eight upper-case hex digits. */
  tag: string;
  vr: string;
  match: ValueMatch;
  /** Derived study keys (ModalitiesInStudy, SOPClassesInStudy): some series or instance of the result's study matches. */
  anyOfStudy?: boolean;
}

export interface SearchQuery {
  level: QueryLevel;
  conditions: AttributeCondition[];
  limit: number;
  offset: number;
}

/** One search result with what the routes need to build the answer, derived attributes included. */
export interface SearchMatch {
  studyAttributes: DicomJsonDataset;
  /** Series and instance searches. */
  seriesAttributes?: DicomJsonDataset;
  /** Instance searches: the instance's own attributes (those at neither study nor series level, bulk data left out). */
  instanceAttributes?: DicomJsonDataset;
  /** Study searches. */
  numberOfStudyRelatedSeries?: number;
  /** Study searches: instances of the study; series searches: instances of the series. */
  numberOfRelatedInstances?: number;
  /** Study searches. */
  modalitiesInStudy?: string[];
  /** Study searches. */
  sopClassesInStudy?: string[];
}

/** What a DELETE names: a study, a series of it, or an instance of that series. */
export interface EntityTarget {
  studyInstanceUid: string;
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
}

export type AddOutcome = 'added' | 'exists';

export interface InstanceIndex {
  /** Adds an instance (and its study and series when new); 'exists' when the SOP Instance UID is already indexed. */
  add(instance: IndexedInstance): Promise<AddOutcome>;
  /** The instance by SOP Instance UID alone: SOP Instance UIDs are unique across studies. */
  findInstance(sopInstanceUid: string): Promise<InstanceLocation | undefined>;
  search(query: SearchQuery): Promise<SearchMatch[]>;
  /** The instances at the target, in the order a retrieve answers them (series number, instance number); [] when unknown. */
  instancesAt(target: EntityTarget): Promise<InstanceLocation[]>;
  /**
   * Removes the target's instances from the index (and series and studies left empty), in one transaction;
   * answers the removed instances so their blobs can be deleted after.
   */
  remove(target: EntityTarget): Promise<InstanceLocation[]>;
  /**
   * Each instance's metadata as DICOM JSON text, in InstanceNumber order, at the level given; undefined when
   * that study / series / instance is not stored. Text, not objects: routes join it without re-serialising.
   */
  metadata(target: EntityTarget): Promise<string[] | undefined>;
  /** The byte range of a native binary element's value, by its path (see BulkDataLocation). */
  bulkData(sopInstanceUid: string, path: string): Promise<BulkDataLocation | undefined>;
  /**
   * A value that changes whenever another process commits a change to the index (SQLite's data_version): what
   * was read from the index and cached stays valid while it does not change. An index without it is read on
   * every request (nothing of it is cached), which is always safe when several processes share it.
   */
  changeMarker?(): number;
  /** Every indexed instance, for `dicom-lightbox check`. */
  allInstances?(): AsyncIterable<InstanceLocation>;
  close(): Promise<void>;
}
