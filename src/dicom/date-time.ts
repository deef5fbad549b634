// Dates and times (VR DA, TM, DT; PS3.5 6.2) shown in ISO order, unambiguous in every locale, and DA values made
// from what date inputs and clocks give.

const da = /^(\d{4})(\d{2})(\d{2})$/;
const tm = /^(\d{2})(\d{2})?(\d{2})?(\.\d{1,6})?$/;

/** A DA value `YYYYMMDD` as ISO `YYYY-MM-DD`, or undefined when it is not one (as a date input needs). */
export function isoDateOf(value: string | undefined): string | undefined {
  const match = value === undefined ? null : da.exec(value.trim());
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}

/** A DA value as ISO `YYYY-MM-DD`; anything else (a range, a malformed value) as it is, trimmed. */
export function dateForDisplay(value: string | undefined): string {
  if (!value) return '';
  return isoDateOf(value) ?? value.trim();
}

/**
 * A TM value `HH[MM[SS[.F…]]]` as `HH:MM[:SS]`: fractions of a second are not shown; the ACR-NEMA form with colons
 * (`HH:MM:SS`, still met in old files) reads the same. Anything else as it is, trimmed.
 */
export function timeForDisplay(value: string | undefined): string {
  if (!value) return '';
  const trimmed = value.trim();
  const match = tm.exec(trimmed.replaceAll(':', ''));
  if (!match) return trimmed;
  const [, hours, minutes = '00', seconds] = match;
  return seconds === undefined ? `${hours}:${minutes}` : `${hours}:${minutes}:${seconds}`;
}

/**
 * A DT value `YYYY[MM[DD[HH[MM[SS[.F…]]]]]][&ZZXX]` as `YYYY-MM-DD HH:MM[:SS] &ZZXX` with as much as it holds;
 * anything else as it is, trimmed.
 */
export function dateTimeForDisplay(value: string | undefined): string {
  if (!value) return '';
  const trimmed = value.trim();
  const match = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.\d{1,6})?([+-]\d{4})?$/.exec(trimmed);
  if (!match) return trimmed;
  const [, year, month, day, hours, minutes, seconds, offset] = match;
  const date = [year, month, day].filter(Boolean).join('-');
  const time = hours === undefined ? '' : [hours, minutes ?? '00', seconds].filter(Boolean).join(':');
  return [date, time, offset].filter(Boolean).join(' ');
}

/** An ISO date (`YYYY-MM-DD`, as date inputs give it) as a DA value; an empty input stays empty. */
export function dateFromIso(iso: string): string {
  return iso.replaceAll('-', '');
}

/** A local calendar day as a DA value. */
export function daValueOf(day: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${day.getFullYear()}${pad(day.getMonth() + 1)}${pad(day.getDate())}`;
}

/** The DA value of the local calendar day `days` before `today` (0 is `today` itself). */
export function daValueDaysBefore(today: Date, days: number): string {
  const day = new Date(today.getFullYear(), today.getMonth(), today.getDate() - days);
  return daValueOf(day);
}
