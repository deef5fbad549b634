// Dates, times and numbers the way a locale writes them (`Intl`), from DICOM's DA and TM values and plain numbers.
// Pure: one object a locale, its `Intl` formatters made once.

const da = /^(\d{4})(\d{2})(\d{2})$/;
const tm = /^(\d{2})(\d{2})?(\d{2})?(\.\d{1,6})?$/;

/** Formats for one locale (a BCP 47 tag such as `de`, `en-GB`; an unknown or malformed tag is English). */
export class LocaleFormat {
  /** The locale the formatters use (`Intl`'s canonical form of the tag asked for). */
  readonly locale: string;
  private readonly dateFormat: Intl.DateTimeFormat;
  private readonly timeFormat: Intl.DateTimeFormat;
  private readonly secondsFormat: Intl.DateTimeFormat;
  private readonly numberFormats = new Map<number, Intl.NumberFormat>();
  private readonly percentFormat: Intl.NumberFormat;

  constructor(locale: string) {
    this.locale = canonicalLocale(locale);
    // Dates in UTC from the DA digits: the calendar day the header names, whatever the reader's time zone.
    this.dateFormat = new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', timeZone: 'UTC' });
    this.timeFormat = new Intl.DateTimeFormat(this.locale, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' });
    this.secondsFormat = new Intl.DateTimeFormat(this.locale, { hour: 'numeric', minute: '2-digit', second: '2-digit', timeZone: 'UTC' });
    this.percentFormat = new Intl.NumberFormat(this.locale, { style: 'percent', maximumFractionDigits: 0 });
  }

  /** A DA value (`YYYYMMDD`) as the locale writes a date (`Jan 15, 2026`, `15.01.2026`); anything else as it is, trimmed. */
  date(value: string | undefined): string {
    const trimmed = (value ?? '').trim();
    const match = da.exec(trimmed);
    if (!match) return trimmed;
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    // 20260231 is no day: shown as it is rather than as the 3rd of March.
    if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return trimmed;
    date.setUTCFullYear(year); // years below 100 are not 19xx
    return this.dateFormat.format(date);
  }

  /** A TM value (`HH[MM[SS[.F…]]]`, or the old `HH:MM:SS`) as the locale writes a time; anything else as it is, trimmed. */
  time(value: string | undefined): string {
    const trimmed = (value ?? '').trim();
    const match = tm.exec(trimmed.replaceAll(':', ''));
    if (!match) return trimmed;
    const [hours, minutes, seconds] = [Number(match[1]), Number(match[2] ?? 0), match[3] === undefined ? undefined : Number(match[3])];
    if (hours > 23 || minutes > 59 || (seconds ?? 0) > 60) return trimmed;
    const date = new Date(Date.UTC(2000, 0, 1, hours, minutes, Math.min(seconds ?? 0, 59)));
    return (seconds === undefined ? this.timeFormat : this.secondsFormat).format(date);
  }

  /**
   * A number with at most `fractionDigits` decimals in the locale's digits and separators (`-12.35`, `-12,35`),
   * without grouping: readings such as a window of 4000 stay one word.
   */
  number(value: number, fractionDigits = 0): string {
    let format = this.numberFormats.get(fractionDigits);
    if (!format) {
      format = new Intl.NumberFormat(this.locale, { maximumFractionDigits: fractionDigits, useGrouping: false });
      this.numberFormats.set(fractionDigits, format);
    }
    return format.format(value);
  }

  /** A ratio as a whole percentage (`1.5` → `150%`, `150 %`). */
  percent(ratio: number): string {
    return this.percentFormat.format(ratio);
  }
}

/** `tag` as `Intl` spells it, or `en` when `Intl` does not take it. */
export function canonicalLocale(tag: string | null | undefined): string {
  try {
    return Intl.getCanonicalLocales(tag?.trim() || 'en')[0] ?? 'en';
  } catch {
    return 'en';
  }
}
