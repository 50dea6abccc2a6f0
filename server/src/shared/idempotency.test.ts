import { describe, expect, it } from "vitest";
import { DomainError, ErrorCode } from "./errors.js";
import { expectSameRequest, requestHash } from "./idempotency.js";

describe("requestHash", () => {
  it("is the same for equal parameters whatever the order of their keys, and an omitted field counts as null", () => {
    const a = requestHash({ userId: "u1", reason: null, decisions: [{ keyId: "k", action: "REVOKE" }] });
    const b = requestHash({ decisions: [{ action: "REVOKE", keyId: "k" }], userId: "u1", reason: undefined });
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toBe(a);
  });

  it("differs when any value, a list's order, a flag or a date differs", () => {
    const base = { name: "payments", flag: false, list: ["a", "b"], at: new Date("2027-01-01T00:00:00Z") };
    const hashes = [
      base,
      { ...base, name: "payments " },
      { ...base, flag: true },
      { ...base, list: ["b", "a"] },
      { ...base, at: new Date("2027-01-01T00:00:00.001Z") },
      { ...base, at: null },
      { ...base, name: 1 },
    ].map(requestHash);
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it("cannot be fooled by a value that spells the JSON of another shape", () => {
    expect(requestHash({ a: '1,"b":2' })).not.toBe(requestHash({ a: 1, b: 2 }));
  });
});

describe("expectSameRequest", () => {
  it("refuses another request's hash with IDEMPOTENCY_KEY_REUSED on idempotencyKey, and lets the same one pass", () => {
    const hash = requestHash({ x: 1 });
    expect(() => expectSameRequest(hash, hash, "a key")).not.toThrow();
    try {
      expectSameRequest(hash, requestHash({ x: 2 }), "a key");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: ErrorCode.IDEMPOTENCY_KEY_REUSED, field: "idempotencyKey" });
    }
  });
});
