// QIDO-RS (PS3.18 10.6): study, series and instance searches answering DICOM JSON, with the derived attributes.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setValues, type DicomJsonDataset } from '../../dicomweb/dicom-json.js';
import { tagOf, vrOf, type TagKeyword } from '../../dicom/tags.js';
import { acceptsDicomJson, parseAccept } from '../media-types.js';
import { notAcceptable } from '../http-error.js';
import { dictionaryVrOf } from '../dicom/dictionary.js';
import { tagOfKeyword } from '../dicom/query-levels.js';
import type { QueryLevel, SearchMatch } from '../store/instance-index.js';
import type { Store } from '../store/store.js';
import { defaultLimits, type ServerLimits } from '../limits.js';
import { maximumResults, parseQidoQuery, type ParsedQidoQuery } from './qido-query.js';
import { dicomwebBaseUrl, warningHeader } from './base-url.js';
import { dicomwebUrl } from '../../dicom/dicomweb-path.js';

/** Study attributes every study result carries (PS3.18 10.6.3, study level), with StudyDescription, which lists show. */
const studyReturnKeys: TagKeyword[] = [
  'SpecificCharacterSet',
  'StudyDate',
  'StudyTime',
  'AccessionNumber',
  'ReferringPhysicianName',
  'TimezoneOffsetFromUTC',
  'StudyDescription',
  'PatientName',
  'PatientID',
  'PatientBirthDate',
  'PatientSex',
  'StudyInstanceUID',
  'StudyID',
];
/** Series attributes every series result carries (PS3.18 10.6.3, series level). */
const seriesReturnKeys: TagKeyword[] = ['SpecificCharacterSet', 'Modality', 'TimezoneOffsetFromUTC', 'SeriesDescription', 'SeriesInstanceUID', 'SeriesNumber'];
/** Instance attributes every instance result carries (PS3.18 10.6.3, instance level). */
const instanceReturnKeys: TagKeyword[] = ['SpecificCharacterSet', 'SOPClassUID', 'SOPInstanceUID', 'TimezoneOffsetFromUTC', 'InstanceNumber', 'Rows', 'Columns', 'BitsAllocated', 'NumberOfFrames'];
/** Returned only when the instance has them: absent is the right answer for "not applicable". */
const onlyWhenPresent = new Set<TagKeyword>(['SpecificCharacterSet', 'TimezoneOffsetFromUTC']);

function copyAttributes(from: DicomJsonDataset, to: DicomJsonDataset, keywords: TagKeyword[]): void {
  for (const keyword of keywords) {
    const element = from[tagOf(keyword)];
    if (element) to[tagOf(keyword)] = element;
    else if (!onlyWhenPresent.has(keyword)) to[tagOf(keyword)] = { vr: vrOf(keyword) };
  }
}

function includeAttributes(fields: ParsedQidoQuery['includeFields'], result: DicomJsonDataset, ...levels: DicomJsonDataset[]): void {
  for (const attributes of levels) {
    for (const [tag, element] of Object.entries(attributes)) {
      if ((fields === 'all' || fields.has(tag)) && !(tag in result)) result[tag] = element;
    }
  }
}

