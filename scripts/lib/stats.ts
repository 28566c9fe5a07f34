/** Median and 90th percentile (nearest rank) of a list of milliseconds. */
export function summarise(values: number[]): { median_ms: number; p90_ms: number } {
  if (values.length === 0) return { median_ms: 0, p90_ms: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median_ms: round(median), p90_ms: round(rank(0.9)) };
}

export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
