import { describe, expect, it } from "vitest";
import { backoffDelay, DEFAULT_RETRY, rateLimitWait } from "../src/retry.js";

describe("backoffDelay", () => {
  it("doubles the ceiling per attempt up to the maximum, with full jitter", () => {
    const policy = { ...DEFAULT_RETRY, minDelayMs: 100, maxDelayMs: 1000 };
    expect([0, 1, 2, 3, 4].map((attempt) => backoffDelay(attempt, policy, null, () => 1))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
    expect(backoffDelay(3, policy, null, () => 0)).toBe(0);
  });

  it("honours Retry-After in seconds, capped at the maximum", () => {
    const policy = { ...DEFAULT_RETRY, maxDelayMs: 5000 };
    expect(backoffDelay(0, policy, "2", () => 1)).toBe(2000);
    expect(backoffDelay(0, policy, "3600", () => 1)).toBe(5000);
    expect(backoffDelay(0, { ...policy, minDelayMs: 100 }, "soon", () => 1)).toBe(100);
  });
});

describe("rateLimitWait", () => {
  const policy = { ...DEFAULT_RETRY, maxRateLimitWaitMs: 30_000 };

  it("waits a 429's Retry-After, in seconds or as an HTTP date, up to the longest wait allowed", () => {
    const now = Date.parse("2026-12-04T18:00:00Z");
    expect(rateLimitWait("7", policy, now)).toBe(7000);
    expect(rateLimitWait("0", policy, now)).toBe(0);
    expect(rateLimitWait("Fri, 04 Dec 2026 18:00:12 GMT", policy, now)).toBe(12_000);
    expect(rateLimitWait("31", policy, now)).toBeNull();
    expect(rateLimitWait(null, policy, now)).toBeNull();
    expect(rateLimitWait("soon", policy, now)).toBeNull();
    expect(rateLimitWait("-1", policy, now)).toBeNull();
  });
});
