import type {
  OffboardingPlanSummaryQuery,
  OffboardUserSummaryMutation,
  PlannedKeyFields,
  ResultOf,
  VariablesOf,
} from "@keyholder/graphql";
import type { PickedHolder } from "../../components/HolderPicker.js";

export type Plan = ResultOf<typeof OffboardingPlanSummaryQuery>["offboardingPlan"];
export type PlannedKey = ResultOf<typeof PlannedKeyFields>;
export type KeySuggestion = Plan["activeKeySuggestion"];
export type OffboardInput = VariablesOf<typeof OffboardUserSummaryMutation>["input"];
export type KeyAction = "REASSIGN" | "REVOKE";

/** How many of the leaver's keys a page shows (rows hold a picker each: a shorter page keeps the table quick). */
export const PLAN_KEYS_PAGE = 25;

/** What the operator chose for one key: a new holder (null: the default holder), or revocation. */
export interface Decision {
  action: KeyAction;
  to: PickedHolder | null;
}

/**
 * The operator's own decisions, only for the keys they changed, each with the key as they saw it;
 * every other key goes to the default holder.
 */
export type Overrides = ReadonlyMap<string, Decision & { key: PlannedKey }>;

/** A suggestion's holder, as a picker shows it: suggestions are group emails. */
export function suggestedHolder(suggestion: KeySuggestion): PickedHolder | null {
  return suggestion.suggestedHolderId && suggestion.suggestedHolderEmail
    ? { id: suggestion.suggestedHolderId, email: suggestion.suggestedHolderEmail, kind: "GROUP" }
    : null;
}

/**
 * The default holder the plan suggests: with active keys, their successor (they must keep working
 * where they work, and no other key may gain a service), or none when the plan found none, so the
 * operator picks one rather than being steered to a holder that would widen access; with only
 * inactive keys, the holder suggested to keep them.
 */
export function suggestedDefault(plan: Plan): PickedHolder | null {
  return suggestedHolder(plan.activeKeyCount > 0 ? plan.activeKeySuggestion : plan.inactiveKeySuggestion);
}

/** The suggestion the plan makes for one key: its state's. */
export function suggestionFor(plan: Plan, key: Pick<PlannedKey, "active">): KeySuggestion {
  return key.active ? plan.activeKeySuggestion : plan.inactiveKeySuggestion;
}

/**
 * How many keys go to the default holder: the API sends there every key without a holder of its
 * own, and keeps revoked keys there as custodian (a key always has exactly one holder).
 */
export function keysNeedingDefault(keyCount: number, overrides: Overrides): number {
  let own = 0;
  for (const d of overrides.values()) if (d.action === "REASSIGN" && d.to) own++;
  return keyCount - own;
}

export function countActions(keyCount: number, overrides: Overrides) {
  let revoke = 0;
  for (const d of overrides.values()) if (d.action === "REVOKE") revoke++;
  return { reassign: keyCount - revoke, revoke };
}

/** The decisions after the operator set one key's: back to the default when it is the default. */
export function withDecision(overrides: Overrides, key: PlannedKey, decision: Decision): Overrides {
  const next = new Map(overrides);
  if (decision.action === "REASSIGN" && decision.to === null) next.delete(key.keyId);
  else next.set(key.keyId, { ...decision, key });
  return next;
}

/**
 * The mutation's input for these choices: the default holder takes every key the operator did not
 * decide on, and the keys they did are sent one by one. The dry run then shows every key's fate
 * before anything is done.
 */
export function buildInput(options: {
  userId: string;
  overrides: Overrides;
  defaultTarget: PickedHolder | null;
  reason: string;
  allowWiderAccess: boolean;
}): OffboardInput {
  const { userId, overrides, defaultTarget, reason, allowWiderAccess } = options;
  return {
    userId,
    defaultTargetId: defaultTarget?.id ?? null,
    decisions: [...overrides.entries()].map(([keyId, d]) =>
      d.action === "REVOKE" ? { keyId, action: "REVOKE" } : { keyId, action: "REASSIGN", toHolderId: d.to?.id ?? null },
    ),
    reason: reason.trim() || null,
    allowWiderAccess,
    dryRun: true,
  };
}
