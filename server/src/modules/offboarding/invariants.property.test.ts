import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TestDatabase } from "../../test-support/database.js";
import { graphql, type TestApi, useTestApi } from "../../test-support/graphql.js";
import { checkStep, keysThatGainedAccess, observe } from "../../test-support/property/invariants.js";
import { lookup } from "../../test-support/property/lookup.js";
import { offboardArb, offboardInput } from "../../test-support/property/offboard.js";
import { OFFBOARD } from "../../test-support/property/offboard-document.js";
import { applyOperation, type Operation, operationArb } from "../../test-support/property/operations.js";
import type { OffboardingResultJson, Status } from "../../test-support/property/outcome.js";
import { buildWorld, worldArb } from "../../test-support/property/world.js";

/**
 * DOMAIN.md's invariants under random sequences of operations, through the real GraphQL API on
 * PostgreSQL, checked with SQL after every step. The seed is fixed, so CI runs the same cases
 * every time; a failure prints it with the shrunk counterexample and its path. To replay one, set
 * FC_SEED and FC_PATH; to explore, set another FC_SEED and more FC_RUNS.
 */
const PLAN = graphql(`
  query SuggestedHolders($id: ID!) { offboardingPlan(userId: $id) { keys { keyId suggestedHolderId } } }
`);

const seed = Number(process.env.FC_SEED ?? 20_261_122);
const path = process.env.FC_PATH;
const numRuns = Number(process.env.FC_RUNS ?? 25);
/** FC_NO_SHRINK=1 reports the first failure as found, without minimising it (faster). */
const endOnFailure = !!process.env.FC_NO_SHRINK;

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test), { reset: false });

