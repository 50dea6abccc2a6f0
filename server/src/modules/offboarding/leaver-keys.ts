import type { EntityManager } from "@mikro-orm/postgresql";
import { DomainError, ErrorCode, type Issue, ValidationError } from "../../shared/errors.js";
import { parseId } from "../../shared/ids.js";
import type { RequestContext } from "../../shared/request-context.js";
import { keySummaryOfHolder } from "../api-key/api-key.queries.js";
import type { KeyAction } from "./offboarding-result.js";

/** The leaver's keys as locked: how many, and the few that are not simply active. */
export interface LeaverKeys {
  count: number;
  /** The smallest id among keys without a decision (null when every key has one). */
  firstUndecided: string | null;
  /** Keys revoked already, and keys not revoked but past their expiry. */
  revoked: Set<string>;
  expired: Set<string>;
  /** Of the keys named by decisions, those the leaver holds. */
  held: Set<string>;
}

/** What happens to one key. */
export interface KeyFate {
  /** Who holds it afterwards (once planned, never null). */
  target: string | null;
  /** Works somewhere now: not revoked, not expired. */
  active: boolean;
  /** Revoked, before or by this offboarding: it passes to its custodian, without access. */
  custody: boolean;
  /** The operator's decision for this key, if any. */
  decided: KeyAction | null;
}

/** Where every key of the leaver goes. */
export interface HandOverPlan {
  keys: LeaverKeys;
  /** Where keys go without a target of their own (null when every key has one). */
  defaultTarget: string | null;
  /** Each key's decision, with its place in the input's `decisions` (for error fields). */
  decisions: Map<string, { action: KeyAction; toHolderId: string | null; index: number }>;
  /** Every holder a key goes to, in the order of each one's first key (by id). */
  targets: string[];
  /** Keys whose target is not the default one, and that target. */
  ownTargets: Map<string, string>;
  /** Keys this offboarding revokes, by id. */
  revoke: string[];
  /** Per target, how many active keys it takes over keeping access. */
  working: Map<string, number>;
  /** The fate of each decided key, worked out once (see `fateOf`). */
  fates: Map<string, KeyFate>;
  /** The fate every undecided key that works shares: to the default target, keeping access. */
  undecided: KeyFate;
}

/**
 * Reads what the plan needs about the leaver's keys, summed up in one row: 10,000 keys need not
 * travel twice. The keys are not locked here (locking 10,000 rows costs as much again as reading
 * them): the hand-over's UPDATE locks them, and `checkUnchanged` then refuses to go on if any key
 * changed in between in a way the plan depends on. No key can reach the leaver meanwhile, as the
 * user row is locked. `decided` are the ids the decisions name.
 */
export async function readLeaverKeys(
  ctx: RequestContext,
  em: EntityManager,
  userId: string,
  decided: string[],
): Promise<LeaverKeys> {
  const row = await keySummaryOfHolder(em, userId, decided, ctx.now);
  return {
    count: row?.count ?? 0,
    firstUndecided: row?.first_undecided ?? null,
    revoked: new Set(row?.revoked),
    expired: new Set(row?.expired),
    held: new Set(row?.held),
  };
}

/** Thrown when the leaver's keys changed between the plan's read and the hand-over: try again. */
export class LeaverKeysChanged extends Error {
  constructor() {
    super("The leaver's keys changed while they were being offboarded.");
  }
}

/**
 * What the hand-over's UPDATE found, as far as the plan depends on it: how many keys the leaver
 * held, which of them were revoked before, and which of the others had expired. Anything else than
 * what `readLeaverKeys` read means a concurrent change: the transaction must not commit.
 */
export function checkUnchanged(keys: LeaverKeys, seen: { count: number; revoked: string[]; expired: string[] }): void {
  const same = (set: Set<string>, ids: string[]) => set.size === ids.length && ids.every((id) => set.has(id));
  if (seen.count !== keys.count || !same(keys.revoked, seen.revoked) || !same(keys.expired, seen.expired)) {
    throw new LeaverKeysChanged();
  }
}

/** The ids the decisions name, as far as they are ids (the plan refuses the others in turn). */
export function decidedIds(decisions: { keyId: string }[]): string[] {
  const ids: string[] = [];
  for (const d of decisions) {
    try {
      ids.push(parseId(d.keyId));
    } catch {
      break;
    }
  }
  return ids;
}

