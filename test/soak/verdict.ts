/** The soak's pass mark: no errors, every operation sent at the steady rate, RSS growth under 10%. */
export const RSS_GROWTH_LIMIT = 0.1;

/** The server's resident set size at a moment of the soak (ms since it started). */
export interface RssSample {
  atMs: number;
  rss: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * RSS growth from just after the warm-up to the end, each the median of the samples in a window
 * (`windowMs` from the end of the warm-up, and the last `windowMs`): one sample taken during an
 * export or just before a collection would otherwise decide the verdict, hiding growth or
 * inventing it. Samples taken during the warm-up do not count.
 */
export function rssGrowth(
  samples: readonly RssSample[],
  warmupMs: number,
  windowMs: number,
): { start: number; end: number; growth: number } {
  const afterWarmup = samples.filter((s) => s.atMs >= warmupMs);
  if (!afterWarmup.length) throw new Error("no RSS sample after the warm-up");
  const first = afterWarmup[0] as RssSample;
  const last = afterWarmup[afterWarmup.length - 1] as RssSample;
  const start = median(afterWarmup.filter((s) => s.atMs <= first.atMs + windowMs).map((s) => s.rss));
  const end = median(afterWarmup.filter((s) => s.atMs >= last.atMs - windowMs).map((s) => s.rss));
  return { start, end, growth: (end - start) / start };
}

/** Whether the soak met its mark, and each reason it did not. */
export function judge(run: { errors: number; skipped: number; growth: number }): { met: boolean; reasons: string[] } {
  const reasons: string[] = [];
  if (run.errors) reasons.push(`${run.errors} errors`);
  // Operations not sent because 50 were still in flight: the server fell behind the steady rate,
  // which a count of errors alone would never show.
  if (run.skipped) reasons.push(`${run.skipped} operations not sent: the server fell behind`);
  if (!(run.growth < RSS_GROWTH_LIMIT)) {
    reasons.push(`RSS grew ${(run.growth * 100).toFixed(1)}% (limit ${RSS_GROWTH_LIMIT * 100}%)`);
  }
  return { met: reasons.length === 0, reasons };
}
