import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  dateForDisplay,
  dateFromIso,
  dateTimeForDisplay,
  daValueDaysBefore,
  daValueOf,
  isoDateOf,
  timeForDisplay,
} from '../../src/dicom/date-time.js';

test('a DA value shows in ISO order; anything else shows as it is', () => {
  assert.equal(dateForDisplay('20260115'), '2026-01-15');
  assert.equal(dateForDisplay('20260115 '), '2026-01-15');
  assert.equal(dateForDisplay('2026-1-15'), '2026-1-15');
  assert.equal(dateForDisplay('20260101-20260131'), '20260101-20260131');
  assert.equal(dateForDisplay(undefined), '');
});

test('a date input gets an ISO date or nothing', () => {
  assert.equal(isoDateOf('20251203'), '2025-12-03');
  assert.equal(isoDateOf(''), undefined);
  assert.equal(isoDateOf('2025120'), undefined);
  assert.equal(dateFromIso('2025-12-03'), '20251203');
  assert.equal(dateFromIso(''), '');
});

test('a TM value shows hours, minutes and seconds without fractions', () => {
  assert.equal(timeForDisplay('143005.123456'), '14:30:05');
  assert.equal(timeForDisplay('143005'), '14:30:05');
  assert.equal(timeForDisplay('1430'), '14:30');
  assert.equal(timeForDisplay('14'), '14:00');
  assert.equal(timeForDisplay('14:30:05 '), '14:30:05');
  assert.equal(timeForDisplay('noon'), 'noon');
  assert.equal(timeForDisplay(undefined), '');
});

test('a DT value shows as much as it holds, with its UTC offset', () => {
  assert.equal(dateTimeForDisplay('20260115143005.5+0100'), '2026-01-15 14:30:05 +0100');
  assert.equal(dateTimeForDisplay('202601151430'), '2026-01-15 14:30');
  assert.equal(dateTimeForDisplay('20260115'), '2026-01-15');
  assert.equal(dateTimeForDisplay('2026'), '2026');
  assert.equal(dateTimeForDisplay('yesterday'), 'yesterday');
});

test('DA values of local days, counted back across month and year ends', () => {
  assert.equal(daValueOf(new Date(2026, 0, 5)), '20260105');
  const today = new Date(2026, 0, 15, 23, 59);
  assert.equal(daValueDaysBefore(today, 0), '20260115');
  assert.equal(daValueDaysBefore(today, 29), '20251217');
  assert.equal(daValueDaysBefore(new Date(2024, 2, 1), 1), '20240229');
});
