import fc from "fast-check";
import { expect } from "vitest";
import type { TestDatabase } from "../database.js";
import type { TestApi } from "../graphql.js";
import { type Lookup, pick, worksOnBySql } from "./lookup.js";
import { OFFBOARD, type OffboardInput } from "./offboard-document.js";
import { type OffboardingResultJson, type Outcome, payloadOf, secretCheckedClient } from "./outcome.js";
import { type RunState, rarely } from "./world.js";

/**
 * Offboarding a user: decisions name the leaver's own keys (by index among them); the default
 * target is usually a group email, sometimes any holder, sometimes missing; half the time the
 * operator allows a successor that widens a key's access.
 */
export interface Offboard {
  kind: "offboard";
  /**
   * Whom to offboard: an active user holding a key that works somewhere, or holding any key (when
   * there is one), or any user, departed ones included.
   */
  leaver: "working" | "holding" | "any";
  user: number;
  defaultTarget: { anyHolder: boolean; n: number } | null;
  decisions: { key: number; action: "REASSIGN" | "REVOKE"; to: number | null }[];
  dryRun: boolean;
  allowWiderAccess: boolean;
  idempotent: boolean;
}

const index = fc.nat({ max: 15 });

export const offboardArb: fc.Arbitrary<Offboard> = fc.record({
  kind: fc.constant("offboard" as const),
  leaver: fc.noBias(fc.constantFrom(...(["working", "working", "working", "holding", "any"] as const))),
  user: index,
  defaultTarget: fc.option(fc.record({ anyHolder: rarely, n: index }), { freq: 6 }),
  decisions: fc.array(
    fc.record({
      key: index,
      action: fc.constantFrom("REASSIGN" as const, "REVOKE" as const),
      to: fc.option(index, { freq: 2 }),
    }),
    { maxLength: 3 },
  ),
  dryRun: fc.boolean(),
  allowWiderAccess: fc.boolean(),
  idempotent: fc.boolean(),
});

/** The OffboardUserInput that `op` stands for in `world`; null when there is no user to offboard. */
export function offboardInput(world: Lookup, op: Offboard, idempotencyKey: string | null): OffboardInput | null {
  const holding = (working: boolean) =>
    world.users.filter(
      (u) => u.status === "ACTIVE" && world.keys.some((k) => k.holderId === u.id && (k.works || !working)),
    );
  const candidates = [op.leaver === "working" ? holding(true) : [], op.leaver === "any" ? [] : holding(false)];
  const user = pick(candidates.find((list) => list.length) ?? world.users, op.user);
  if (!user) return null;
  const held = world.keys.filter((k) => k.holderId === user.id);
  const decisions = op.decisions.flatMap((d) => {
    const key = pick(held, d.key);
    if (!key) return [];
    return [
      { keyId: key.id, action: d.action, toHolderId: d.to === null ? null : (pick(world.holders, d.to)?.id ?? null) },
    ];
  });
  const target =
    op.defaultTarget && pick(op.defaultTarget.anyHolder ? world.holders : world.groups, op.defaultTarget.n);
  return {
    userId: user.id,
    defaultTargetId: target ? target.id : null,
    decisions,
    reason: "property test",
    dryRun: op.dryRun,
    allowWiderAccess: op.allowWiderAccess,
    idempotencyKey,
  };
}

/** Sends an offboarding (or replays the last one that had an idempotency key) and says what it did. */
export async function runOffboard(
  db: TestDatabase,
  api: TestApi,
  state: RunState,
  world: Lookup,
  op: Offboard | { kind: "replayOffboarding" },
): Promise<Outcome> {
  const gql = secretCheckedClient(api, state.secrets);
  const replay = async (last: NonNullable<RunState["lastIdempotent"]>) => {
    const payload = payloadOf(await gql(OFFBOARD, { input: last.input }), "offboardUser");
    expect(payload.errors, "a replay with the same idempotency key succeeds").toEqual([]);
    expect(payload.offboarding, "a replay answers the first result").toEqual({ ...last.result, replayed: true });
  };
  if (op.kind === "replayOffboarding") {
    if (!state.lastIdempotent) return { status: "skipped" };
    // Later steps may have changed the world: the replay still answers, and changes, nothing new.
    await replay(state.lastIdempotent);
    return { status: "unchanged" };
  }
  const input = offboardInput(world, op, op.idempotent ? `offboarding-${state.stepCount++}` : null);
  if (!input) return { status: "skipped" };
  const held = await worksOnBySql(db, input.userId);
  const payload = payloadOf(await gql(OFFBOARD, { input }), "offboardUser");
  if (payload.errors.length) return { status: "refused", code: payload.errors[0]?.code };
  const result = payload.offboarding as OffboardingResultJson;
  expect(result.replayed, "a new idempotency key is never a replay").toBe(false);
  expect(result.dryRun).toBe(op.dryRun);
  if (op.dryRun) return { status: "unchanged" };
  state.departed.add(input.userId);
  if (input.idempotencyKey) {
    state.lastIdempotent = { input, result };
    // The stored result (compacted) must expand to exactly what the first call answered.
    await replay(state.lastIdempotent);
  }
  // What the operator saw: reassigned keys that gain services, and the successors' own keys.
  const listed = new Map<string, string[]>();
  for (const k of result.keys) {
    const gained = k.servicesAfter.filter((s) => !k.servicesBefore.includes(s));
    if (k.action === "REASSIGN" && gained.length) listed.set(k.keyId, gained);
  }
  for (const k of result.otherKeysGaining) listed.set(k.keyId, k.gained);
  return {
    status: "changed",
    offboarding: { userId: input.userId, held, result, allowWiderAccess: op.allowWiderAccess },
    widening: { allowWiderAccess: op.allowWiderAccess, listed },
  };
}
