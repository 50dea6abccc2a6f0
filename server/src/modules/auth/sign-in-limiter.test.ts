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