/**
 * Decides each key's fate: the operator's decision, else REASSIGN to the default target. A key
 * to revoke (or one revoked already) passes to the default target as custodian, since a key always
 * has exactly one holder. Refuses decisions for keys the leaver does not hold, and keys with no
 * holder to go to or that would stay with the leaver (the first such key by id decides which).
 * Keys without a decision all fare alike, so only decided keys are looked at one by one.
 */
export function planHandOver(
  user: { id: string; email: string },
  keys: LeaverKeys,
  input: {
    decisions: { keyId: string; action: KeyAction; toHolderId?: string | null }[];
    defaultTargetId?: string | null;
  },
): HandOverPlan {
  const decisions = new Map<string, { action: KeyAction; toHolderId: string | null; index: number }>();
  const notHeld: Issue[] = [];
  input.decisions.forEach((d, index) => {
    const keyId = parseId(d.keyId, `decisions[${index}].keyId`);
    if (!keys.held.has(keyId)) {
      notHeld.push({
        field: `decisions[${index}].keyId`,
        code: ErrorCode.KEY_NOT_FOUND,
        message: `Key ${keyId} is not held by ${user.email}.`,
      });
      return;
    }
    decisions.set(keyId, {
      action: d.action,
      toHolderId: d.toHolderId ? parseId(d.toHolderId, `decisions[${index}].toHolderId`) : null,
      index,
    });
  });
  if (notHeld.length) throw new ValidationError(notHeld);
  const defaultTarget = input.defaultTargetId ? parseId(input.defaultTargetId, "defaultTargetId") : null;
  const plan: HandOverPlan = {
    keys,
    defaultTarget,
    decisions,
    targets: [],
    ownTargets: new Map(),
    revoke: [],
    working: new Map(),
    fates: new Map(),
    undecided: { target: defaultTarget, active: true, custody: false, decided: null },
  };
  // The keys that can fare differently, in id order: each decided key, and the first undecided one.
  const ids = [...decisions.keys()];
  if (keys.firstUndecided) ids.push(keys.firstUndecided);
  ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const firstKeyOf = new Map<string, string>();
  for (const id of ids) {
    const fate = decide(plan, id);
    if (decisions.has(id)) plan.fates.set(id, fate);
    if (!fate.target) {
      throw new DomainError(
        ErrorCode.REQUIRED,
        `defaultTargetId is required: ${user.email} holds keys that need a new holder.`,
        "defaultTargetId",
      );
    }
    if (fate.target === user.id)
      throw new DomainError(ErrorCode.SAME_HOLDER, "Keys cannot stay with the leaver.", "defaultTargetId");
    if (!firstKeyOf.has(fate.target)) firstKeyOf.set(fate.target, id);
    if (fate.target !== defaultTarget) plan.ownTargets.set(id, fate.target);
    if (decisions.get(id)?.action === "REVOKE" && !keys.revoked.has(id)) plan.revoke.push(id);
  }
  plan.targets = [...firstKeyOf.keys()];
  // Keys that keep access: decided ones one by one, undecided ones by count (active, not decided).
  let decidedActive = 0;
  for (const id of decisions.keys()) {
    const fate = fateOf(plan, id);
    if (fate.active) decidedActive++;
    if (fate.target && fate.active && !fate.custody) {
      plan.working.set(fate.target, (plan.working.get(fate.target) ?? 0) + 1);
    }
  }
  const undecidedActive = keys.count - keys.revoked.size - keys.expired.size - decidedActive;
  if (undecidedActive && defaultTarget) {
    plan.working.set(defaultTarget, (plan.working.get(defaultTarget) ?? 0) + undecidedActive);
  }
  return plan;
}

/**
 * One key's fate under the plan, the one place it is read: a decided key's as `planHandOver`
 * worked it out, an undecided key's the shared one unless it is revoked or expired.
 */
export function fateOf(plan: HandOverPlan, id: string): KeyFate {
  const decided = plan.fates.get(id);
  if (decided) return decided;
  return plan.keys.revoked.has(id) || plan.keys.expired.has(id) ? decide(plan, id) : plan.undecided;
}

/** Works out one key's fate: the operator's decision, else REASSIGN to the default target. */
function decide(plan: Pick<HandOverPlan, "keys" | "decisions" | "defaultTarget">, id: string): KeyFate {
  const decision = plan.decisions.get(id);
  const action = decision?.action ?? "REASSIGN";
  const revoked = plan.keys.revoked.has(id);
  return {
    target: (action === "REASSIGN" ? decision?.toHolderId : null) ?? plan.defaultTarget,
    active: !revoked && !plan.keys.expired.has(id),
    custody: action === "REVOKE" || revoked,
    decided: decision?.action ?? null,
  };
}
