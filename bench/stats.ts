// Summaries of repeated timings for every benchmark (server, viewer, the combined table): median with the spread
// (min and max), nearest-rank percentiles, rates, and figures as printed.

/** A figure: the median of its repetitions, with the smallest and largest. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('the median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The nearest-rank percentile: the smallest value with at least p % of the values at or below it. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('a percentile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function spreadOf(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** Rates (count per second) of runs that each took `seconds`. */
export function rateSpread(count: number, seconds: readonly number[]): Spread {
  return spreadOf(seconds.map((s) => count / s));
}

/** Three significant figures or so: 1234 → "1234", 12.34 → "12.3", 1.234 → "1.23" (negative values alike). */
export function formatNumber(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(Math.abs(value) >= 10 ? 1 : 2);
}

/** A figure as printed: a bare number, or a median with its spread when it has one. */
export function formatSpread(value: number | Pick<Spread, 'median'> & Partial<Spread>): string {
  if (typeof value === 'number') return formatNumber(value);
  const spread = value.min !== undefined && value.max !== undefined ? ` (${formatNumber(value.min)}–${formatNumber(value.max)})` : '';
  return `${formatNumber(value.median)}${spread}`;
}

/** ours/peer; a figure whose peer is 0 (nothing held) has no ratio, and 0/0 means both held nothing. */
export function ratioText(ours: number, peer: number): string {
  if (peer !== 0) return (ours / peer).toFixed(2);
  return ours === 0 ? '0/0' : '∞';
}
