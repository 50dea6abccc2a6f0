import { describe, expect, it } from "vitest";
import { checkUnchanged, type LeaverKeys, LeaverKeysChanged } from "./leaver-keys.js";

const read: LeaverKeys = {
  count: 3,
  firstUndecided: "a",
  revoked: new Set(["b"]),
  expired: new Set(["c"]),
  held: new Set(),
};

describe("checkUnchanged", () => {
  it("accepts what the plan read, in any order", () => {
    expect(() => checkUnchanged(read, { count: 3, revoked: ["b"], expired: ["c"] })).not.toThrow();
  });

  it.each([
    ["a key left or arrived", { count: 2, revoked: ["b"], expired: ["c"] }],
    ["a key was revoked meanwhile", { count: 3, revoked: ["a", "b"], expired: ["c"] }],
    ["a revoked key came back", { count: 3, revoked: [], expired: ["c"] }],
    ["an expiry changed", { count: 3, revoked: ["b"], expired: ["a"] }],
    ["a key expired meanwhile", { count: 3, revoked: ["b"], expired: ["a", "c"] }],
  ])("refuses when %s", (_, seen) => {
    expect(() => checkUnchanged(read, seen)).toThrow(LeaverKeysChanged);
  });
});
