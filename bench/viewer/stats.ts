// The figures' summary: median, min and max of the repetitions, and the ratio as printed.

export interface Stats {
  median: number;
  min: number;
  max: number;
}

export function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return { median: sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** ours/peer; a figure whose peer is 0 (nothing held) has no ratio, and 0/0 means both held nothing. */
export function ratioText(ours: number, peer: number): string {
  if (peer !== 0) return (ours / peer).toFixed(2);
  return ours === 0 ? '0/0' : '∞';
}
