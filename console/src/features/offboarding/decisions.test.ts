import { describe, expect, it } from "vitest";
import { type Decision, keysNeedingDefault, mostSuggested, type PlannedKey, suggestedDecisions } from "./decisions.js";
import { plannedKey, TEAM } from "./test-support/offboarding-fixtures.js";

const OPS = { id: "g-2", email: "ops@example.org" };
const keys = [
  plannedKey({ id: "k-1", name: "a", suggested: OPS }),
  plannedKey({ id: "k-2", name: "b", suggested: TEAM }),
  plannedKey({ id: "k-3", name: "c", suggested: TEAM }),
  plannedKey({ id: "k-4", name: "d", suggested: null }),
] as PlannedKey[];

describe("decisions", () => {
  it("suggests each key's successor and picks the most suggested one as default", () => {
    const decisions = suggestedDecisions(keys);
    expect(decisions.get("k-1")).toEqual({ action: "REASSIGN", to: { ...OPS, kind: "GROUP" } });
    expect(decisions.get("k-4")).toEqual({ action: "REASSIGN", to: null });
    expect(mostSuggested(keys)?.id).toBe(TEAM.id);
    expect(mostSuggested([keys[3] as PlannedKey])).toBeNull();
  });

  it("counts the keys that go to the default holder: revoked ones and those without a holder of their own", () => {
    const decisions = new Map<string, Decision>(suggestedDecisions(keys));
    expect(keysNeedingDefault(keys, decisions)).toBe(1);
    decisions.set("k-1", { action: "REVOKE", to: null });
    expect(keysNeedingDefault(keys, decisions)).toBe(2);
    expect(keysNeedingDefault(keys, new Map())).toBe(4);
  });
});
