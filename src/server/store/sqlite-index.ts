// The embedded index: SQLite through better-sqlite3 (WAL, prepared statements), one file beside the blobs.
import { createRequire } from 'node:module';
import { numberOf, stringOf, type DicomJsonDataset } from '../../dicomweb/dicom-json.js';
import type { BulkDataLocation, FrameRanges } from '../dicom/parse-instance.js';
import type {
  AddOutcome,
  IndexedInstance,
  InstanceIndex,
  InstanceLocation,
  SeriesMatch,
  SeriesQuery,
  StudyMatch,
  StudyQuery,
  WildcardValue,
} from './instance-index.js';

// better-sqlite3 ships no type declarations (and @types/better-sqlite3 is not installed): the little used here.
interface Statement {
  run(...parameters: unknown[]): { changes: number };
  get(...parameters: unknown[]): unknown;
  all(...parameters: unknown[]): unknown[];
}
interface Database {
  pragma(source: string): unknown;
  exec(source: string): void;
  prepare(source: string): Statement;
  transaction<Arguments extends unknown[], Result>(body: (...args: Arguments) => Result): (...args: Arguments) => Result;
  close(): void;
}
type DatabaseConstructor = new (filename: string) => Database;
const require = createRequire(import.meta.url);
const BetterSqlite3 = require('better-sqlite3') as DatabaseConstructor;

const schemaVersion = 1;

const schema = `
CREATE TABLE IF NOT EXISTS studies (
  study_instance_uid TEXT PRIMARY KEY,
  patient_name TEXT,
  patient_id TEXT,
  study_date TEXT,
  study_time TEXT,
  accession_number TEXT,
  attributes TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS studies_by_date ON studies (study_date DESC, study_time DESC);
CREATE INDEX IF NOT EXISTS studies_by_patient_id ON studies (patient_id);
CREATE TABLE IF NOT EXISTS series (
  series_instance_uid TEXT PRIMARY KEY,
  study_instance_uid TEXT NOT NULL REFERENCES studies (study_instance_uid),
  modality TEXT,
  series_number INTEGER,
  attributes TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS series_by_study ON series (study_instance_uid, series_number);
CREATE TABLE IF NOT EXISTS instances (
  sop_instance_uid TEXT PRIMARY KEY,
  series_instance_uid TEXT NOT NULL REFERENCES series (series_instance_uid),
  study_instance_uid TEXT NOT NULL REFERENCES studies (study_instance_uid),
  sop_class_uid TEXT NOT NULL,
  instance_number INTEGER,
  transfer_syntax_uid TEXT NOT NULL,
  number_of_frames INTEGER NOT NULL,
  bits_allocated INTEGER,
  frames TEXT,
  bulk_data TEXT NOT NULL,
  metadata TEXT NOT NULL,
  blob_key TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS instances_by_series ON instances (series_instance_uid, instance_number);
CREATE INDEX IF NOT EXISTS instances_by_study ON instances (study_instance_uid);
`;

interface InstanceRow {
  study_instance_uid: string;
  series_instance_uid: string;
  sop_instance_uid: string;
  transfer_syntax_uid: string;
  number_of_frames: number;
  bits_allocated: number | null;
  frames: string | null;
  blob_key: string;
  sha256: string;
}

/** A WHERE clause under construction: SQL fragments and their parameters, in order. */
class Conditions {
  readonly clauses: string[] = [];
  readonly parameters: unknown[] = [];

  add(clause: string, ...parameters: unknown[]): void {
    this.clauses.push(clause);
    this.parameters.push(...parameters);
  }

