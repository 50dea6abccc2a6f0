import { describe, expect, it } from "vitest";
import { SignInLimiter } from "./sign-in-limiter.js";

describe("SignInLimiter", () => {
  it("allows the set number of attempts per address per minute, then says how long to wait", () => {
    const limiter = new SignInLimiter(3);
    const start = 1_000_000;
    expect([0, 1, 2].map((i) => limiter.attempt("10.0.0.1", start + i * 1000))).toEqual([null, null, null]);
    expect(limiter.attempt("10.0.0.1", start + 15_000)).toBe(45);
    expect(limiter.attempt("10.0.0.1", start + 59_001)).toBe(1);
    expect(limiter.attempt("10.0.0.2", start + 15_000)).toBeNull();
    // A new minute starts a new count.
    expect(limiter.attempt("10.0.0.1", start + 60_000)).toBeNull();
  });

  it("with a limit of 0 allows every attempt", () => {
    const limiter = new SignInLimiter(0);
    for (let i = 0; i < 100; i++) expect(limiter.attempt("10.0.0.1", i)).toBeNull();
  });
});

describe("SignInLimiter's addresses", () => {
  it("counts an IPv6 /64 as one address, and an IPv4-mapped IPv6 address as its IPv4 one", () => {
    const limiter = new SignInLimiter(2);
    expect(limiter.attempt("2001:db8:1:2::1", 0)).toBeNull();
    expect(limiter.attempt("2001:db8:1:2:ffff:ffff:ffff:fffe", 0)).toBeNull();
    expect(limiter.attempt("2001:0db8:0001:0002:abcd::9", 0)).toBe(60);
    expect(limiter.attempt("2001:db8:1:3::1", 0)).toBeNull();
    expect(limiter.attempt("::ffff:10.0.0.1", 0)).toBeNull();
    expect(limiter.attempt("10.0.0.1", 0)).toBeNull();
    expect(limiter.attempt("::ffff:10.0.0.1", 0)).toBe(60);
  });

  it("keeps at most the set number of addresses however many try within a minute", () => {
    const limiter = new SignInLimiter(1, 1000);
    for (let i = 0; i < 5000; i++) limiter.attempt(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, i);
    expect(limiter.size).toBeLessThanOrEqual(1000);
    // The most recent addresses are still counted.
    expect(limiter.attempt("10.0.19.135", 5000)).not.toBeNull();
  });
});
