// The embedded index: SQLite through better-sqlite3 (WAL, prepared statements), one file beside the blobs.
import BetterSqlite3, { type Database, type Statement } from 'better-sqlite3';
import { numberOf, stringOf, type DicomJsonDataset } from '../../dicomweb/dicom-json.js';
import { tagOf } from '../../dicom/tags.js';
import type { BulkDataLocation, FrameRanges } from '../dicom/parse-instance.js';
import { instanceAttributesOf } from '../dicom/query-levels.js';
import type {
  AddOutcome,
  AttributeCondition,
  EntityTarget,
  IndexedInstance,
  InstanceIndex,
  InstanceLocation,
  QueryLevel,
  SearchMatch,
  SearchQuery,
  ValueMatch,
} from './instance-index.js';

/**
 * How long a write waits for another process's write to finish (`dicom-lightbox serve --workers N` runs several
 * processes on one index) before failing with SQLITE_BUSY. Writes are single short transactions.
 */
export const busyTimeoutMs = 10_000;

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

const instanceColumns = `i.study_instance_uid, i.series_instance_uid, i.sop_instance_uid, i.transfer_syntax_uid, i.number_of_frames,
  i.bits_allocated, i.frames, i.blob_key, i.sha256, i.size`;

function locationOf(row: InstanceRow): InstanceLocation {
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
    size: row.size,
  };
}

