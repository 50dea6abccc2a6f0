import { describe, expect, it } from "vitest";
import { judge, type RssSample, rssGrowth } from "./verdict.ts";

const MB = 1024 * 1024;
/** One sample every 5 s from 0 to `untilMs`, `rssAt` giving the RSS in MB. */
function samples(untilMs: number, rssAt: (atMs: number) => number): RssSample[] {
  const out: RssSample[] = [];
  for (let atMs = 0; atMs <= untilMs; atMs += 5000) out.push({ atMs, rss: rssAt(atMs) * MB });
  return out;
}

describe("the soak's verdict", () => {
  it("measures growth from after the warm-up, not from the start-up's low", () => {
    // Start-up at 60 MB, 100 MB once warm, flat from there: no growth.
    const flat = samples(600_000, (t) => (t < 60_000 ? 60 : 100));
    expect(rssGrowth(flat, 60_000, 60_000).growth).toBe(0);
  });

  it("is not fooled by one high sample just after the warm-up (which would hide a leak)", () => {
    // 100 MB growing to 120 MB, with one 150 MB spike (an export) at the first sample after warm-up.
    const leaking = samples(600_000, (t) => (t === 60_000 ? 150 : 100 + (20 * t) / 600_000));
    const { growth } = rssGrowth(leaking, 60_000, 60_000);
    expect(growth).toBeGreaterThan(0.1);
    expect(judge({ errors: 0, skipped: 0, growth }).met).toBe(false);
  });

  it("is not fooled by one high sample at the end (which would invent a leak)", () => {
    const steady = samples(600_000, (t) => (t === 600_000 ? 150 : 100));
    const { growth } = rssGrowth(steady, 60_000, 60_000);
    expect(growth).toBe(0);
    expect(judge({ errors: 0, skipped: 0, growth }).met).toBe(true);
  });

  it("is not met when operations could not be sent because the server fell behind", () => {
    expect(judge({ errors: 0, skipped: 0, growth: 0.02 })).toEqual({ met: true, reasons: [] });
    const behind = judge({ errors: 0, skipped: 12, growth: 0.02 });
    expect(behind.met).toBe(false);
    expect(behind.reasons.join()).toContain("fell behind");
    expect(judge({ errors: 1, skipped: 0, growth: 0 }).met).toBe(false);
    expect(judge({ errors: 0, skipped: 0, growth: Number.NaN }).met).toBe(false);
  });
});
