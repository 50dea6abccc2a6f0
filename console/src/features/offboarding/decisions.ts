import type { OffboardingPlanQuery, OffboardUserMutation, ResultOf, VariablesOf } from "@keyholder/graphql";
import type { PickedHolder } from "../../components/HolderPicker.js";

export type Plan = ResultOf<typeof OffboardingPlanQuery>["offboardingPlan"];
export type PlannedKey = Plan["keys"][number];
export type OffboardInput = VariablesOf<typeof OffboardUserMutation>["input"];
export type KeyAction = "REASSIGN" | "REVOKE";

/** What the operator chose for one key: a new holder (null: the default target), or revocation. */
export interface Decision {
  action: KeyAction;
  to: PickedHolder | null;
}

export type Decisions = ReadonlyMap<string, Decision>;

function suggested(key: PlannedKey): PickedHolder | null {
  // Suggestions are group emails: one already Billing where the key works, or the leaver's own group.
  return key.suggestedHolderId && key.suggestedHolderEmail
    ? { id: key.suggestedHolderId, email: key.suggestedHolderEmail, kind: "GROUP" }
    : null;
}

/** Every key reassigned to its suggested successor, or to the default target when there is none. */
export function suggestedDecisions(keys: readonly PlannedKey[]): Map<string, Decision> {
  return new Map(keys.map((k) => [k.keyId, { action: "REASSIGN", to: suggested(k) }]));
}

/** Whether a key's holder is the one suggested by the plan. */
export function isSuggested(key: PlannedKey, decision: Decision | undefined): boolean {
  return decision?.action === "REASSIGN" && decision.to !== null && decision.to.id === key.suggestedHolderId;
}

/** The successor suggested for the most keys: a sensible default target. */
export function mostSuggested(keys: readonly PlannedKey[]): PickedHolder | null {
  const counts = new Map<string, { holder: PickedHolder; n: number }>();
  for (const key of keys) {
    const holder = suggested(key);
    if (!holder) continue;
    const entry = counts.get(holder.id) ?? { holder, n: 0 };
    entry.n += 1;
    counts.set(holder.id, entry);
  }
  let best: { holder: PickedHolder; n: number } | undefined;
  for (const entry of counts.values()) if (!best || entry.n > best.n) best = entry;
  return best?.holder ?? null;
}

/**
 * How many keys go to the default target: the API sends there every key without a holder of its
 * own, and keeps revoked keys there as custodian (a key always has exactly one holder).
 */
export function keysNeedingDefault(keys: readonly PlannedKey[], decisions: Decisions): number {
  return keys.filter((k) => {
    const d = decisions.get(k.keyId);
    return !d || d.action === "REVOKE" || d.to === null;
  }).length;
}

export function countActions(keys: readonly PlannedKey[], decisions: Decisions) {
  const revoke = keys.filter((k) => decisions.get(k.keyId)?.action === "REVOKE").length;
  return { reassign: keys.length - revoke, revoke };
}

/** Sets one decision for many keys at once (bulk controls). */
export function applyToKeys(
  decisions: Decisions,
  keys: readonly PlannedKey[],
  decision: Decision,
): Map<string, Decision> {
  const next = new Map(decisions);
  for (const key of keys) next.set(key.keyId, decision);
  return next;
}

/**
 * The mutation's input for these choices, one explicit decision per key so the audit trail and
 * the dry run show exactly what the operator chose.
 */
export function buildInput(options: {
  userId: string;
  keys: readonly PlannedKey[];
  decisions: Decisions;
  defaultTarget: PickedHolder | null;
  reason: string;
  allowWiderAccess: boolean;
}): OffboardInput {
  const { userId, keys, decisions, defaultTarget, reason, allowWiderAccess } = options;
  return {
    userId,
    defaultTargetId: defaultTarget?.id ?? null,
    decisions: keys.map((k) => {
      const d = decisions.get(k.keyId) ?? { action: "REASSIGN", to: null };
      return d.action === "REVOKE"
        ? { keyId: k.keyId, action: "REVOKE" }
        : { keyId: k.keyId, action: "REASSIGN", toHolderId: d.to?.id ?? null };
    }),
    reason: reason.trim() || null,
    allowWiderAccess,
    dryRun: true,
  };
}
