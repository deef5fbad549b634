// DICOM values as people read them: person names and dates (no DOM; shared by every element that shows them).

/** `Family^Given^Middle^Prefix^Suffix` (PS3.5 6.2) as "Family, Given Middle". */
export function personNameForDisplay(name: string | undefined): string {
  if (!name) return '';
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = name.split('^').map((part) => part.trim());
  const first = [prefix, given, middle].filter(Boolean).join(' ');
  const full = [family, first].filter(Boolean).join(', ');
  return suffix ? `${full}, ${suffix}` : full;
}

/** A DA value `YYYYMMDD` as ISO `YYYY-MM-DD`, unambiguous in every locale; anything else as it is. */
export function dateForDisplay(date: string | undefined): string {
  if (!date) return '';
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(date.trim());
  return match ? `${match[1]}-${match[2]}-${match[3]}` : date;
}

/** An ISO date (`YYYY-MM-DD`, as date inputs give it) as a DA value. */
export function dateFromIso(iso: string): string {
  return iso.replaceAll('-', '');
}

/** A local calendar day as a DA value. */
export function daValueOf(day: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${day.getFullYear()}${pad(day.getMonth() + 1)}${pad(day.getDate())}`;
}