interface InstanceRow {
  size: number;
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

/** The instances (alias i) of a study, a series of it, or one instance of that series. */
function targetConditions(target: EntityTarget): Conditions {
  const conditions = new Conditions();
  conditions.add('i.study_instance_uid = ?', target.studyInstanceUid);
  if (target.seriesInstanceUid !== undefined) conditions.add('i.series_instance_uid = ?', target.seriesInstanceUid);
  if (target.sopInstanceUid !== undefined) conditions.add('i.sop_instance_uid = ?', target.sopInstanceUid);
  return conditions;
}

function isUniversal(value: string): boolean {
  // PS3.4 C.2.2.2.3: a value of only "*" matches everything, including absent values, like an empty one.
  return value === '' || /^\*+$/.test(value);
}

/**
 * PS3.4 C.2.2.2.4 wildcard matching of the SQL expression `expression`. Case-insensitive values go through
 * LIKE (ASCII case folding, SQLite's default); case-sensitive ones through GLOB, whose own wildcards are DICOM's
 * `*` and `?` (its `[` is escaped).
 */
function wildcardPattern(value: string, caseInsensitive: boolean): string {
  if (caseInsensitive) return value.replace(/[\\%_]/g, (character) => `\\${character}`).replace(/\*/g, '%').replace(/\?/g, '_');
  return value.replace(/\[/g, '[[]');
}

function wildcardClause(expression: string, value: string, caseInsensitive: boolean): [string, string] {
  const hasWildcards = /[*?]/.test(value);
  if (caseInsensitive) {
    if (!hasWildcards) return [`${expression} = ? COLLATE NOCASE`, value];
    return [`${expression} LIKE ? ESCAPE '\\'`, wildcardPattern(value, true)];
  }
  if (!hasWildcards) return [`${expression} = ?`, value];
  return [`${expression} GLOB ?`, wildcardPattern(value, false)];
}

/**
 * The SQL test of one value expression against a match, or undefined when the match is universal. A list of values
 * is one JSON array parameter read with json_each, so the statement's text does not depend on the list's length:
 * the prepared-statement cache stays small, and a thousand values are no deeper an expression than two.
 */
function matchClause(expression: string, match: ValueMatch): [string, unknown[]] | undefined {
  switch (match.kind) {
    case 'single': {
      if (match.values.some(isUniversal)) return undefined;
      if (match.values.length === 1) {
        const [clause, parameter] = wildcardClause(expression, match.values[0]!, match.caseInsensitive);
        return [clause, [parameter]];
      }
      // Each value as a pattern: LIKE's for case-insensitive matching, GLOB's otherwise (a value without wildcards
      // is a pattern matching itself alone).
      const patterns = match.values.map((value) => wildcardPattern(value, match.caseInsensitive));
      const test = match.caseInsensitive ? `${expression} LIKE p.value ESCAPE '\\'` : `${expression} GLOB p.value`;
      return [`EXISTS (SELECT 1 FROM json_each(?) p WHERE ${test})`, [JSON.stringify(patterns)]];
    }
    case 'uids':
      if (match.values.length === 1) return [`${expression} = ?`, match.values];
      return [`${expression} IN (SELECT value FROM json_each(?))`, [JSON.stringify(match.values)]];
    case 'numbers':
      return [`CAST(${expression} AS REAL) IN (SELECT value FROM json_each(?))`, [JSON.stringify(match.values)]];
    case 'range': {
      // Lower ends compare whole values; upper ends compare the value cut to the bound's length, so that
      // "-1000" includes 10:00:30 (stored 100030) and "-20260131" includes 20260131093000 as a DT.
      const clauses: string[] = [];
      const parameters: unknown[] = [];
      if (match.from) {
        clauses.push(`${expression} >= ?`);
        parameters.push(match.from);
      }
      if (match.to) {
        clauses.push(`substr(${expression}, 1, ${match.to.length}) <= ?`);
        parameters.push(match.to);
      }
      if (clauses.length === 0) return undefined;
      return [`(${expression} IS NOT NULL AND ${clauses.join(' AND ')})`, parameters];
    }
  }
}

const levelAlias: Record<QueryLevel, string> = { study: 's', series: 'r', instance: 'i' };
const levelDepth: Record<QueryLevel, number> = { study: 0, series: 1, instance: 2 };

/** Indexed columns that hold an attribute's (first) value, by level and tag: the fast path of common keys. */
const columns: Record<QueryLevel, Record<string, string>> = {
  study: {
    [tagOf('StudyInstanceUID')]: 'study_instance_uid',
    [tagOf('PatientName')]: 'patient_name',
    [tagOf('PatientID')]: 'patient_id',
    [tagOf('StudyDate')]: 'study_date',
    [tagOf('StudyTime')]: 'study_time',
    [tagOf('AccessionNumber')]: 'accession_number',
  },
  series: { [tagOf('SeriesInstanceUID')]: 'series_instance_uid', [tagOf('Modality')]: 'modality', [tagOf('SeriesNumber')]: 'series_number' },
  instance: { [tagOf('SOPInstanceUID')]: 'sop_instance_uid', [tagOf('SOPClassUID')]: 'sop_class_uid', [tagOf('InstanceNumber')]: 'instance_number' },
};

/** One condition as SQL over the aliases s (studies), r (series), i (instances) of a search at `searchLevel`. */
function conditionClause(condition: AttributeCondition, searchLevel: QueryLevel): [string, unknown[]] | undefined {
  // Derived study keys get their own alias, so they test the study's other series, not the one a series search returns.
  const alias = condition.anyOfStudy ? (condition.level === 'series' ? 'm' : 'n') : levelAlias[condition.level];
  const attributes = `${alias}.${condition.level === 'instance' ? 'metadata' : 'attributes'}`;
  const column = columns[condition.level][condition.tag];
  let clause: [string, unknown[]] | undefined;
  if (column) {
    clause = matchClause(`${alias}.${column}`, condition.match);
  } else {
    // Any other attribute: each of its values in the stored DICOM JSON (multi-valued attributes match on any value).
    const value = condition.vr === 'PN' ? "json_extract(j.value, '$.Alphabetic')" : 'j.value';
    const inner = matchClause(value, condition.match);
    if (inner) clause = [`EXISTS (SELECT 1 FROM json_each(${attributes}, '$."${condition.tag}".Value') j WHERE ${inner[0]})`, inner[1]];
  }
  if (!clause) return undefined;
  if (condition.anyOfStudy) {
    const table = condition.level === 'series' ? 'series' : 'instances';
    return [`EXISTS (SELECT 1 FROM ${table} ${alias} WHERE ${alias}.study_instance_uid = s.study_instance_uid AND ${clause[0]})`, clause[1]];
  }
  if (levelDepth[condition.level] <= levelDepth[searchLevel]) return clause;
  throw new Error(`a ${condition.level}-level condition in a ${searchLevel} search`);
}

/** Prepared statements kept: every fixed statement and the searches in common use. */
const cachedStatements = 256;

export class SqliteIndex implements InstanceIndex {
  readonly #db: Database;
  readonly #statements = new Map<string, Statement>();
  readonly #addBatchTransaction: (instances: IndexedInstance[]) => Array<{ outcome: AddOutcome } | { error: unknown }>;
  /** Instances waiting for the next group commit, with the promises `add` handed out for them. */
  #pendingAdds: Array<{ instance: IndexedInstance; resolve: (outcome: AddOutcome) => void; reject: (error: unknown) => void }> = [];
  #groupCommitScheduled = false;
  readonly #removeTransaction: (target: EntityTarget) => InstanceLocation[];
  readonly #dataVersion: Statement;

  /** Opens (creating when needed) the index at `filename`; `:memory:` gives a throwaway one. */
  constructor(filename: string) {
    this.#db = new BetterSqlite3(filename, { timeout: busyTimeoutMs });
    this.#db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    this.#db.pragma('journal_mode = WAL');
    // FULL: a commit is on disk before STOW-RS acknowledges the instance, so a power cut cannot forget an
    // acknowledged instance whose file survived (NORMAL, in WAL mode, may drop the last commits). The fsync it
    // costs is paid once per group commit, not once per instance.
    this.#db.pragma('synchronous = FULL');
    this.#db.pragma('foreign_keys = ON');
    const version = this.#db.pragma('user_version') as Array<{ user_version: number }>;
    const current = version[0]?.user_version ?? 0;
    if (current > schemaVersion) {
      throw new Error(`index ${filename} has schema version ${current}; this server knows up to ${schemaVersion}`);
    }
    if (current !== schemaVersion) {
      this.#db.exec(schema);
      this.#db.pragma(`user_version = ${schemaVersion}`);
    }
    // IMMEDIATE: with several processes on one index, a deferred transaction that reads and then writes fails
    // at once (SQLITE_BUSY_SNAPSHOT) when another process committed in between; an immediate one waits its turn.
    // Group commit: the adds that arrive while the event loop is busy share one transaction, each in its own
    // savepoint (a nested better-sqlite3 transaction), so one refused instance rolls back alone. With several
    // processes on one index every BEGIN IMMEDIATE may wait for the lock in SQLite's busy handler, which blocks
    // the process; fewer, larger transactions wait less often.
    const addOne = this.#db.transaction((instance: IndexedInstance) => this.#addNow(instance));
    this.#addBatchTransaction = this.#db.transaction((instances: IndexedInstance[]) =>
      instances.map((instance) => {
        try {
          return { outcome: addOne(instance) };
        } catch (error) {
          return { error };
        }
      }),
    ).immediate;
    this.#removeTransaction = this.#db.transaction((target: EntityTarget) => this.#removeNow(target)).immediate;
    this.#dataVersion = this.#db.prepare('PRAGMA data_version').pluck();
  }

  /** SQLite's data_version: changes whenever another connection (another process) commits to the index. */
  changeMarker(): number {
    return this.#dataVersion.get() as number;
  }

  /**
   * A prepared statement, cached by its text, least recently used first out. Texts depend on which keys a search
   * names, never on how many values a key lists; the bound keeps a client who varies keys from growing it.
   */
  #statement(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (statement) {
      this.#statements.delete(sql);
    } else {
      statement = this.#db.prepare(sql);
      if (this.#statements.size >= cachedStatements) this.#statements.delete(this.#statements.keys().next().value!);
    }
    this.#statements.set(sql, statement);
    return statement;
  }

