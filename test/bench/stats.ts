/** Summary of a sample of latencies, in milliseconds. */
export interface LatencySummary {
  p50: number;
  p99: number;
  mean: number;
  max: number;
}

/** The nearest-rank percentile `p` (0-100) of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** p50, p99, mean and max of a sample. */
export function summarise(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: sum / sorted.length,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/** `a / b`, or null when it has no meaning (missing or zero baseline). */
export function ratio(a: number | null, b: number | null): number | null {
  return a == null || b == null || b === 0 ? null : a / b;
}