/** Attributes in tag order, as a DICOM JSON reader scanning by eye expects. */
function sortedByTag(dataset: DicomJsonDataset): DicomJsonDataset {
  return Object.fromEntries(Object.entries(dataset).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const uidOf = (attributes: DicomJsonDataset | undefined, keyword: TagKeyword) => String(attributes?.[tagOf(keyword)]?.Value?.[0] ?? '');

function setByKeyword(result: DicomJsonDataset, keyword: string, values: unknown[]): void {
  const tag = tagOfKeyword(keyword)!;
  result[tag] = { vr: dictionaryVrOf(tag) ?? 'UN', ...(values.length > 0 && { Value: values }) };
}

/**
 * One search result. A search above the result's level (all series, all instances, or the instances of a study)
 * also answers the attributes of the levels above (PS3.18 10.6.3.3), so a client knows where each result is.
 */
function resultOf(match: SearchMatch, level: QueryLevel, scopedTo: QueryLevel | undefined, base: string, fields: ParsedQidoQuery['includeFields']): DicomJsonDataset {
  const result: DicomJsonDataset = {};
  const studyInstanceUid = uidOf(match.studyAttributes, 'StudyInstanceUID');
  const seriesInstanceUid = uidOf(match.seriesAttributes, 'SeriesInstanceUID');
  if (level === 'study' || scopedTo === undefined) copyAttributes(match.studyAttributes, result, studyReturnKeys);
  if (level === 'study') {
    setValues(result, 'ModalitiesInStudy', match.modalitiesInStudy ?? []);
    setValues(result, 'RetrieveURL', [dicomwebUrl(base, { studyInstanceUid })]);
    setValues(result, 'NumberOfStudyRelatedSeries', [match.numberOfStudyRelatedSeries ?? 0]);
    setValues(result, 'NumberOfStudyRelatedInstances', [match.numberOfRelatedInstances ?? 0]);
    if (fields === 'all' || fields.has(tagOfKeyword('SOPClassesInStudy')!)) setByKeyword(result, 'SOPClassesInStudy', match.sopClassesInStudy ?? []);
  }
  if (level === 'series' || (level === 'instance' && scopedTo !== 'series')) {
    copyAttributes(match.seriesAttributes ?? {}, result, seriesReturnKeys);
  }
  if (level === 'series') {
    setValues(result, 'RetrieveURL', [dicomwebUrl(base, { studyInstanceUid, seriesInstanceUid })]);
    setValues(result, 'NumberOfSeriesRelatedInstances', [match.numberOfRelatedInstances ?? 0]);
  }
  if (level === 'instance') {
    copyAttributes(match.instanceAttributes ?? {}, result, instanceReturnKeys);
    const sopInstanceUid = uidOf(match.instanceAttributes, 'SOPInstanceUID');
    setValues(result, 'RetrieveURL', [dicomwebUrl(base, { studyInstanceUid, seriesInstanceUid, sopInstanceUid })]);
  }
  setValues(result, 'InstanceAvailability', ['ONLINE']);
  // Scoped results name their parents' UIDs too: a client keys results by them.
  setValues(result, 'StudyInstanceUID', [studyInstanceUid]);
  if (level !== 'study') setValues(result, 'SeriesInstanceUID', [seriesInstanceUid]);
  includeAttributes(fields, result, match.instanceAttributes ?? {}, match.seriesAttributes ?? {}, match.studyAttributes);
  return sortedByTag(result);
}

/**
 * Sends search results. An empty result is 200 with `[]`, not the 204 PS3.18 also allows: every client parses
 * a JSON array, while 204 makes some (fetch().json(), older dicomweb-client paths) throw on an empty body.
 */
function sendResults(request: FastifyRequest, reply: FastifyReply, parsed: ParsedQidoQuery, results: DicomJsonDataset[]): string {
  const warnings = [...parsed.warnings];
  if (parsed.capped && results.length > maximumResults) {
    results.length = maximumResults;
    warnings.push('There are additional results that can be requested.');
  }
  if (warnings.length > 0) reply.header('Warning', warnings.map((warning) => warningHeader(request, warning)));
  reply.type(prefersPlainJson(request.headers.accept) ? 'application/json' : 'application/dicom+json');
  return JSON.stringify(results);
}

/** Plain application/json only for a client that asked for it and not for DICOM JSON or anything. */
function prefersPlainJson(accept: string | undefined): boolean {
  const mediaTypes = parseAccept(accept).map(({ mediaType }) => mediaType);
  return mediaTypes.includes('application/json') && !mediaTypes.some((type) => ['application/dicom+json', '*/*', 'application/*'].includes(type));
}

function checkAccept(request: FastifyRequest): void {
  if (!acceptsDicomJson(request.headers.accept)) {
    throw notAcceptable(`search results are available as application/dicom+json only; Accept was "${request.headers.accept}"`);
  }
}

type Query = Record<string, string | string[] | undefined>;

export async function qidoRoutes(app: FastifyInstance, options: { store: Store; limits?: Pick<ServerLimits, 'maxQueryValues'> }): Promise<void> {
  const { store } = options;
  const maxQueryValues = options.limits?.maxQueryValues ?? defaultLimits.maxQueryValues;

  async function search(
    request: FastifyRequest<{ Querystring: Query }>,
    reply: FastifyReply,
    level: QueryLevel,
    scope: { studyInstanceUid?: string; seriesInstanceUid?: string },
  ): Promise<string> {
    checkAccept(request);
    const parsed = parseQidoQuery(request.query, level, { ...scope, visibleStudies: request.visibleStudies }, maxQueryValues);
    const matches = await store.search({ ...parsed.query, limit: parsed.query.limit + (parsed.capped ? 1 : 0) });
    const base = dicomwebBaseUrl(request);
    const scopedTo = scope.seriesInstanceUid !== undefined ? 'series' : scope.studyInstanceUid !== undefined ? 'study' : undefined;
    return sendResults(request, reply, parsed, matches.map((match) => resultOf(match, level, scopedTo, base, parsed.includeFields)));
  }

  // An unknown study or series in the URL simply matches nothing: a search is not a retrieve, so 200 [] rather than 404.

  // GET /dicom-web/studies
  app.get<{ Querystring: Query }>('/studies', (request, reply) => search(request, reply, 'study', {}));

  // GET /dicom-web/series
  app.get<{ Querystring: Query }>('/series', (request, reply) => search(request, reply, 'series', {}));

  // GET /dicom-web/instances
  app.get<{ Querystring: Query }>('/instances', (request, reply) => search(request, reply, 'instance', {}));

  // GET /dicom-web/studies/{StudyInstanceUID}/series
  app.get<{ Querystring: Query; Params: { study: string } }>('/studies/:study/series', (request, reply) =>
    search(request, reply, 'series', { studyInstanceUid: request.params.study }),
  );

  // GET /dicom-web/studies/{StudyInstanceUID}/instances
  app.get<{ Querystring: Query; Params: { study: string } }>('/studies/:study/instances', (request, reply) =>
    search(request, reply, 'instance', { studyInstanceUid: request.params.study }),
  );

  // GET /dicom-web/studies/{StudyInstanceUID}/series/{SeriesInstanceUID}/instances
  app.get<{ Querystring: Query; Params: { study: string; series: string } }>('/studies/:study/series/:series/instances', (request, reply) =>
    search(request, reply, 'instance', { studyInstanceUid: request.params.study, seriesInstanceUid: request.params.series }),
  );
}
