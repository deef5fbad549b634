import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maximumResults, parseQidoQuery } from '../../src/server/routes/qido-query.js';

/** The 400 reason a query is refused with. */
function refusal(raw: Record<string, string | string[]>, level: 'study' | 'series' | 'instance' = 'study'): string {
  try {
    parseQidoQuery(raw, level);
  } catch (error) {
    assert.equal((error as { statusCode?: number }).statusCode, 400);
    return (error as Error).message;
  }
  assert.fail(`${JSON.stringify(raw)} was not refused`);
}

test('no parameters: every study, the maximum page, nothing included beyond the defaults', () => {
  const parsed = parseQidoQuery({}, 'study');
  assert.deepEqual(parsed.query, { level: 'study', conditions: [], limit: maximumResults, offset: 0 });
  assert.deepEqual(parsed.includeFields, new Set());
  assert.equal(parsed.capped, true);
});

test('the URL scope becomes UID conditions', () => {
  const { query } = parseQidoQuery({}, 'instance', { studyInstanceUid: '1.2.3', seriesInstanceUid: '1.2.3.4' });
  assert.deepEqual(query.conditions, [
    { level: 'study', tag: '0020000D', vr: 'UI', match: { kind: 'uids', values: ['1.2.3'] } },
    { level: 'series', tag: '0020000E', vr: 'UI', match: { kind: 'uids', values: ['1.2.3.4'] } },
  ]);
});

test('keywords and tags name the same attribute; person names match case-insensitively', () => {
  const byKeyword = parseQidoQuery({ PatientName: 'Doe*' }, 'study').query.conditions;
  const byTag = parseQidoQuery({ '00100010': 'Doe*' }, 'study').query.conditions;
  assert.deepEqual(byKeyword, byTag);
  assert.deepEqual(byKeyword[0]!.match, { kind: 'single', values: ['Doe*'], caseInsensitive: true });
});

test('list matching for UIDs and codes, by comma or backslash; a numeric list for numbers', () => {
  const [uids] = parseQidoQuery({ StudyInstanceUID: '1.2.3,1.2.4\\1.2.5' }, 'study').query.conditions;
  assert.deepEqual(uids!.match, { kind: 'uids', values: ['1.2.3', '1.2.4', '1.2.5'] });
  const [modality] = parseQidoQuery({ Modality: 'CT,MR' }, 'series').query.conditions;
  assert.deepEqual(modality!.match, { kind: 'single', values: ['CT', 'MR'], caseInsensitive: false });
  const [number] = parseQidoQuery({ SeriesNumber: '1, 2' }, 'series').query.conditions;
  assert.deepEqual(number!.match, { kind: 'numbers', values: [1, 2] });
  assert.match(refusal({ SeriesNumber: 'one' }, 'series'), /must be a number/);
  assert.match(refusal({ StudyInstanceUID: '1.2.03' }), /invalid UID/);
});

test('date and time ranges, open at either end, and impossible ones refused', () => {
  const range = (raw: Record<string, string>) => parseQidoQuery(raw, 'study').query.conditions[0]!.match;
  assert.deepEqual(range({ StudyDate: '20260101-20260131' }), { kind: 'range', from: '20260101', to: '20260131' });
  assert.deepEqual(range({ StudyDate: '-20260131' }), { kind: 'range', to: '20260131' });
  assert.deepEqual(range({ StudyDate: '20260101-' }), { kind: 'range', from: '20260101' });
  assert.deepEqual(range({ StudyDate: '20260115' }), { kind: 'range', from: '20260115', to: '20260115' });
  assert.deepEqual(range({ StudyTime: '0800-1230' }), { kind: 'range', from: '0800', to: '1230' });
  assert.match(refusal({ StudyDate: '20260230' }), /impossible date/);
  assert.match(refusal({ StudyDate: '20260131-20260101' }), /starts after it ends/);
  assert.match(refusal({ StudyDate: '-' }), /must be a DA value/);
  assert.match(refusal({ StudyTime: '2500' }), /must be a TM value/);
});

test('an empty value is universal matching: no condition', () => {
  assert.deepEqual(parseQidoQuery({ PatientName: '', StudyDate: '' }, 'study').query.conditions, []);
});

test('ModalitiesInStudy matches any series of the study, and only in study searches', () => {
  const [condition] = parseQidoQuery({ ModalitiesInStudy: 'CT' }, 'study').query.conditions;
  assert.deepEqual(condition, { level: 'series', tag: '00080060', vr: 'CS', match: { kind: 'single', values: ['CT'], caseInsensitive: false }, anyOfStudy: true });
  assert.match(refusal({ ModalitiesInStudy: 'CT' }, 'series'), /study searches only/);
});

test('what the server cannot honour is refused with its reason, never ignored', () => {
  assert.match(refusal({ NoSuchKeyword: 'x' }), /unknown query parameter "NoSuchKeyword"/);
  assert.match(refusal({ NumberOfStudyRelatedSeries: '3' }), /derived count/);
  assert.match(refusal({ SOPInstanceUID: '1.2.3' }), /instance-level attribute and cannot be matched in a study search/);
  assert.match(refusal({ 'ReferencedSeriesSequence.SeriesInstanceUID': '1.2' }), /inside sequences/);
  assert.match(refusal({ PixelData: 'x' }, 'instance'), /VR O[BW]/);
  assert.match(refusal({ PatientName: ['a', 'b'] }), /given 2 times/);
  assert.match(refusal({ fuzzymatching: 'yes' }), /true or false/);
});

test('limit, offset and includefield; a limit above the maximum is capped and says so', () => {
  const small = parseQidoQuery({ limit: '10', offset: '20', includefield: ['StudyDescription,00100030', 'Modality'] }, 'study');
  assert.equal(small.query.limit, 10);
  assert.equal(small.query.offset, 20);
  assert.equal(small.capped, false);
  assert.deepEqual(small.includeFields, new Set(['00081030', '00100030', '00080060']));
  const large = parseQidoQuery({ limit: String(maximumResults + 1) }, 'study');
  assert.deepEqual([large.query.limit, large.capped], [maximumResults, true]);
  assert.equal(parseQidoQuery({ includefield: 'all' }, 'study').includeFields, 'all');
  assert.match(refusal({ limit: '-1' }), /non-negative integer/);
  assert.match(refusal({ includefield: 'NoSuchKeyword' }), /unknown attribute/);
});

test('fuzzy matching asked for is not done, and the answer says so', () => {
  assert.deepEqual(parseQidoQuery({ fuzzymatching: 'true' }, 'study').warnings, ['The fuzzymatching parameter is not supported. Only literal matching has been performed.']);
  assert.deepEqual(parseQidoQuery({ fuzzymatching: 'false' }, 'study').warnings, []);
});

test('a derived attribute given by tag is refused or matched as by keyword', () => {
  assert.match(refusal({ '00201200': '3' }, 'instance'), /derived count/);
  assert.match(refusal({ '00201200': '3' }, 'study'), /derived count/);
  assert.match(refusal({ '00080062': '1.2.840.10008.5.1.4.1.1.2' }, 'instance'), /study searches only/);
});
