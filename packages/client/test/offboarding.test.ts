import { describe, expect, inject, it } from "vitest";
import { idempotencyKeyOf, KeyholderClient } from "../src/index.js";

const { url, adminToken } = inject("keyholder");
const client = new KeyholderClient({ url, token: adminToken });

async function user(email: string) {
  const holder = await client.holder(email);
  if (holder?.__typename !== "User") throw new Error(`no user ${email}`);
  return holder;
}

describe("offboarding a leaver", () => {
  it("summarises the plan and pages its keys, each as the whole plan lists it", async () => {
    const leaver = await user("victor.chan@housing.gov.example");
    const plan = await client.offboardingPlan(leaver.id);
    const summary = await client.offboardingPlanSummary(leaver.id, { first: 1 });
    expect(summary.keyCount).toBe(plan.keys.length);
    expect(summary.activeKeyCount).toBe(plan.keys.filter((k) => k.active).length);
    expect(summary.plannedKeys.nodes).toHaveLength(Math.min(1, plan.keys.length));
    const paged = [];
    for await (const key of client.plannedKeys(leaver.id, { pageSize: 1 })) paged.push(key);
    expect(paged).toEqual(
      plan.keys.map(
        ({ keyId, name, prefix, environment, active, suggestedHolderId, suggestedHolderEmail, suggestion }) => ({
          keyId,
          name,
          prefix,
          environment,
          active,
          suggestedHolderId,
          suggestedHolderEmail,
          suggestion,
        }),
      ),
    );
  });

  it("plans, dry-runs (changing nothing), offboards once under an idempotency key, and replays", async () => {
    const leaver = await user("liam.wong@health.gov.example");
    const target = await client.holder("finance-team@health.gov.example");
    const plan = await client.offboardingPlan(leaver.id);
    expect(plan.user.email).toBe(leaver.email);
    const keysBefore = plan.keys.filter((k) => k.active).length;

    const input = {
      userId: leaver.id,
      defaultTargetId: target?.id,
      reason: "client test: left on 2026-11-30",
      idempotencyKey: await idempotencyKeyOf("client-test", leaver.email),
    };
    const dryRun = await client.offboardUser({ ...input, dryRun: true });
    expect(dryRun).toMatchObject({ dryRun: true, replayed: false, email: leaver.email });
    expect((await user(leaver.email)).status).toBe("ACTIVE");

    const done = await client.offboardUser(input);
    expect(done).toMatchObject({ dryRun: false, replayed: false });
    expect(done.keys.map((k) => k.keyId).sort()).toEqual(dryRun.keys.map((k) => k.keyId).sort());
    expect(done.keys.length).toBeGreaterThanOrEqual(keysBefore);
    expect((await user(leaver.email)).status).toBe("DEPARTED");
    expect((await client.holderKeys(leaver.email))?.keys.totalCount).toBe(0);

    const replay = await client.offboardUser(input);
    expect(replay).toMatchObject({ replayed: true, dryRun: false });
    expect(replay.keys).toEqual(done.keys);
  });

  it("refuses an idempotency key already used for another user, naming the field", async () => {
    const first = await user("mei.ling.ho@health.gov.example");
    const second = await user("nur.aziz@health.gov.example");
    const target = await client.holder("finance-team@health.gov.example");
    const idempotencyKey = await idempotencyKeyOf("client-test-reuse", first.email);
    await client.offboardUser({ userId: first.id, defaultTargetId: target?.id, idempotencyKey });
    await expect(
      client.offboardUser({ userId: second.id, defaultTargetId: target?.id, idempotencyKey }),
    ).rejects.toMatchObject({ source: "payload", code: "IDEMPOTENCY_KEY_REUSED", field: "idempotencyKey" });
    expect((await user(second.email)).status).toBe("ACTIVE");
  });
});