describe("DOMAIN.md invariants", () => {
  it("hold after every step of random creates, rotations, revocations, moves (allowed to widen or not), role changes and offboardings", async () => {
    const seen = new Map<Operation["kind"], Set<Status>>();
    const operations = fc.array(operationArb, { minLength: 1, maxLength: 12, size: "max" });
    await fc.assert(
      fc.asyncProperty(worldArb, operations, async (world, ops) => {
        const state = await buildWorld(db, api, world);
        let before = await observe(db);
        for (const [i, op] of ops.entries()) {
          const outcome = await applyOperation(db, api, state, op);
          seen.set(op.kind, (seen.get(op.kind) ?? new Set()).add(outcome.status));
          try {
            before = await checkStep(db, api, state, before, outcome);
          } catch (error) {
            if (error instanceof Error) {
              error.message = `step ${i} ${JSON.stringify(op)} ${outcome.status} ${outcome.code ?? ""}: ${error.message}`;
            }
            throw error;
          }
        }
      }),
      { seed, path, numRuns, endOnFailure },
    );
    // The default run is not vacuous: every kind of change went through at least once, a dry run
    // and a replay succeeded, and the API refused something. (Other seeds may differ.)
    if (process.env.FC_SEED || path) return;
    const changes: Operation["kind"][] = ["create", "rotate", "revoke", "reassign", "reassignMany", "addBilling"];
    for (const kind of [...changes, "removeCollaborator", "offboard"] as const) {
      expect(seen.get(kind), kind).toContain("changed");
    }
    expect(seen.get("offboard"), "dry runs").toContain("unchanged");
    expect(seen.get("replayOffboarding"), "replays").toContain("unchanged");
    expect([...seen.values()].filter((s) => s.has("refused")).length).toBeGreaterThan(3);
  }, 300_000);

  it("an offboarding after random steps keeps them, refusing to widen a key's access unless allowed", async () => {
    const tally = { movedWorkingKeys: 0, refusedAsWidening: 0 };
    const ops = fc.array(operationArb, { maxLength: 4 });
    await fc.assert(
      fc.asyncProperty(worldArb, ops, offboardArb, async (world, operations, offboard) => {
        const state = await buildWorld(db, api, world);
        for (const op of operations) await applyOperation(db, api, state, op);
        const step = async (op: Operation) => {
          const before = await observe(db);
          const outcome = await applyOperation(db, api, state, op);
          await checkStep(db, api, state, before, outcome);
          return outcome;
        };
        const strict = { ...offboard, dryRun: false, allowWiderAccess: false };
        const outcome = await step(strict);
        const moved = outcome.offboarding?.result.keys.filter((k) => k.action === "REASSIGN") ?? [];
        if (moved.some((k) => k.servicesBefore.length)) tally.movedWorkingKeys++;
        if (outcome.code !== "ACCESS_WOULD_WIDEN") return;
        // The refusal was not spurious: allowed, the same offboarding goes through and widens access.
        tally.refusedAsWidening++;
        const allowed = await step({ ...strict, allowWiderAccess: true });
        expect(allowed.status, "the same offboarding with allowWiderAccess").toBe("changed");
        const result = allowed.offboarding?.result as OffboardingResultJson;
        if (result.keys.some((k) => k.action === "REASSIGN" && k.servicesBefore.length)) tally.movedWorkingKeys++;
        expect(await keysThatGainedAccess(api, result), "keys that gained access").not.toEqual([]);
      }),
      { seed, path, numRuns, endOnFailure },
    );
    if (!process.env.FC_SEED && !path) {
      expect(tally.movedWorkingKeys, "offboardings that moved working keys").toBeGreaterThan(2);
      expect(tally.refusedAsWidening, "offboardings refused as widening").toBeGreaterThan(0);
    }
  }, 300_000);

  it("a move after random steps widens no key's access unless allowed, and then only the keys it listed", async () => {
    const tally = { movedWorkingKeys: 0, refusedAsWidening: 0 };
    const ops = fc.array(operationArb, { maxLength: 4 });
    const move = fc.oneof(
      fc.record({ kind: fc.constant("reassign" as const), key: fc.nat({ max: 15 }), to: fc.nat({ max: 15 }) }),
      fc.record({
        kind: fc.constant("reassignMany" as const),
        keys: fc.array(fc.nat({ max: 15 }), { minLength: 1, maxLength: 3 }),
        to: fc.nat({ max: 15 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        worldArb,
        ops,
        move,
        fc.boolean(),
        fc.boolean(),
        async (world, operations, m, keepAccess, toHolder) => {
          const state = await buildWorld(db, api, world);
          for (const op of operations) await applyOperation(db, api, state, op);
          // Aim the move where it can go through: keys not revoked, to an active holder not holding
          // them; half the time to one that already holds a key, which the roles carried over reach.
          const { holders, keys } = await lookup(db);
          const movable = keys.flatMap((k, i) => (k.revoked ? [] : [i]));
          const first = movable.length
            ? keys[movable[(m.kind === "reassign" ? m.key : (m.keys[0] ?? 0)) % movable.length] as number]
            : undefined;
          if (!first) return;
          const picked =
            m.kind === "reassign"
              ? [first]
              : [first, ...m.keys.slice(1).map((n) => keys[movable[n % movable.length] as number])];
          const from = new Set(picked.map((k) => k?.holderId));
          const targets = holders.flatMap((h, i) =>
            h.status === "DEPARTED" ||
            from.has(h.id) ||
            (toHolder && !keys.some((k) => k.holderId === h.id && !k.revoked))
              ? []
              : [i],
          );
          if (!targets.length) return;
          const to = targets[m.to % targets.length] as number;
          const index = (k: (typeof keys)[number] | undefined) => keys.indexOf(k as (typeof keys)[number]);
          m = m.kind === "reassign" ? { ...m, key: index(first), to } : { ...m, keys: picked.map(index), to };
          const step = async (op: Operation) => {
            const before = await observe(db);
            const outcome = await applyOperation(db, api, state, op);
            await checkStep(db, api, state, before, outcome);
            return outcome;
          };
          const strict = { ...m, keepAccess, allowWiderAccess: false, staleVersion: false } as Operation;
          const outcome = await step(strict);
          if (outcome.status === "changed" && outcome.moved?.some((k) => k.servicesBefore.length)) {
            tally.movedWorkingKeys++;
          }
          if (outcome.code !== "ACCESS_WOULD_WIDEN") return;
          // The refusal was not spurious: allowed, the same move goes through and some key gains.
          tally.refusedAsWidening++;
          const allowed = await step({ ...strict, allowWiderAccess: true } as Operation);
          expect(allowed.status, "the same move with allowWiderAccess").toBe("changed");
          expect(allowed.widening?.listed.size, "keys listed as gaining services").toBeGreaterThan(0);
        },
      ),
      { seed, path, numRuns, endOnFailure },
    );
    if (!process.env.FC_SEED && !path) {
      expect(tally.movedWorkingKeys, "moves of working keys").toBeGreaterThan(2);
      expect(tally.refusedAsWidening, "moves refused as widening").toBeGreaterThan(1);
    }
  }, 300_000);

  it("an offboarding that follows the plan's suggestions is never refused as widening", async () => {
    const tally = { followed: 0 };
    const ops = fc.array(operationArb, { maxLength: 4 });
    await fc.assert(
      fc.asyncProperty(worldArb, ops, fc.nat({ max: 15 }), async (world, operations, n) => {
        const state = await buildWorld(db, api, world);
        for (const op of operations) await applyOperation(db, api, state, op);
        const active = (await lookup(db)).users.filter((u) => u.status === "ACTIVE");
        const user = active[n % Math.max(active.length, 1)];
        if (!user) return;
        const keys = (await api.execute(PLAN, { id: user.id })).offboardingPlan.keys;
        const suggested = keys.filter((k) => k.suggestedHolderId);
        if (!suggested.length) return;
        // Keys with a suggestion go to it; the others are revoked (kept by the first suggestion).
        const decisions = keys.map((k) =>
          k.suggestedHolderId
            ? { keyId: k.keyId, action: "REASSIGN" as const, toHolderId: k.suggestedHolderId }
            : { keyId: k.keyId, action: "REVOKE" as const },
        );
        const input = { userId: user.id, defaultTargetId: suggested[0]?.suggestedHolderId, decisions, dryRun: true };
        const res = await api.gql(OFFBOARD, { input });
        const codes = (res.data?.offboardUser.errors ?? []).map((e) => e.code);
        expect(codes, "the plan's suggestions, applied").not.toContain("ACCESS_WOULD_WIDEN");
        if (!codes.length) tally.followed++;
      }),
      { seed, path, numRuns, endOnFailure },
    );
    if (!process.env.FC_SEED && !path)
      expect(tally.followed, "offboardings that followed suggestions").toBeGreaterThan(0);
  }, 300_000);

  it("a dry run's result equals the real run's, and the dry run changes nothing", async () => {
    const ops = fc.array(operationArb, { maxLength: 4 });
    await fc.assert(
      fc.asyncProperty(worldArb, ops, offboardArb, async (world, operations, offboard) => {
        const state = await buildWorld(db, api, world);
        for (const op of operations) await applyOperation(db, api, state, op);
        const input = offboardInput(await lookup(db), { ...offboard, dryRun: true }, null);
        if (!input) return;
        const before = await observe(db);
        const dry = await api.gql(OFFBOARD, { input });
        expect(dry.errors).toBeUndefined();
        const after = await observe(db);
        expect(after.rows).toEqual(before.rows);
        expect(after.audit.length).toBe(before.audit.length);
        const real = await api.gql(OFFBOARD, { input: { ...input, dryRun: false } });
        const { offboarding, errors } = real.data?.offboardUser ?? {};
        expect({ offboarding: offboarding && { ...offboarding, dryRun: true }, errors }).toEqual(
          dry.data?.offboardUser,
        );
      }),
      { seed, path, numRuns, endOnFailure },
    );
  }, 300_000);
});