  /** Statements cached now (for the test that the cache stays bounded). */
  get cachedStatementCount(): number {
    return this.#statements.size;
  }

  add(instance: IndexedInstance): Promise<AddOutcome> {
    return new Promise((resolve, reject) => {
      this.#pendingAdds.push({ instance, resolve, reject });
      if (this.#groupCommitScheduled) return;
      this.#groupCommitScheduled = true;
      // setImmediate, not a microtask: blob writes finishing in the same turn of the loop join this commit.
      setImmediate(() => this.#commitPendingAdds());
    });
  }

  #commitPendingAdds(): void {
    this.#groupCommitScheduled = false;
    const batch = this.#pendingAdds;
    this.#pendingAdds = [];
    let results;
    try {
      results = this.#addBatchTransaction(batch.map(({ instance }) => instance));
    } catch (error) {
      for (const { reject } of batch) reject(error);
      return;
    }
    results.forEach((result, index) => ('error' in result ? batch[index]!.reject(result.error) : batch[index]!.resolve(result.outcome)));
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
    const row = this.#statement(`SELECT ${instanceColumns} FROM instances i WHERE sop_instance_uid = ?`).get(sopInstanceUid) as InstanceRow | undefined;
    return row ? locationOf(row) : undefined;
  }

  async search(query: SearchQuery): Promise<SearchMatch[]> {
    const conditions = new Conditions();
    for (const condition of query.conditions) {
      const clause = conditionClause(condition, query.level);
      if (clause) conditions.add(clause[0], ...clause[1]);
    }
    if (query.level === 'study') {
      const rows = this.#statement(
        `SELECT s.attributes,
           (SELECT COUNT(*) FROM series r WHERE r.study_instance_uid = s.study_instance_uid) AS number_of_series,
           (SELECT COUNT(*) FROM instances i WHERE i.study_instance_uid = s.study_instance_uid) AS number_of_instances,
           (SELECT group_concat(DISTINCT r.modality) FROM series r WHERE r.study_instance_uid = s.study_instance_uid) AS modalities,
           (SELECT group_concat(DISTINCT i.sop_class_uid) FROM instances i WHERE i.study_instance_uid = s.study_instance_uid) AS sop_classes
         FROM studies s ${conditions.sql}
         ORDER BY s.study_date DESC, s.study_time DESC, s.study_instance_uid
         LIMIT ? OFFSET ?`,
      ).all(...conditions.parameters, query.limit, query.offset) as Array<{
        attributes: string;
        number_of_series: number;
        number_of_instances: number;
        modalities: string | null;
        sop_classes: string | null;
      }>;
      return rows.map((row) => ({
        studyAttributes: JSON.parse(row.attributes) as DicomJsonDataset,
        numberOfStudyRelatedSeries: row.number_of_series,
        numberOfRelatedInstances: row.number_of_instances,
        modalitiesInStudy: (row.modalities ?? '').split(',').filter(Boolean).sort(),
        sopClassesInStudy: (row.sop_classes ?? '').split(',').filter(Boolean).sort(),
      }));
    }
    if (query.level === 'series') {
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
        numberOfRelatedInstances: row.number_of_instances,
      }));
    }
    const rows = this.#statement(
      `SELECT s.attributes AS study_attributes, r.attributes AS series_attributes, i.metadata
       FROM instances i JOIN series r ON r.series_instance_uid = i.series_instance_uid
         JOIN studies s ON s.study_instance_uid = i.study_instance_uid ${conditions.sql}
       ORDER BY s.study_date DESC, s.study_time DESC, s.study_instance_uid, r.series_number, r.series_instance_uid,
         i.instance_number, i.sop_instance_uid
       LIMIT ? OFFSET ?`,
    ).all(...conditions.parameters, query.limit, query.offset) as Array<{ study_attributes: string; series_attributes: string; metadata: string }>;
    return rows.map((row) => ({
      studyAttributes: JSON.parse(row.study_attributes) as DicomJsonDataset,
      seriesAttributes: JSON.parse(row.series_attributes) as DicomJsonDataset,
      instanceAttributes: instanceAttributesOf(JSON.parse(row.metadata) as DicomJsonDataset),
    }));
  }

  async instancesAt(target: EntityTarget): Promise<InstanceLocation[]> {
    const conditions = targetConditions(target);
    const rows = this.#statement(
      `SELECT ${instanceColumns} FROM instances i JOIN series r ON r.series_instance_uid = i.series_instance_uid
       ${conditions.sql} ORDER BY r.series_number, r.series_instance_uid, i.instance_number, i.sop_instance_uid`,
    ).all(...conditions.parameters) as InstanceRow[];
    return rows.map(locationOf);
  }

  async *allInstances(): AsyncIterable<InstanceLocation> {
    // Read in pages by key: an iterator held open across awaits would block this connection's writes.
    let after = '';
    for (;;) {
      const rows = this.#statement(`SELECT ${instanceColumns} FROM instances i WHERE sop_instance_uid > ? ORDER BY sop_instance_uid LIMIT 500`).all(after) as InstanceRow[];
      if (rows.length === 0) return;
      for (const row of rows) yield locationOf(row);
      after = rows[rows.length - 1]!.sop_instance_uid;
    }
  }

  async remove(target: EntityTarget): Promise<InstanceLocation[]> {
    return this.#removeTransaction(target);
  }

  #removeNow(target: EntityTarget): InstanceLocation[] {
    const conditions = targetConditions(target);
    const removed = (this.#statement(`SELECT ${instanceColumns} FROM instances i ${conditions.sql}`).all(...conditions.parameters) as InstanceRow[]).map(
      locationOf,
    );
    this.#statement(`DELETE FROM instances AS i ${conditions.sql}`).run(...conditions.parameters);
    // Series and studies left without instances go too: a search must not find an empty study.
    this.#statement(
      'DELETE FROM series WHERE study_instance_uid = ? AND NOT EXISTS (SELECT 1 FROM instances i WHERE i.series_instance_uid = series.series_instance_uid)',
    ).run(target.studyInstanceUid);
    this.#statement(
      'DELETE FROM studies WHERE study_instance_uid = ? AND NOT EXISTS (SELECT 1 FROM series r WHERE r.study_instance_uid = studies.study_instance_uid)',
    ).run(target.studyInstanceUid);
    return removed;
  }

  async metadata(target: EntityTarget): Promise<string[] | undefined> {
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
    // Adds already promised are committed, not failed by the closing connection.
    if (this.#pendingAdds.length > 0) this.#commitPendingAdds();
    this.#db.close();
  }
}

/** The instance contradicts what is stored (e.g. a known series under another study). */
export class IndexConflictError extends Error {
  override name = 'IndexConflictError';
}
