import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dateRange, studyListFields, studyQuery } from '../../src/dicomweb/study-query.js';

const page = { limit: 26, offset: 25 };

test('date ranges of PS3.4 C.2.2.2.5: closed, open at either end, or one day', () => {
  assert.equal(dateRange('20260101', '20260131'), '20260101-20260131');
  assert.equal(dateRange('20260101', undefined), '20260101-');
  assert.equal(dateRange(undefined, '20260131'), '-20260131');
  assert.equal(dateRange('20260115', '20260115'), '20260115');
  assert.equal(dateRange(undefined, undefined), undefined);
  assert.equal(dateRange('', ''), undefined);
});

test('empty filters ask only for paging and the list’s extra fields', () => {
  const query = studyQuery({}, page);
  assert.deepEqual(
    Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined)),
    { includefield: [...studyListFields], limit: 26, offset: 25 },
  );
});

test('a bare name matches as a prefix; a name with wildcards as written', () => {
  assert.equal(studyQuery({ patientName: 'Doe' }, page).PatientName, 'Doe*');
  assert.equal(studyQuery({ patientName: ' Doe^J ' }, page).PatientName, 'Doe^J*');
  assert.equal(studyQuery({ patientName: '*oe' }, page).PatientName, '*oe');
  assert.equal(studyQuery({ patientName: 'D?e' }, page).PatientName, 'D?e');
  assert.equal(studyQuery({ patientName: '   ' }, page).PatientName, undefined);
});

test('a description matches anywhere unless it has wildcards', () => {
  assert.equal(studyQuery({ studyDescription: 'chest' }, page).StudyDescription, '*chest*');
  assert.equal(studyQuery({ studyDescription: 'CT*' }, page).StudyDescription, 'CT*');
});

test('IDs, modality and accession pass trimmed and exact; dates become a range', () => {
  const query = studyQuery(
    { patientId: ' LB-0001 ', modality: 'CT', accessionNumber: 'A1', studyDateFrom: '20251201', studyDateTo: ' 20251231 ' },
    page,
  );
  assert.equal(query.PatientID, 'LB-0001');
  assert.equal(query.ModalitiesInStudy, 'CT');
  assert.equal(query.AccessionNumber, 'A1');
  assert.equal(query.StudyDate, '20251201-20251231');
});
