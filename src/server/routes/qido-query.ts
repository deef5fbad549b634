// Reading QIDO-RS query parameters (PS3.18 8.3.4) into a search at one level, refusing what this server cannot
// honour with a reason: a silently ignored key would return wrong matches.
import { keywordOf, tagOf, vrOf } from '../../dicom/tags.js';
import { dictionaryKeywordOf, dictionaryVrOf } from '../dicom/dictionary.js';
import { isValidUid } from '../dicom/parse-instance.js';
import { levelOfTag, tagOfKeyword } from '../dicom/query-levels.js';
import { badRequest } from '../http-error.js';
import type { AttributeCondition, QueryLevel, SearchQuery, ValueMatch } from '../store/instance-index.js';
import { defaultLimits } from '../limits.js';

/** The most results one response holds; more are reached with `offset` (an origin server may cap a response and say so in a Warning). */
export const maximumResults = 1000;

export interface ParsedQidoQuery {
  query: SearchQuery;
  /** Tags (eight hex digits) asked for with `includefield`, or 'all'. */
  includeFields: Set<string> | 'all';
  /** Warning header texts (e.g. fuzzy matching asked for but not done). */
  warnings: string[];
  /** True when `limit` asked for more than `maximumResults` or gave none: the caller tells if results were cut. */
  capped: boolean;
}

type RawQuery = Record<string, string | string[] | undefined>;