  get sql(): string {
    return this.clauses.length > 0 ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

function isUniversal(value: WildcardValue): boolean {
  // PS3.4 C.2.2.2.3: a value of only "*" matches everything, including absent values, like an empty one.
  return value === '' || /^\*+$/.test(value);
}

/**
 * PS3.4 C.2.2.2.4 wildcard matching as SQL. Case-insensitive values go through LIKE (ASCII case folding,
 * SQLite's default); case-sensitive ones through GLOB, whose own wildcards are DICOM's `*` and `?`.
 */
function wildcardClause(column: string, value: WildcardValue, caseInsensitive: boolean): [string, string] {
  const hasWildcards = /[*?]/.test(value);
  if (caseInsensitive) {
    if (!hasWildcards) return [`${column} = ? COLLATE NOCASE`, value];
    const pattern = value.replace(/[\\%_]/g, (character) => `\\${character}`).replace(/\*/g, '%').replace(/\?/g, '_');
    return [`${column} LIKE ? ESCAPE '\\'`, pattern];
  }
  if (!hasWildcards) return [`${column} = ?`, value];
  return [`${column} GLOB ?`, value.replace(/\[/g, '[[]')];
}

function anyOf(column: string, values: WildcardValue[], caseInsensitive: boolean): [string, string[]] | undefined {
  if (values.some(isUniversal)) return undefined;
  const clauses = values.map((value) => wildcardClause(column, value, caseInsensitive));
  return [`(${clauses.map(([clause]) => clause).join(' OR ')})`, clauses.map(([, parameter]) => parameter)];
}

function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

export class SqliteIndex implements InstanceIndex {
  readonly #db: Database;
  readonly #statements = new Map<string, Statement>();
  readonly #addTransaction: (instance: IndexedInstance) => AddOutcome;

  /** Opens (creating when needed) the index at `filename`; `:memory:` gives a throwaway one. */
  constructor(filename: string) {
    this.#db = new BetterSqlite3(filename);
    this.#db.pragma('journal_mode = WAL');
    // In WAL mode NORMAL loses at most the last commits on power loss, never consistency; blobs are fsynced
    // before their row is written, so a lost row leaves a file that a re-import indexes again.
    this.#db.pragma('synchronous = NORMAL');
    this.#db.pragma('foreign_keys = ON');
    const version = this.#db.pragma('user_version') as Array<{ user_version: number }>;
    const current = version[0]?.user_version ?? 0;
    if (current > schemaVersion) {
      throw new Error(`index ${filename} has schema version ${current}; this server knows up to ${schemaVersion}`);
    }
    this.#db.exec(schema);
    this.#db.pragma(`user_version = ${schemaVersion}`);
    this.#addTransaction = this.#db.transaction((instance: IndexedInstance) => this.#addNow(instance));
  }

  #statement(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  async add(instance: IndexedInstance): Promise<AddOutcome> {
    return this.#addTransaction(instance);
  }

  #addNow(instance: IndexedInstance): AddOutcome {
    const exists = this.#statement('SELECT 1 FROM instances WHERE sop_instance_uid = ?').get(instance.sopInstanceUid);
    if (exists) return 'exists';
    const seriesStudy = this.#statement('SELECT study_instance_uid FROM series WHERE series_instance_uid = ?').get(
      instance.seriesInstanceUid,
    ) as { study_instance_uid: string } | undefined;
    if (seriesStudy && seriesStudy.study_instance_uid !== instance.studyInstanceUid) {
      throw new IndexConflictError(
        `series ${instance.seriesInstanceUid} is stored under study ${seriesStudy.study_instance_uid}, not ${instance.studyInstanceUid}`,
      );
    }
    const study = instance.studyAttributes;
    this.#statement(
      `INSERT INTO studies (study_instance_uid, patient_name, patient_id, study_date, study_time, accession_number, attributes)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (study_instance_uid) DO NOTHING`,
    ).run(
      instance.studyInstanceUid,
      stringOf(study, 'PatientName') ?? null,
      stringOf(study, 'PatientID') ?? null,
      stringOf(study, 'StudyDate') ?? null,
      stringOf(study, 'StudyTime') ?? null,
      stringOf(study, 'AccessionNumber') ?? null,
      JSON.stringify(study),
    );
    const series = instance.seriesAttributes;
    this.#statement(
      `INSERT INTO series (series_instance_uid, study_instance_uid, modality, series_number, attributes)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT (series_instance_uid) DO NOTHING`,
    ).run(instance.seriesInstanceUid, instance.studyInstanceUid, stringOf(series, 'Modality') ?? null, numberOf(series, 'SeriesNumber') ?? null, JSON.stringify(series));
    const bulkData = Object.fromEntries(instance.bulkData.map(({ path, offset, length }) => [path, [offset, length]]));
    this.#statement(
      `INSERT INTO instances (sop_instance_uid, series_instance_uid, study_instance_uid, sop_class_uid, instance_number,
         transfer_syntax_uid, number_of_frames, bits_allocated, frames, bulk_data, metadata, blob_key, size, sha256)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      instance.sopInstanceUid,
      instance.seriesInstanceUid,
      instance.studyInstanceUid,
      instance.sopClassUid,
      numberOf(instance.metadata, 'InstanceNumber') ?? null,
      instance.transferSyntaxUid,
      instance.numberOfFrames,
      instance.bitsAllocated ?? null,
      instance.frames ? JSON.stringify(instance.frames.map((ranges) => ranges.map(({ offset, length }) => [offset, length]))) : null,
      JSON.stringify(bulkData),
      JSON.stringify(instance.metadata),
      instance.blobKey,
      instance.size,
      instance.sha256,
    );
    return 'added';
  }

  async findInstance(sopInstanceUid: string): Promise<InstanceLocation | undefined> {
    const row = this.#statement(
      `SELECT study_instance_uid, series_instance_uid, sop_instance_uid, transfer_syntax_uid, number_of_frames,
              bits_allocated, frames, blob_key, sha256
       FROM instances WHERE sop_instance_uid = ?`,
    ).get(sopInstanceUid) as InstanceRow | undefined;
    if (!row) return undefined;
    const frames = row.frames
      ? (JSON.parse(row.frames) as Array<Array<[number, number]>>).map((ranges): FrameRanges => ranges.map(([offset, length]) => ({ offset, length })))
      : null;
    return {
      studyInstanceUid: row.study_instance_uid,
      seriesInstanceUid: row.series_instance_uid,
      sopInstanceUid: row.sop_instance_uid,
      transferSyntaxUid: row.transfer_syntax_uid,
      numberOfFrames: row.number_of_frames,
      frames,
      bitsAllocated: row.bits_allocated ?? undefined,
      blobKey: row.blob_key,
      sha256: row.sha256,
    };
  }

  #studyConditions(query: StudyQuery, conditions: Conditions): void {
    const single = (column: string, value: WildcardValue | undefined, caseInsensitive: boolean) => {
      if (value === undefined || isUniversal(value)) return;
      const [clause, parameter] = wildcardClause(column, value, caseInsensitive);
      conditions.add(clause, parameter);
    };
    single('s.patient_name', query.patientName, true);
    single('s.patient_id', query.patientId, false);
    single('s.accession_number', query.accessionNumber, false);
    if (query.studyInstanceUids) {
      conditions.add(`s.study_instance_uid IN (${placeholders(query.studyInstanceUids.length)})`, ...query.studyInstanceUids);
    }
    if (query.studyDate?.from) conditions.add('s.study_date >= ?', query.studyDate.from);
    if (query.studyDate?.to) conditions.add('s.study_date <= ?', query.studyDate.to);
    if (query.modalitiesInStudy) {
      const modalities = anyOf('m.modality', query.modalitiesInStudy, false);
      if (modalities) {
        conditions.add(
          `EXISTS (SELECT 1 FROM series m WHERE m.study_instance_uid = s.study_instance_uid AND ${modalities[0]})`,
          ...modalities[1],
        );
      }
    }
  }

  async searchStudies(query: StudyQuery): Promise<StudyMatch[]> {
    const conditions = new Conditions();
    this.#studyConditions(query, conditions);
    const rows = this.#statement(
      `SELECT s.attributes,
         (SELECT COUNT(*) FROM series r WHERE r.study_instance_uid = s.study_instance_uid) AS number_of_series,
         (SELECT COUNT(*) FROM instances i WHERE i.study_instance_uid = s.study_instance_uid) AS number_of_instances,
         (SELECT group_concat(DISTINCT r.modality) FROM series r WHERE r.study_instance_uid = s.study_instance_uid) AS modalities
       FROM studies s ${conditions.sql}
       ORDER BY s.study_date DESC, s.study_time DESC, s.study_instance_uid
       LIMIT ? OFFSET ?`,
    ).all(...conditions.parameters, query.limit, query.offset) as Array<{
      attributes: string;
      number_of_series: number;
      number_of_instances: number;
      modalities: string | null;
    }>;
    return rows.map((row) => ({
      studyAttributes: JSON.parse(row.attributes) as DicomJsonDataset,
      numberOfSeries: row.number_of_series,
      numberOfInstances: row.number_of_instances,
      modalities: (row.modalities ?? '').split(',').filter(Boolean).sort(),
    }));
  }

  async searchSeries(query: SeriesQuery): Promise<SeriesMatch[]> {
    const conditions = new Conditions();
    this.#studyConditions(query, conditions);
    if (query.seriesInstanceUids) {
      conditions.add(`r.series_instance_uid IN (${placeholders(query.seriesInstanceUids.length)})`, ...query.seriesInstanceUids);
    }
    if (query.modality) {
      const modalities = anyOf('r.modality', query.modality, false);
      if (modalities) conditions.add(modalities[0], ...modalities[1]);
    }
    const rows = this.#statement(
      `SELECT s.attributes AS study_attributes, r.attributes AS series_attributes,
         (SELECT COUNT(*) FROM instances i WHERE i.series_instance_uid = r.series_instance_uid) AS number_of_instances
       FROM series r JOIN studies s ON s.study_instance_uid = r.study_instance_uid ${conditions.sql}
       ORDER BY s.study_date DESC, s.study_time DESC, s.study_instance_uid, r.series_number, r.series_instance_uid
       LIMIT ? OFFSET ?`,
    ).all(...conditions.parameters, query.limit, query.offset) as Array<{
      study_attributes: string;
      series_attributes: string;
      number_of_instances: number;
    }>;
    return rows.map((row) => ({
      studyAttributes: JSON.parse(row.study_attributes) as DicomJsonDataset,
      seriesAttributes: JSON.parse(row.series_attributes) as DicomJsonDataset,
      numberOfInstances: row.number_of_instances,
    }));
  }

  async metadata(target: { studyInstanceUid: string; seriesInstanceUid?: string; sopInstanceUid?: string }): Promise<string[] | undefined> {
    let rows: Array<{ metadata: string }>;
    if (target.sopInstanceUid !== undefined) {
      rows = this.#statement(
        'SELECT metadata FROM instances WHERE study_instance_uid = ? AND series_instance_uid = ? AND sop_instance_uid = ?',
      ).all(target.studyInstanceUid, target.seriesInstanceUid ?? '', target.sopInstanceUid) as typeof rows;
    } else if (target.seriesInstanceUid !== undefined) {
      rows = this.#statement(
        `SELECT metadata FROM instances WHERE study_instance_uid = ? AND series_instance_uid = ?
         ORDER BY instance_number, sop_instance_uid`,
      ).all(target.studyInstanceUid, target.seriesInstanceUid) as typeof rows;
    } else {
      rows = this.#statement(
        `SELECT i.metadata FROM instances i JOIN series r ON r.series_instance_uid = i.series_instance_uid
         WHERE i.study_instance_uid = ?
         ORDER BY r.series_number, r.series_instance_uid, i.instance_number, i.sop_instance_uid`,
      ).all(target.studyInstanceUid) as typeof rows;
    }
    return rows.length > 0 ? rows.map((row) => row.metadata) : undefined;
  }

  async bulkData(sopInstanceUid: string, path: string): Promise<BulkDataLocation | undefined> {
    const row = this.#statement('SELECT bulk_data FROM instances WHERE sop_instance_uid = ?').get(sopInstanceUid) as
      | { bulk_data: string }
      | undefined;
    if (!row) return undefined;
    const range = (JSON.parse(row.bulk_data) as Record<string, [number, number] | undefined>)[path];
    return range ? { path, offset: range[0], length: range[1] } : undefined;
  }

  async close(): Promise<void> {
    this.#db.close();
  }
}

/** The instance contradicts what is stored (e.g. a known series under another study). */
export class IndexConflictError extends Error {
  override name = 'IndexConflictError';
}
