import { describe, expect, it } from "vitest";
import {
  buildInput,
  countActions,
  keysNeedingDefault,
  type Overrides,
  type Plan,
  type PlannedKey,
  suggestedDefault,
  withDecision,
} from "./decisions.js";
import { type PlanOptions, planData, plannedKey, TEAM } from "./test-support/offboarding-fixtures.js";

const OPS = { id: "g-2", email: "ops@example.org", kind: "GROUP" as const };
const [a, b, c] = [
  plannedKey({ id: "k-1", name: "a" }),
  plannedKey({ id: "k-2", name: "b", active: false }),
  plannedKey({ id: "k-3", name: "c" }),
] as PlannedKey[];

const planOf = (options: PlanOptions): Plan => planData(options, 25).offboardingPlan;

describe("decisions", () => {
  it("takes the active keys' successor as default holder, none when the plan has none, and the keeper when every key is inactive", () => {
    expect(suggestedDefault(planOf({ suggested: { active: OPS, inactive: TEAM } }))?.id).toBe(OPS.id);
    // Active keys with no acceptable successor: the inactive keys' keeper would widen access, so
    // the operator picks a holder.
    expect(suggestedDefault(planOf({ suggested: { active: null, inactive: TEAM } }))).toBeNull();
    expect(
      suggestedDefault(
        planOf({
          keys: [plannedKey({ id: "k-2", name: "b", active: false })],
          suggested: { active: OPS, inactive: TEAM },
        }),
      )?.id,
    ).toBe(TEAM.id);
    expect(suggestedDefault(planOf({ suggested: { active: null, inactive: null } }))).toBeNull();
  });

  it("keeps only the keys the operator changed, and counts what goes to the default holder", () => {
    let overrides: Overrides = new Map();
    expect(keysNeedingDefault(10_000, overrides)).toBe(10_000);
    overrides = withDecision(overrides, a!, { action: "REASSIGN", to: OPS });
    overrides = withDecision(overrides, b!, { action: "REVOKE", to: null });
    expect(keysNeedingDefault(10_000, overrides)).toBe(9_999);
    expect(countActions(10_000, overrides)).toEqual({ reassign: 9_999, revoke: 1 });
    // Setting a key back to the default holder forgets it.
    overrides = withDecision(overrides, c!, { action: "REASSIGN", to: OPS });
    overrides = withDecision(overrides, c!, { action: "REASSIGN", to: null });
    expect([...overrides.keys()]).toEqual(["k-1", "k-2"]);
  });

  it("sends the default holder for every other key, and one decision per key the operator changed", () => {
    const overrides = withDecision(withDecision(new Map(), a!, { action: "REASSIGN", to: OPS }), b!, {
      action: "REVOKE",
      to: null,
    });
    expect(
      buildInput({
        userId: "u-9",
        overrides,
        defaultTarget: { ...TEAM, kind: "GROUP" },
        reason: "  ",
        allowWiderAccess: false,
      }),
    ).toEqual({
      userId: "u-9",
      defaultTargetId: TEAM.id,
      decisions: [
        { keyId: "k-1", action: "REASSIGN", toHolderId: OPS.id },
        { keyId: "k-2", action: "REVOKE" },
      ],
      reason: null,
      allowWiderAccess: false,
      dryRun: true,
    });
  });
});
