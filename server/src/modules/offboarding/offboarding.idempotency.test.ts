import { describe, expect, it } from "vitest";
import { auditRows } from "../../test-support/audit.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { graphql, type InputOf, type TestApi, UserErrorFields, useTestApi } from "../../test-support/graphql.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const OFFBOARD = graphql(
  `mutation OffboardOnce($input: OffboardUserInput!) { offboardUser(input: $input) {
    offboarding { email dryRun replayed keys { keyId action toHolderEmail } }
    errors { ...UserErrorFields } } }`,
  [UserErrorFields],
);
type OffboardInput = InputOf<typeof OFFBOARD>;

/** Alice leaves holding two keys; the finance group email can take them. */
async function aliceLeaves() {
  const f = factories(db.em());
  const alice = await f.user({ email: "alice@agency.gov.example" });
  const finance = await f.group({ email: "finance@agency.gov.example" }, [alice]);
  const ops = await f.group({ email: "ops@agency.gov.example" }, [alice]);
  const payments = await f.key(alice, { name: "payments" });
  const sandbox = await f.key(alice, { name: "sandbox" });
  return { alice, finance, ops, payments, sandbox };
}

async function offboard(input: OffboardInput) {
  const res = await api.gql(OFFBOARD, { input });
  expect(res.errors).toBeUndefined();
  return res.data!.offboardUser;
}

const offboardings = async () => (await auditRows(db)).filter((r) => r.action === "user.offboarded").length;

describe("offboardUser: an idempotency key is bound to its request", () => {
  it("refuses the same key with another reason, no target, other decisions or wider access, and a dry run reports it too", async () => {
    const { alice, finance, ops, payments } = await aliceLeaves();
    const input: OffboardInput = {
      userId: alice.id,
      defaultTargetId: finance.id,
      reason: "left on 2026-12-04",
      idempotencyKey: "hr-feed-2026-12-04-alice",
    };
    const first = await offboard(input);
    expect(first.errors).toEqual([]);
    expect(first.offboarding?.replayed).toBe(false);

    const changed: OffboardInput[] = [
      { ...input, reason: "another reason" },
      { ...input, reason: null },
      { ...input, defaultTargetId: null },
      { ...input, defaultTargetId: ops.id },
      { ...input, decisions: [{ keyId: payments.id, action: "REVOKE" }] },
      { ...input, allowWiderAccess: true },
      { ...input, reason: "another reason", dryRun: true },
    ];
    for (const other of changed) {
      const refused = await offboard(other);
      expect(refused.offboarding).toBeNull();
      expect(refused.errors).toEqual([
        expect.objectContaining({ code: "IDEMPOTENCY_KEY_REUSED", field: "idempotencyKey" }),
      ]);
    }
    expect(await offboardings()).toBe(1);

    // The very same request replays, and so does its dry run (a preview of what the real run answers).
    const again = await offboard({ ...input, reason: "  left on 2026-12-04 " });
    expect(again).toMatchObject({ errors: [], offboarding: { replayed: true, email: "alice@agency.gov.example" } });
    expect(again.offboarding?.keys).toEqual(first.offboarding?.keys);
    const dry = await offboard({ ...input, dryRun: true });
    expect(dry).toMatchObject({ errors: [], offboarding: { replayed: true } });
    expect(await offboardings()).toBe(1);
  });

  it("counts decisions as a set: the same decisions in another order replay", async () => {
    const { alice, finance, payments, sandbox } = await aliceLeaves();
    const decisions: NonNullable<OffboardInput["decisions"]> = [
      { keyId: payments.id, action: "REASSIGN", toHolderId: finance.id },
      { keyId: sandbox.id, action: "REVOKE" },
    ];
    const input: OffboardInput = { userId: alice.id, defaultTargetId: finance.id, idempotencyKey: "hr-feed-row-0042" };
    const first = await offboard({ ...input, decisions });
    expect(first.errors).toEqual([]);
    const again = await offboard({ ...input, decisions: [...decisions].reverse() });
    expect(again).toMatchObject({ errors: [], offboarding: { replayed: true } });
    expect(again.offboarding?.keys).toEqual(first.offboarding?.keys);
  });

  it("keeps a record written before requests were hashed bound to its user only", async () => {
    const { alice, finance } = await aliceLeaves();
    const input: OffboardInput = { userId: alice.id, defaultTargetId: finance.id, idempotencyKey: "hr-feed-legacy-01" };
    expect((await offboard(input)).errors).toEqual([]);
    await db.em().execute("update offboarding_record set request_hash = null");
    const replay = await offboard({ ...input, reason: "sent differently before hashing" });
    expect(replay).toMatchObject({ errors: [], offboarding: { replayed: true } });
  });
});