const depth: Record<QueryLevel, number> = { study: 0, series: 1, instance: 2 };
const numericVrs = new Set(['IS', 'DS', 'US', 'SS', 'UL', 'SL', 'FL', 'FD', 'UV', 'SV']);
const unmatchableVrs = new Set(['SQ', 'OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);
/** VRs whose values never contain a comma, so a comma can separate alternatives (list matching). */
const listVrs = new Set(['CS', 'UI', 'AE', 'DA', 'TM', 'DT', 'AS']);
/** Derived study attributes that match "some entity of the study" (PS3.18 10.6.1.2.2 lists them as matching keys). */
const derivedMatchingKeys: Record<string, { level: QueryLevel; keyword: string }> = {
  ModalitiesInStudy: { level: 'series', keyword: 'Modality' },
  SOPClassesInStudy: { level: 'instance', keyword: 'SOPClassUID' },
};
/** Derived attributes that are counts: returned, never matched on. */
const countKeys = new Set([
  'NumberOfStudyRelatedSeries',
  'NumberOfStudyRelatedInstances',
  'NumberOfSeriesRelatedInstances',
  'NumberOfPatientRelatedStudies',
  'NumberOfPatientRelatedSeries',
  'NumberOfPatientRelatedInstances',
]);

function single(name: string, value: string | string[] | undefined): string | undefined {
  if (Array.isArray(value)) {
    if (value.length > 1) throw badRequest(`query parameter ${name} is given ${value.length} times; give it once`);
    return value[0];
  }
  return value;
}

/** Multiple values: QIDO-RS separates them with commas; PS3.4's backslash is accepted too. */
function listOf(value: string): string[] {
  return value.split(/[,\\]/).map((item) => item.trim());
}

function isCalendarDate(value: string): boolean {
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(4, 6));
  const day = Number(value.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const rangeValuePatterns: Record<string, RegExp> = {
  DA: /^\d{8}$/,
  TM: /^\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?$/,
  DT: /^\d{4}(\d{2}(\d{2}(\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?)?)?)?([+-]\d{4})?$/,
};
const rangeFormats: Record<string, string> = { DA: 'YYYYMMDD', TM: 'HH[MM[SS[.FFFFFF]]]', DT: 'YYYY[MM[DD[HH[MM[SS[.FFFFFF]]]]]]' };

/** PS3.4 C.2.2.2.5 range matching on DA, TM and DT: `a`, `a-b`, `-b`, `a-`. A single value matches itself (and, being a prefix, its finer values). */
function rangeOf(name: string, vr: string, value: string): ValueMatch {
  const pattern = rangeValuePatterns[vr]!;
  const trimmed = value.trim();
  const dash = vr === 'DT' ? trimmed.search(/-(?=\d{4,}|$)/) : trimmed.indexOf('-');
  const [from, to] = dash < 0 ? [trimmed, trimmed] : [trimmed.slice(0, dash), trimmed.slice(dash + 1)];
  const bad = () => badRequest(`${name} must be a ${vr} value ${rangeFormats[vr]} or a range a-b, -b or a-; got "${value}"`);
  if (!from && !to) throw bad();
  for (const end of [from, to]) {
    if (end && !pattern.test(end)) throw bad();
    if (end && vr === 'DA' && !isCalendarDate(end)) throw badRequest(`${name} has an impossible date: ${end}`);
    if (end && vr === 'TM' && (Number(end.slice(0, 2)) > 23 || Number(end.slice(2, 4) || 0) > 59 || Number(end.slice(4, 6) || 0) > 60)) throw bad();
  }
  if (from && to && from > to.padEnd(from.length, '9')) throw badRequest(`${name} range starts after it ends: "${value}"`);
  return { kind: 'range', ...(from && { from }), ...(to && { to }) };
}

function nonNegativeInteger(name: string, value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw badRequest(`${name} must be a non-negative integer; got "${value}"`);
  return Number(value);
}

function includeFieldsOf(values: string[]): Set<string> | 'all' {
  const tags = new Set<string>();
  for (const value of values.flatMap((entry) => entry.split(','))) {
    const field = value.trim();
    if (field === 'all') return 'all';
    const tag = /^[0-9A-Fa-f]{8}$/.test(field) ? field.toUpperCase() : tagOfKeyword(field);
    if (!tag) throw badRequest(`includefield names an unknown attribute: "${field}"`);
    tags.add(tag);
  }
  return tags;
}

/** The values of a list-matching key, refused with 400 when there are more than `maxValues`. */
function limitedListOf(name: string, value: string, maxValues: number): string[] {
  const values = listOf(value);
  if (values.length > maxValues) {
    throw badRequest(`${name} lists ${values.length} values; this server matches at most ${maxValues} values a key (the limit max-query-values): split the search`);
  }
  return values;
}

/** The condition for one matching key at a search level, or undefined for universal matching. */
function conditionOf(name: string, value: string, level: QueryLevel, maxValues: number): AttributeCondition | undefined {
  if (name.includes('.')) {
    throw badRequest(`matching on attributes inside sequences ("${name}") is not supported by this server`);
  }
  const isTag = /^[0-9A-Fa-f]{8}$/.test(name);
  // A tag is judged by its keyword, so a derived attribute given by tag is refused or matched exactly as by keyword.
  const keyword = isTag ? (keywordOf(name) ?? dictionaryKeywordOf(name) ?? name.toUpperCase()) : name;
  const derived = derivedMatchingKeys[keyword];
  let tag = isTag ? name.toUpperCase() : tagOfKeyword(name);
  if (derived) tag = tagOfKeyword(derived.keyword);
  if (!tag) throw badRequest(`unknown query parameter "${name}": neither a QIDO-RS parameter nor a DICOM keyword or tag`);
  if (countKeys.has(keyword)) throw badRequest(`${keyword} is a derived count: it is returned, never matched on`);
  const vr = dictionaryVrOf(tag);
  if (!vr) throw badRequest(`cannot match on ${name}: its VR is unknown (private or retired attribute)`);
  if (unmatchableVrs.has(vr)) throw badRequest(`cannot match on ${name}: attributes of VR ${vr} have no matching in QIDO-RS`);
  const attributeLevel = derived ? derived.level : levelOfTag(tag);
  if (!derived && depth[attributeLevel] > depth[level]) {
    throw badRequest(`${name} is a ${attributeLevel}-level attribute and cannot be matched in a ${level} search`);
  }
  if (derived && level !== 'study') {
    throw badRequest(`${keyword} is a matching key of study searches only`);
  }
  // PS3.4 C.2.2.2.1: a zero-length value is universal matching.
  if (value === '') return undefined;
  let match: ValueMatch;
  if (vr === 'UI') {
    const uids = limitedListOf(name, value, maxValues);
    for (const uid of uids) if (!isValidUid(uid)) throw badRequest(`${name} has an invalid UID: "${uid}"`);
    match = { kind: 'uids', values: uids };
  } else if (vr === 'DA' || vr === 'TM' || vr === 'DT') {
    match = rangeOf(name, vr, value);
  } else if (numericVrs.has(vr)) {
    const numbers = limitedListOf(name, value, maxValues).map(Number);
    if (numbers.some((number) => !Number.isFinite(number))) throw badRequest(`${name} must be a number or a comma-separated list of numbers; got "${value}"`);
    match = { kind: 'numbers', values: numbers };
  } else {
    // Person names match case-insensitively, as the issue and most archives do (PS3.4 C.2.2.2.1 leaves it open).
    match = { kind: 'single', values: listVrs.has(vr) ? limitedListOf(name, value, maxValues) : [value], caseInsensitive: vr === 'PN' };
  }
  return { level: attributeLevel, tag, vr, match, ...(derived && { anyOfStudy: true }) };
}

/** What a search is limited to besides its query: the UIDs of the URL, and the studies the requester may see. */
export interface QidoScope {
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
  /** Only these studies match (a token limited to some patients or studies); undefined: every study. */
  visibleStudies?: ReadonlySet<string>;
}

/**
 * Parses the query string of a search at `level`; `scope` holds the UIDs of the URL (`/studies/{s}/series`).
 * Throws a 400 HttpError with the reason.
 */
export function parseQidoQuery(raw: RawQuery, level: QueryLevel, scope: QidoScope = {}, maxQueryValues = defaultLimits.maxQueryValues): ParsedQidoQuery {
  const query: SearchQuery = { level, conditions: [], limit: maximumResults, offset: 0 };
  let includeFields: Set<string> | 'all' = new Set();
  const warnings: string[] = [];
  let capped = true;
  if (scope.studyInstanceUid !== undefined) {
    query.conditions.push({ level: 'study', tag: tagOf('StudyInstanceUID'), vr: vrOf('StudyInstanceUID'), match: { kind: 'uids', values: [scope.studyInstanceUid] } });
  }
  if (scope.seriesInstanceUid !== undefined) {
    query.conditions.push({ level: 'series', tag: tagOf('SeriesInstanceUID'), vr: vrOf('SeriesInstanceUID'), match: { kind: 'uids', values: [scope.seriesInstanceUid] } });
  }
  if (scope.visibleStudies !== undefined) {
    query.conditions.push({ level: 'study', tag: tagOf('StudyInstanceUID'), vr: vrOf('StudyInstanceUID'), match: { kind: 'uids', values: [...scope.visibleStudies] } });
  }
  for (const [name, rawValue] of Object.entries(raw)) {
    if (rawValue === undefined) continue;
    if (name === 'includefield') {
      includeFields = includeFieldsOf(Array.isArray(rawValue) ? rawValue : [rawValue]);
      continue;
    }
    const value = single(name, rawValue) ?? '';
    switch (name) {
      case 'limit': {
        const limit = nonNegativeInteger(name, value);
        capped = limit > maximumResults;
        query.limit = Math.min(limit, maximumResults);
        continue;
      }
      case 'offset':
        query.offset = nonNegativeInteger(name, value);
        continue;
      case 'fuzzymatching':
        if (value !== 'true' && value !== 'false') throw badRequest(`fuzzymatching must be true or false; got "${value}"`);
        if (value === 'true') warnings.push('The fuzzymatching parameter is not supported. Only literal matching has been performed.');
        continue;
    }
    const condition = conditionOf(name, value, level, maxQueryValues);
    if (condition) query.conditions.push(condition);
  }
  return { query, includeFields, warnings, capped };
}
