// Reading QIDO-RS query parameters (PS3.18 8.3.4) into a typed study/series query, refusing what this server
// cannot honour with a reason: a silently ignored key would return wrong matches.
import { keywordOf } from '../../dicomweb/tags.js';
import { isValidUid } from '../dicom/parse-instance.js';
import { tagOfKeyword } from '../dicom/query-levels.js';
import { badRequest } from '../http-error.js';
import type { DateRange, SeriesQuery } from '../store/instance-index.js';

/** The most results one response holds; more are reached with `offset` (an origin server may cap a response and say so in a Warning). */
export const maximumResults = 1000;

const studyMatchingKeys = ['PatientName', 'PatientID', 'StudyInstanceUID', 'StudyDate', 'AccessionNumber', 'ModalitiesInStudy'] as const;
const seriesMatchingKeys = ['Modality', 'SeriesInstanceUID'] as const;
type MatchingKey = (typeof studyMatchingKeys)[number] | (typeof seriesMatchingKeys)[number];

export interface ParsedQidoQuery {
  query: SeriesQuery;
  /** Tags (eight hex digits) asked for with `includefield`, or 'all'. */
  includeFields: Set<string> | 'all';
  /** Warning header texts (e.g. fuzzy matching asked for but not done). */
  warnings: string[];
  /** True when `limit` asked for more than `maximumResults` or gave none: the caller tells if results were cut. */
  capped: boolean;
}

type RawQuery = Record<string, string | string[] | undefined>;

function single(name: string, value: string | string[] | undefined): string | undefined {
  if (Array.isArray(value)) {
    if (value.length > 1) throw badRequest(`query parameter ${name} is given ${value.length} times; give it once`);
    return value[0];
  }
  return value;
}

/** A key given as keyword or as tag (`PatientName` or `00100010`), as QIDO-RS allows. */
function matchingKeyOf(name: string, level: 'study' | 'series'): MatchingKey | undefined {
  const keyword = /^[0-9A-Fa-f]{8}$/.test(name) ? keywordOf(name) : name;
  const keys: readonly string[] = level === 'study' ? studyMatchingKeys : [...studyMatchingKeys, ...seriesMatchingKeys];
  return keyword && keys.includes(keyword) ? (keyword as MatchingKey) : undefined;
}

/** Multiple values: QIDO-RS separates them with commas; PS3.4's backslash is accepted too. */
function listOf(value: string): string[] {
  return value.split(/[,\\]/).map((item) => item.trim());
}

function uidList(name: string, value: string): string[] {
  const uids = listOf(value);
  for (const uid of uids) if (!isValidUid(uid)) throw badRequest(`${name} has an invalid UID: "${uid}"`);
  return uids;
}

function isCalendarDate(value: string): boolean {
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(4, 6));
  const day = Number(value.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** PS3.4 C.2.2.2.5 range matching on DA: `a`, `a-b`, `-b`, `a-`, dates as YYYYMMDD. */
function dateRange(name: string, value: string): DateRange {
  const match = /^(\d{8})?(-)?(\d{8})?$/.exec(value.trim());
  if (!match || (!match[1] && !match[3]) || (!match[2] && match[3])) {
    throw badRequest(`${name} must be a date YYYYMMDD or a range YYYYMMDD-YYYYMMDD, -YYYYMMDD or YYYYMMDD-; got "${value}"`);
  }
  const [, from, dash, to] = match;
  for (const date of [from, to]) if (date && !isCalendarDate(date)) throw badRequest(`${name} has an impossible date: ${date}`);
  if (from && to && from > to) throw badRequest(`${name} range starts after it ends: "${value}"`);
  return dash ? { ...(from && { from }), ...(to && { to }) } : { from: from!, to: from! };
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

/** Parses the query string of a study or series search; throws a 400 DicomwebError with the reason. */
export function parseQidoQuery(raw: RawQuery, level: 'study' | 'series'): ParsedQidoQuery {
  const query: SeriesQuery = { limit: maximumResults, offset: 0 };
  let includeFields: Set<string> | 'all' = new Set();
  const warnings: string[] = [];
  let capped = true;
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
    const key = matchingKeyOf(name, level);
    if (!key) {
      const known = tagOfKeyword(name) ?? (/^[0-9A-Fa-f]{8}$/.test(name) ? name : undefined);
      throw badRequest(
        known
          ? `matching on ${name} is not supported by this server; it matches on ${[...studyMatchingKeys, ...(level === 'series' ? seriesMatchingKeys : [])].join(', ')}`
          : `unknown query parameter "${name}"`,
      );
    }
    // PS3.4 C.2.2.2.1: a zero-length value is universal matching.
    if (value === '') continue;
    switch (key) {
      case 'PatientName':
        query.patientName = value;
        break;
      case 'PatientID':
        query.patientId = value;
        break;
      case 'AccessionNumber':
        query.accessionNumber = value;
        break;
      case 'StudyInstanceUID':
        query.studyInstanceUids = uidList(key, value);
        break;
      case 'SeriesInstanceUID':
        query.seriesInstanceUids = uidList(key, value);
        break;
      case 'StudyDate':
        query.studyDate = dateRange(key, value);
        break;
      case 'ModalitiesInStudy':
        query.modalitiesInStudy = listOf(value);
        break;
      case 'Modality':
        query.modality = listOf(value);
        break;
    }
  }
  return { query, includeFields, warnings, capped };
}
