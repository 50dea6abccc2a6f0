import { describe, expect, it } from "vitest";
import { MAX_TRACKED_CALLERS, RateLimiter } from "./rate-limiter.js";

const policy = { name: "api", limit: 3, windowSeconds: 60 };

describe("RateLimiter", () => {
  it("lets `limit` requests of a caller through per window, counting down, then refuses until the window ends", () => {
    const limiter = new RateLimiter(policy);
    const t0 = 1_000_000;
    expect(limiter.take("a", t0)).toEqual({ allowed: true, remaining: 2, resetSeconds: 60 });
    expect(limiter.take("a", t0 + 10_000)).toEqual({ allowed: true, remaining: 1, resetSeconds: 50 });
    expect(limiter.take("a", t0 + 10_001)).toEqual({ allowed: true, remaining: 0, resetSeconds: 50 });
    expect(limiter.take("a", t0 + 59_001)).toEqual({ allowed: false, remaining: 0, resetSeconds: 1 });
    // Another caller has a quota of its own.
    expect(limiter.take("b", t0 + 59_001).allowed).toBe(true);
    // The window ends 60 s after the caller's first request: a new one starts, whole.
    expect(limiter.take("a", t0 + 60_000)).toEqual({ allowed: true, remaining: 2, resetSeconds: 60 });
  });

  it("forgets the callers whose window ended when swept", () => {
    const limiter = new RateLimiter(policy);
    limiter.take("a", 0);
    limiter.take("b", 30_000);
    limiter.sweep(60_000);
    expect(limiter.size).toBe(1);
    limiter.sweep(90_000);
    expect(limiter.size).toBe(0);
  });

  it("lets callers beyond the tracked maximum through uncounted instead of growing without bound", () => {
    const limiter = new RateLimiter({ ...policy, limit: 1 });
    for (let i = 0; i < MAX_TRACKED_CALLERS; i++) limiter.take(`c${i}`, 0);
    expect(limiter.size).toBe(MAX_TRACKED_CALLERS);
    expect(limiter.take("late", 0).allowed).toBe(true);
    expect(limiter.take("late", 0).allowed).toBe(true);
    expect(limiter.size).toBe(MAX_TRACKED_CALLERS);
    // A tracked caller is still held to its quota.
    expect(limiter.take("c0", 0).allowed).toBe(false);
  });
});
