import pg from "pg";
import { describe, expect, it } from "vitest";
import { mintChecksummed } from "../../shared/secrets.js";
import { auditRows } from "../../test-support/audit.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { type TestApi, useTestApi } from "../../test-support/graphql.js";
import { reasonOf } from "../../test-support/keys.js";
import { ACCESS_TOKEN_PREFIX } from "../auth/auth-settings.js";
import { Role } from "../auth/role.js";
import { CollaboratorRole } from "../collaborator/collaborator-role.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const OFFBOARD = /* GraphQL */ `mutation($i: OffboardUserInput!) { offboardUser(input: $i) {
  offboarding { email dryRun replayed keys { keyId name action toHolderEmail servicesBefore servicesAfter }
    billingAdded { holderEmail services } collaborationsRemoved { service role } groupsLeft sessionsEnded tokensRevoked }
  errors { field code message } } }`;
const PLAN = /* GraphQL */ `query($id: ID!) { offboardingPlan(userId: $id) {
  keys { name worksOn suggestedHolderEmail suggestion } collaborations { service role soleBilling } lastActiveMemberOf wouldBreak } }`;

/** Alice leaves: she holds two keys (one production), is Billing on two services (sole on one), and the last active member of a group. */
async function aliceLeaves() {
  const f = factories(db.em());
  const alice = await f.user({ email: "alice@agency.gov.example" });
  const bob = await f.user({ email: "bob@agency.gov.example" });
  const finance = await f.group({ email: "finance@agency.gov.example" }, [alice, bob]);
  const solo = await f.group({ email: "solo@agency.gov.example" }, [alice]);
  const fines = await f.service({ slug: "fines" });
  const permits = await f.service({ slug: "permits" });
  await f.collaborator(fines, alice);
  await f.collaborator(permits, alice);
  await f.collaborator(permits, alice, CollaboratorRole.ADMIN);
  await f.collaborator(fines, finance);
  const payments = await f.key(alice, { name: "payments" });
  const sandbox = await f.key(alice, { name: "sandbox" });
  return { f, alice, bob, finance, solo, fines, permits, payments, sandbox };
}

const worksOn = async (keyId: string) =>
  (await api.gql(`{ apiKey(id: "${keyId}") { worksOn { slug } } }`)).data?.apiKey.worksOn.map(
    (s: { slug: string }) => s.slug,
  );

describe("offboardingPlan", () => {
  it("shows keys with where they work, sole Billing roles, last memberships, successors and what would break", async () => {
    const { alice } = await aliceLeaves();
    const res = await api.gql(PLAN, { id: alice.id });
    const plan = res.data?.offboardingPlan;
    expect(plan.keys.map((k: { name: string; worksOn: string[] }) => [k.name, k.worksOn]).sort()).toEqual([
      ["payments", ["fines", "permits"]],
      ["sandbox", ["fines", "permits"]],
    ]);
    expect(plan.collaborations).toEqual([
      { service: "fines", role: "BILLING", soleBilling: false },
      { service: "permits", role: "ADMIN", soleBilling: false },
      { service: "permits", role: "BILLING", soleBilling: true },
    ]);
    expect(plan.lastActiveMemberOf).toEqual(["solo@agency.gov.example"]);
    // No group is Billing on both services, so the suggestion is a group Alice belongs to (a healthy one first).
    expect(plan.keys[0].suggestedHolderEmail).toBe("finance@agency.gov.example");
    expect(plan.keys[0].suggestion).toContain("would become a Billing collaborator on fines, permits");
    expect(plan.wouldBreak).toEqual(
      expect.arrayContaining([
        "permits loses its only Billing collaborator.",
        "solo@agency.gov.example loses its last active member.",
      ]),
    );
    expect((await auditRows(db)).filter((r) => r.action !== "access_token.created")).toEqual([]);
  });
});

describe("offboardUser", () => {
  it("refuses a successor that would make a key work on more services, unless told to allow it", async () => {
    const { f, alice, finance, payments } = await aliceLeaves();
    const tolls = await f.service({ slug: "tolls" });
    await f.collaborator(tolls, finance);
    const refused = await api.gql(OFFBOARD, { i: { userId: alice.id, defaultTargetId: finance.id } });
    expect(refused.data?.offboardUser.errors[0]).toMatchObject({
      code: "ACCESS_WOULD_WIDEN",
      field: "defaultTargetId",
    });
    expect(refused.data?.offboardUser.errors[0].message).toContain("tolls");
    expect(refused.data?.offboardUser.errors[0].message).toMatch(/^2 keys would work on more services than before/);
    const [still] = await db.em().execute("select holder_id from api_key where id = ?", [payments.id]);
    expect(still?.holder_id).toBe(alice.id);
    const allowed = await api.gql(OFFBOARD, {
      i: { userId: alice.id, defaultTargetId: finance.id, allowWiderAccess: true },
    });
    expect(allowed.data?.offboardUser.errors).toEqual([]);
    expect(await worksOn(payments.id)).toEqual(["fines", "permits", "tolls"]);
  });

  it("moves every key keeping access, removes roles and memberships, and marks the user DEPARTED", async () => {
    const { alice, finance, payments, sandbox } = await aliceLeaves();
    const before = { payments: await worksOn(payments.id), sandbox: await worksOn(sandbox.id) };
    const res = await api.gql(OFFBOARD, {
      i: { userId: alice.id, defaultTargetId: finance.id, reason: "left the agency" },
    });
    expect(res.data?.offboardUser.errors).toEqual([]);
    const done = res.data?.offboardUser.offboarding;
    expect(done.keys.map((k: { action: string; toHolderEmail: string }) => [k.action, k.toHolderEmail])).toEqual([
      ["REASSIGN", "finance@agency.gov.example"],
      ["REASSIGN", "finance@agency.gov.example"],
    ]);
    expect(done.billingAdded).toEqual([{ holderEmail: "finance@agency.gov.example", services: ["permits"] }]);
    expect(done.collaborationsRemoved).toHaveLength(3);
    expect(done.groupsLeft).toEqual(["finance@agency.gov.example", "solo@agency.gov.example"]);
    // Invariant 2: every reassigned key works on exactly the services it worked on before.
    expect(await worksOn(payments.id)).toEqual(before.payments);
    expect(await worksOn(sandbox.id)).toEqual(before.sandbox);
    for (const k of done.keys) expect(k.servicesAfter).toEqual(k.servicesBefore);
    const [held] = await db
      .em()
      .execute(
        "select (select count(*)::int from api_key where holder_id = ?) as keys, (select count(*)::int from collaborator where holder_id = ?) as roles, (select count(*)::int from group_membership where user_id = ?) as groups, (select status from holder where id = ?) as status",
        [alice.id, alice.id, alice.id, alice.id],
      );
    expect(held).toEqual({ keys: 0, roles: 0, groups: 0, status: "DEPARTED" });
    expect(await reasonOf(api, { secret: payments.secret, service: "permits" })).toBe("VALID");
    const actions = (await auditRows(db)).map((r) => r.action);
    expect(actions).toContain("user.offboarded");
    expect(actions.filter((a) => a === "api_key.reassigned")).toHaveLength(2);
    expect(actions.filter((a) => a === "collaborator.removed")).toHaveLength(3);
  });

  it("revokes the keys it is told to, leaving them with the default target as custodian", async () => {
    const { alice, finance, payments, sandbox } = await aliceLeaves();
    const res = await api.gql(OFFBOARD, {
      i: { userId: alice.id, defaultTargetId: finance.id, decisions: [{ keyId: sandbox.id, action: "REVOKE" }] },
    });
    expect(res.data?.offboardUser.errors).toEqual([]);
    const keys = res.data?.offboardUser.offboarding.keys;
    expect(keys.find((k: { keyId: string }) => k.keyId === sandbox.id)).toMatchObject({
      action: "REVOKE",
      servicesAfter: [],
    });
    expect(await reasonOf(api, { secret: sandbox.secret, service: "fines" })).toBe("REVOKED");
    expect(await reasonOf(api, { secret: payments.secret, service: "fines" })).toBe("VALID");
  });

  it("audits every change in order: revocations, moves keeping access, carried-over roles, custody, roles removed", async () => {
    const { alice, finance, fines, permits, payments, sandbox } = await aliceLeaves();
    const res = await api.gql(OFFBOARD, {
      i: {
        userId: alice.id,
        defaultTargetId: finance.id,
        decisions: [{ keyId: sandbox.id, action: "REVOKE" }],
        reason: "left the agency",
      },
    });
    expect(res.data?.offboardUser.errors).toEqual([]);
    const rows = (await auditRows(db)).filter((r) => r.action !== "access_token.created");
    expect(new Set(rows.map((r) => r.reason))).toEqual(new Set(["left the agency"]));
    expect(new Set(rows.map((r) => r.occurredAt.getTime())).size).toBe(1);
    const from = { holderId: alice.id, holder: "alice@agency.gov.example" };
    const to = { holderId: finance.id, holder: "finance@agency.gov.example" };
    const changes = rows.map((r) => [r.action, r.subjectId, r.before, r.after]);
    expect(changes.slice(0, 4)).toEqual([
      ["api_key.revoked", sandbox.id, null, null],
      ["api_key.reassigned", payments.id, { ...from, serviceCount: 2 }, { ...to, serviceCount: 2 }],
      [
        "collaborator.added",
        permits.id,
        null,
        { service: "permits", holder: to.holder, role: "BILLING", carriedOverFor: "key reassignment" },
      ],
      ["api_key.reassigned", sandbox.id, { ...from, serviceCount: 0 }, { ...to, serviceCount: 0 }],
    ]);
    expect(changes.slice(4, 7).sort()).toEqual(
      [
        ["collaborator.removed", fines.id, { service: "fines", holder: from.holder, role: "BILLING" }, null],
        ["collaborator.removed", permits.id, { service: "permits", holder: from.holder, role: "ADMIN" }, null],
        ["collaborator.removed", permits.id, { service: "permits", holder: from.holder, role: "BILLING" }, null],
      ].sort(),
    );
    expect(changes.slice(7)).toEqual([
      [
        "user.offboarded",
        alice.id,
        { status: "ACTIVE" },
        {
          status: "DEPARTED",
          keysReassigned: 1,
          keysRevoked: 1,
          collaborationsRemoved: 3,
          groupsLeft: ["finance@agency.gov.example", "solo@agency.gov.example"],
        },
      ],
    ]);
    // Revoked and then handed to its custodian: two changes, two versions.
    const versions = await db
      .em()
      .execute<{ id: string; version: number }[]>("select id, version from api_key where id in (?, ?)", [
        payments.id,
        sandbox.id,
      ]);
    expect(Object.fromEntries(versions.map((v) => [v.id, v.version]))).toEqual({
      [payments.id]: payments.version + 1,
      [sandbox.id]: sandbox.version + 2,
    });
    const custody = await api.gql(`{ apiKey(id: "${sandbox.id}") { custody { holderEmail reason } } }`);
    expect(custody.data?.apiKey.custody).toEqual([
      { holderEmail: "alice@agency.gov.example", reason: null },
      { holderEmail: "finance@agency.gov.example", reason: "left the agency" },
    ]);
  });

  it("ends the leaver's sessions and tokens at once", async () => {
    const { alice, finance } = await aliceLeaves();
    await db.em().execute("update holder set console_role = 'VIEWER' where id = ?", [alice.id]);
    const minted = mintChecksummed(ACCESS_TOKEN_PREFIX);
    await db
      .em()
      .execute(
        "insert into access_token (id, user_id, name, role, prefix, digest, expires_at) values (gen_random_uuid(), ?, 'alice', 'VIEWER', ?, ?, now() + interval '1 day')",
        [alice.id, minted.prefix, minted.digest],
      );
    const me = () =>
      api.anonymous("{ me { user { email } } }", undefined, { authorization: `Bearer ${minted.secret}` });
    expect((await me()).data?.me.user.email).toBe("alice@agency.gov.example");
    const res = await api.gql(OFFBOARD, { i: { userId: alice.id, defaultTargetId: finance.id } });
    expect(res.data?.offboardUser.offboarding.tokensRevoked).toBe(1);
    expect((await me()).status).toBe(401);
  });

  it("a dry run returns exactly what the real run then does, and changes nothing", async () => {
    const { alice, finance } = await aliceLeaves();
    const snapshot = async () =>
      db
        .em()
        .execute(
          "select (select count(*)::int from audit_event) as audit, (select string_agg(holder_id::text || version, ',' order by id) from api_key) as keys, (select count(*)::int from collaborator) as roles, (select status from holder where id = ?) as status",
          [alice.id],
        );
    const before = await snapshot();
    const dry = await api.gql(OFFBOARD, { i: { userId: alice.id, defaultTargetId: finance.id, dryRun: true } });
    expect(dry.data?.offboardUser.offboarding.dryRun).toBe(true);
    expect(await snapshot()).toEqual(before);
    const real = await api.gql(OFFBOARD, { i: { userId: alice.id, defaultTargetId: finance.id } });
    expect({ ...real.data?.offboardUser.offboarding, dryRun: true }).toEqual(dry.data?.offboardUser.offboarding);
  });

  it("acts once for one idempotency key, and refuses the key for another user", async () => {
    const { alice, bob, finance } = await aliceLeaves();
    const input = { userId: alice.id, defaultTargetId: finance.id, idempotencyKey: "hr-feed-2026-11-22-alice" };
    const [first, second] = await Promise.all([api.gql(OFFBOARD, { i: input }), api.gql(OFFBOARD, { i: input })]);
    const results = [first, second].map((r) => r.data?.offboardUser.offboarding);
    expect(results.map((r) => r.replayed).sort()).toEqual([false, true]);
    expect({ ...results[0], replayed: false }).toEqual({ ...results[1], replayed: false });
    expect((await auditRows(db)).filter((r) => r.action === "user.offboarded")).toHaveLength(1);
    const reused = await api.gql(OFFBOARD, { i: { ...input, userId: bob.id } });
    expect(reused.data?.offboardUser.errors[0].code).toBe("IDEMPOTENCY_KEY_REUSED");
  });

  it("needs a default target when the user holds keys, refuses the departed, and works for a user with no keys", async () => {
    const { f, alice, finance } = await aliceLeaves();
    const missing = await api.gql(OFFBOARD, { i: { userId: alice.id } });
    expect(missing.data?.offboardUser.errors[0]).toMatchObject({ code: "REQUIRED", field: "defaultTargetId" });
    const keyless = await f.user();
    const res = await api.gql(OFFBOARD, { i: { userId: keyless.id } });
    expect(res.data?.offboardUser.offboarding.keys).toEqual([]);
    const again = await api.gql(OFFBOARD, { i: { userId: keyless.id } });
    expect(again.data?.offboardUser.errors[0].code).toBe("USER_DEPARTED");
    const { userId: adminId } = await api.tokenFor(Role.ADMIN);
    const lastAdmin = await api.gql(OFFBOARD, { i: { userId: adminId } });
    expect(lastAdmin.data?.offboardUser.errors[0].code).toBe("FORBIDDEN");
    const viewer = await api.as(Role.VIEWER)(OFFBOARD, { i: { userId: alice.id, defaultTargetId: finance.id } });
    expect(viewer.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("costs the same SQL statements and stored audit rows for a user with 10 keys as for one with 400", async () => {
    const { f } = await aliceLeaves();
    const counts: number[] = [];
    const stored: number[] = [];
    const auditCount = async () =>
      (await db.em().execute<{ n: number }[]>("select count(*)::int as n from audit_event"))[0]?.n as number;
    for (const n of [10, 400]) {
      const before = await auditCount();
      const leaver = await f.user();
      const services = await Promise.all([f.service(), f.service(), f.service()]);
      for (const s of services) await f.collaborator(s, leaver);
      await f.keys(Array.from({ length: n }, (_, i) => ({ holder: leaver, name: `k${i}` })));
      const successor = await f.group();
      const res = await api.gql(OFFBOARD, { i: { userId: leaver.id, defaultTargetId: successor.id } });
      expect(res.data?.offboardUser.offboarding.keys).toHaveLength(n);
      counts.push(res.sqlStatements);
      stored.push((await auditCount()) - before);
      expect(await db.em().execute("select 1 from audit_event where cardinality(subject_ids) = ?", [n])).toHaveLength(
        1,
      );
    }
    // The moves are one row (a subject set), then 3 roles carried over, 3 removed, and user.offboarded.
    expect(stored).toEqual([8, 8]);
    // The user, the last-ADMIN check, the keys read, the successors' Billing, the hand-over of
    // every key with its audit, roles and memberships with theirs, sessions, tokens and their
    // NOTIFY, the NOTIFY of the moves: however many keys.
    expect(counts).toEqual([10, 10]);
  });

  it("plans again when a key of the leaver changes under the hand-over, and its result and audit are as if it came first", async () => {
    const { alice, finance, payments, sandbox } = await aliceLeaves();
    // Another transaction revokes one of Alice's keys and holds the row until it commits.
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    try {
      await other.query("begin");
      await other.query(
        "update api_key set revoked_at = now(), revoked_reason = 'leaked', version = version + 1 where id = $1",
        [sandbox.id],
      );
      const pending = api.gql(OFFBOARD, { i: { userId: alice.id, defaultTargetId: finance.id, reason: "left" } });
      // The offboarding read Alice's keys (sandbox still active) and now waits for the row.
      await expect
        .poll(async () => {
          const { rows } = await other.query(
            "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
          );
          return rows[0].n;
        })
        .toBe(1);
      await other.query("commit");
      const res = await pending;
      expect(res.data?.offboardUser.errors).toEqual([]);
      const keys = res.data?.offboardUser.offboarding.keys;
      expect(
        keys
          .map((k: { name: string; action: string; servicesAfter: string[] }) => [k.name, k.action, k.servicesAfter])
          .sort(),
      ).toEqual([
        ["payments", "REASSIGN", ["fines", "permits"]],
        ["sandbox", "REVOKE", []],
      ]);
      // One event per key: the first attempt wrote nothing that stayed.
      const moves = (await auditRows(db)).filter((r) => r.action === "api_key.reassigned");
      expect(moves.map((r) => [r.subjectId, r.after?.serviceCount]).sort()).toEqual(
        [
          [payments.id, 2],
          [sandbox.id, 0],
        ].sort(),
      );
      const { rows } = await other.query("select holder_id, revoked_reason from api_key where id = $1", [sandbox.id]);
      expect(rows[0]).toEqual({ holder_id: finance.id, revoked_reason: "leaked" });
    } finally {
      await other.end();
    }
  });
});
