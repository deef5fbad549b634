// QIDO-RS (PS3.18 10.6): study and series searches answering DICOM JSON.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setValues, type DicomJsonDataset } from '../../dicomweb/dicom-json.js';
import { tagOf, vrOf, type TagKeyword } from '../../dicomweb/tags.js';
import { acceptsDicomJson, parseAccept } from '../media-types.js';
import { notAcceptable } from '../http-error.js';
import type { SeriesMatch, StudyMatch } from '../store/instance-index.js';
import type { Store } from '../store/store.js';
import { maximumResults, parseQidoQuery, type ParsedQidoQuery } from './qido-query.js';
import { dicomwebBaseUrl, warningHeader } from './base-url.js';

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

function studyResult(match: StudyMatch, base: string, fields: ParsedQidoQuery['includeFields']): DicomJsonDataset {
  const result: DicomJsonDataset = {};
  copyAttributes(match.studyAttributes, result, studyReturnKeys);
  const studyInstanceUid = String(match.studyAttributes[tagOf('StudyInstanceUID')]?.Value?.[0] ?? '');
  setValues(result, 'ModalitiesInStudy', match.modalities);
  setValues(result, 'InstanceAvailability', ['ONLINE']);
  setValues(result, 'RetrieveURL', [`${base}/studies/${studyInstanceUid}`]);
  setValues(result, 'NumberOfStudyRelatedSeries', [match.numberOfSeries]);
  setValues(result, 'NumberOfStudyRelatedInstances', [match.numberOfInstances]);
  includeAttributes(fields, result, match.studyAttributes);
  return sortedByTag(result);
}

function seriesResult(match: SeriesMatch, base: string, fields: ParsedQidoQuery['includeFields'], withStudy: boolean): DicomJsonDataset {
  const result: DicomJsonDataset = {};
  // A search across all studies answers which study each series is in (PS3.18 10.6.3).
  if (withStudy) copyAttributes(match.studyAttributes, result, studyReturnKeys);
  copyAttributes(match.seriesAttributes, result, seriesReturnKeys);
  const studyInstanceUid = String(match.studyAttributes[tagOf('StudyInstanceUID')]?.Value?.[0] ?? '');
  const seriesInstanceUid = String(match.seriesAttributes[tagOf('SeriesInstanceUID')]?.Value?.[0] ?? '');
  setValues(result, 'RetrieveURL', [`${base}/studies/${studyInstanceUid}/series/${seriesInstanceUid}`]);
  setValues(result, 'NumberOfSeriesRelatedInstances', [match.numberOfInstances]);
  if (!withStudy) setValues(result, 'StudyInstanceUID', [studyInstanceUid]);
  includeAttributes(fields, result, match.seriesAttributes, match.studyAttributes);
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
  for (const warning of warnings) reply.header('Warning', warningHeader(request, warning));
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

export async function qidoRoutes(app: FastifyInstance, options: { store: Store }): Promise<void> {
  const { store } = options;

  // GET /dicom-web/studies
  app.get<{ Querystring: Query }>('/studies', async (request, reply) => {
    checkAccept(request);
    const parsed = parseQidoQuery(request.query, 'study');
    const matches = await store.searchForStudies({ ...parsed.query, limit: parsed.query.limit + (parsed.capped ? 1 : 0) });
    const base = dicomwebBaseUrl(request);
    return sendResults(request, reply, parsed, matches.map((match) => studyResult(match, base, parsed.includeFields)));
  });

  // GET /dicom-web/studies/{StudyInstanceUID}/series
  app.get<{ Querystring: Query; Params: { study: string } }>('/studies/:study/series', async (request, reply) => {
    checkAccept(request);
    const parsed = parseQidoQuery(request.query, 'series');
    const { study } = request.params;
    // An unknown study simply matches nothing: a search is not a retrieve, so 200 [] rather than 404.
    if (parsed.query.studyInstanceUids && !parsed.query.studyInstanceUids.includes(study)) {
      return sendResults(request, reply, parsed, []);
    }
    const matches = await store.searchForSeries({
      ...parsed.query,
      studyInstanceUids: [study],
      limit: parsed.query.limit + (parsed.capped ? 1 : 0),
    });
    const base = dicomwebBaseUrl(request);
    return sendResults(request, reply, parsed, matches.map((match) => seriesResult(match, base, parsed.includeFields, false)));
  });

  // GET /dicom-web/series
  app.get<{ Querystring: Query }>('/series', async (request, reply) => {
    checkAccept(request);
    const parsed = parseQidoQuery(request.query, 'series');
    const matches = await store.searchForSeries({ ...parsed.query, limit: parsed.query.limit + (parsed.capped ? 1 : 0) });
    const base = dicomwebBaseUrl(request);
    return sendResults(request, reply, parsed, matches.map((match) => seriesResult(match, base, parsed.includeFields, true)));
  });
}
