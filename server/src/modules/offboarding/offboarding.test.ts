import { describe, expect, it } from "vitest";
import { CollaboratorRole } from "../../shared/collaborator-role.js";
import { Role } from "../../shared/role.js";
import { mintChecksummed } from "../../shared/secrets.js";
import { auditRows } from "../../test-support/audit.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { graphql, type TestApi, useTestApi } from "../../test-support/graphql.js";
import { handOversRacing } from "../../test-support/hand-over-race.js";
import { reasonOf } from "../../test-support/keys.js";
import { openTransaction, tracked, untilWaiting } from "../../test-support/locks.js";
import { ACCESS_TOKEN_PREFIX } from "../auth/auth-settings.js";
import { UserStatus } from "../holder/user/user-status.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test), { serviceSlugs: true });

const OFFBOARD = graphql(`mutation($i: OffboardUserInput!) { offboardUser(input: $i) {
  offboarding { email dryRun replayed keys { keyId name action toHolderEmail servicesBefore { slug } servicesAfter { slug } }
    billingAdded { holderEmail services { slug } } otherKeysGaining { keyId name holderEmail gained { slug } }
    collaborationsRemoved { service { slug } role } groupsLeft sessionsEnded tokensRevoked }
  errors { field code message } } }`);
const PLAN = graphql(`query($id: ID!) { offboardingPlan(userId: $id) {
  keys { name worksOn { id slug name } suggestedHolderEmail suggestion } collaborations { service { id slug name } role soleBilling } lastActiveMemberOf wouldBreak
  finished } }`);

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
  (
    await api.gql(graphql(`query($id: ID!) { apiKey(id: $id) { worksOn { id slug } } }`), { id: keyId })
  ).data?.apiKey?.worksOn?.map((s) => s.slug);

describe("offboardingPlan", () => {
  it("shows keys with where they work, sole Billing roles, last memberships, successors and what would break", async () => {
    const { alice, fines, permits } = await aliceLeaves();
    const res = await api.gql(PLAN, { id: alice.id });
    const plan = res.data?.offboardingPlan;
    expect(plan!.keys.map((k) => [k.name, k.worksOn.map((s) => s.slug)]).sort()).toEqual([
      ["payments", ["fines", "permits"]],
      ["sandbox", ["fines", "permits"]],
    ]);
    expect(plan!.collaborations).toEqual([
      { service: { id: fines.id, slug: "fines", name: fines.name }, role: "BILLING", soleBilling: false },
      { service: { id: permits.id, slug: "permits", name: permits.name }, role: "ADMIN", soleBilling: false },
      { service: { id: permits.id, slug: "permits", name: permits.name }, role: "BILLING", soleBilling: true },
    ]);
    expect(plan!.keys[0]!.worksOn).toEqual([
      { id: fines.id, slug: "fines", name: fines.name },
      { id: permits.id, slug: "permits", name: permits.name },
    ]);
    expect(plan!.lastActiveMemberOf).toEqual(["solo@agency.gov.example"]);
    // No group is Billing on exactly both services, so the suggestion is a group Alice belongs to
    // (a healthy one first) that is Billing on fewer and holds no key that would gain.
    expect(plan!.keys[0]!.suggestedHolderEmail).toBe("finance@agency.gov.example");
    expect(plan!.keys[0]!.suggestion).toContain("would become a Billing collaborator on permits");
    expect(plan!.wouldBreak).toEqual(
      expect.arrayContaining([
        "permits loses its only Billing collaborator.",
        "solo@agency.gov.example loses its last active member.",
      ]),
    );
    expect((await auditRows(db)).filter((r) => r.action !== "access_token.created")).toEqual([]);
  });

  it("suggests only a successor the offboarding accepts, preferring one Billing on exactly the key's services", async () => {
    const { f, alice, fines, permits } = await aliceLeaves();
    const tolls = await f.service({ slug: "tolls" });
    // Billing on more than Alice: the key would gain tolls. First by email, so it used to be suggested.
    const all = await f.group({ email: "all@agency.gov.example" });
    for (const s of [fines, permits, tolls]) await f.collaborator(s, all);
    const exact = await f.group({ email: "exact@agency.gov.example" });
    for (const s of [fines, permits]) await f.collaborator(s, exact);
    const res = await api.gql(PLAN, { id: alice.id });
    const active = res.data?.offboardingPlan?.keys;
    for (const key of active!) {
      expect(key.suggestedHolderEmail).toBe("exact@agency.gov.example");
      expect(key.suggestion).toContain("exactly the services the key works on (fines, permits)");
    }
    const done = await api.gql(OFFBOARD, { i: { userId: alice.id, defaultTargetId: exact.id } });
    expect(done.data?.offboardUser?.errors).toEqual([]);
  });

  it("counts only live services: a group also Billing on an archived service is an exact successor", async () => {
    const { f, alice, fines, permits } = await aliceLeaves();
    const old = await f.service({ slug: "old", archivedAt: new Date() });
    await f.collaborator(old, alice);
    // Billing on Alice's live services plus an archived one of its own: no key works there, so
    // neither the moved keys nor its own key gain anything.
    const other = await f.group({ email: "archived-extra@agency.gov.example" });
    for (const s of [fines, permits]) await f.collaborator(s, other);
    await f.collaborator(await f.service({ slug: "older", archivedAt: new Date() }), other);
    await f.key(other, { name: "other's" });
    const res = await api.gql(PLAN, { id: alice.id });
    const keys = res.data?.offboardingPlan?.keys ?? [];
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      expect(key.worksOn.map((s) => s.slug)).toEqual(["fines", "permits"]);
      expect(key.suggestedHolderEmail).toBe("archived-extra@agency.gov.example");
    }
    const done = await api.gql(OFFBOARD, { i: { userId: alice.id, defaultTargetId: other.id, dryRun: true } });
    expect(done.data?.offboardUser?.errors).toEqual([]);
    expect(done.data?.offboardUser?.offboarding?.otherKeysGaining).toEqual([]);
  });

  it("suggests nothing, and says so, when every group would make some key work on more services", async () => {
    const f = factories(db.em());
    const carol = await f.user({ email: "carol@agency.gov.example" });
    const fines = await f.service({ slug: "fines" });
    const tolls = await f.service({ slug: "tolls" });
    await f.collaborator(fines, carol);
    const big = await f.group({ email: "big@agency.gov.example" });
    await f.collaborator(fines, big);
    await f.collaborator(tolls, big);
    // Carol's own team is Billing nowhere but holds a key, which would gain fines.
    const team = await f.group({ email: "team@agency.gov.example" }, [carol]);
    await f.key(team, { name: "team key" });
    await f.key(carol, { name: "carol key" });
    const res = await api.gql(PLAN, { id: carol.id });
    const key = res.data?.offboardingPlan?.keys?.[0];
    expect(key).toMatchObject({ worksOn: [{ slug: "fines" }], suggestedHolderEmail: null });
    expect(key!.suggestion).toContain("No group email is a Billing collaborator on exactly fines");
    for (const target of [big, team]) {
      const refused = await api.gql(OFFBOARD, { i: { userId: carol.id, defaultTargetId: target.id, dryRun: true } });
      expect(refused.data?.offboardUser?.errors?.[0]?.code).toBe("ACCESS_WOULD_WIDEN");
    }
  });
});

describe("offboardUser", () => {
  it("refuses a successor that would make a key work on more services, unless told to allow it", async () => {
    const { f, alice, finance, payments } = await aliceLeaves();
    const tolls = await f.service({ slug: "tolls" });
    await f.collaborator(tolls, finance);
    const refused = await api.gql(OFFBOARD, { i: { userId: alice.id, defaultTargetId: finance.id } });
    expect(refused.data?.offboardUser?.errors?.[0]).toMatchObject({
      code: "ACCESS_WOULD_WIDEN",
      field: "defaultTargetId",
    });
    expect(refused.data?.offboardUser?.errors?.[0]?.message).toContain("tolls");
    const [still] = await db.em().execute("select holder_id from api_key where id = ?", [payments.id]);
    expect(still?.holder_id).toBe(alice.id);
    const allowed = await api.gql(OFFBOARD, {
      i: { userId: alice.id, defaultTargetId: finance.id, allowWiderAccess: true },
    });
    expect(allowed.data?.offboardUser?.errors).toEqual([]);
    expect(await worksOn(payments.id)).toEqual(["fines", "permits", "tolls"]);
  });

  it("names every key that would work on more services, not one example", async () => {
    const { f, alice, finance } = await aliceLeaves();
    const tolls = await f.service({ slug: "tolls" });
    await f.collaborator(tolls, finance);
    const refused = await api.gql(OFFBOARD, { i: { userId: alice.id, defaultTargetId: finance.id, dryRun: true } });
    const errors = refused.data?.offboardUser?.errors as { field: string; code: string; message: string }[];
    expect(errors.map((e) => [e.code, e.field, e.message.split(" (")[0]]).sort()).toEqual([
      ["ACCESS_WOULD_WIDEN", "defaultTargetId", "payments"],
      ["ACCESS_WOULD_WIDEN", "defaultTargetId", "sandbox"],
    ]);
    for (const e of errors) expect(e.message).toContain("would also work on tolls");
  });

  it("lists, refuses and audits a successor's own keys that would gain services through the roles carried over", async () => {
    const { f, alice, finance, payments, sandbox } = await aliceLeaves();
    const older = await f.key(finance, { name: "older" });
    await f.key(finance, { name: "gone", revokedAt: new Date(), revokedReason: "old" });
    const input = { userId: alice.id, defaultTargetId: finance.id, reason: "left" };
    const refused = await api.gql(OFFBOARD, { i: { ...input, dryRun: true } });
    expect(refused.data?.offboardUser?.errors).toEqual([
      { field: "defaultTargetId", code: "ACCESS_WOULD_WIDEN", message: expect.stringContaining("older (") },
    ]);
    expect(refused.data?.offboardUser?.errors?.[0]?.message).toContain("would also work on permits");
    const gain = { keyId: older.id, name: "older", holderEmail: "finance@agency.gov.example", gained: ["permits"] };
    const dry = await api.gql(OFFBOARD, { i: { ...input, dryRun: true, allowWiderAccess: true } });
    expect(dry.data?.offboardUser?.offboarding?.otherKeysGaining).toEqual([gain]);
    expect(await worksOn(older.id)).toEqual(["fines"]);
    const real = await api.gql(OFFBOARD, { i: { ...input, allowWiderAccess: true } });
    expect(real.data?.offboardUser?.offboarding?.otherKeysGaining).toEqual([gain]);
    expect(await worksOn(older.id)).toEqual(["fines", "permits"]);
    // The moved keys keep exactly their services; only the successor's own key gained.
    expect(await worksOn(payments.id)).toEqual(["fines", "permits"]);
    expect(await worksOn(sandbox.id)).toEqual(["fines", "permits"]);
    const rows = (await auditRows(db)).filter((r) => r.action !== "access_token.created");
    const actions = rows.map((r) => r.action);
    // After the role it gains, and before the roles removed from the leaver.
    expect(actions.indexOf("api_key.access_widened")).toBe(actions.lastIndexOf("collaborator.added") + 1);
    expect(
      rows.filter((r) => r.action === "api_key.access_widened").map((r) => [r.subjectId, r.reason, r.after]),
    ).toEqual([
      [
        older.id,
        "left",
        {
          holderId: finance.id,
          holder: "finance@agency.gov.example",
          services: ["fines", "permits"],
          gained: ["permits"],
          because: "Billing roles added for a key reassignment",
        },
      ],
    ]);
  });

  it("moves every key keeping access, removes roles and memberships, and marks the user DEPARTED", async () => {
    const { alice, finance, payments, sandbox } = await aliceLeaves();
    const before = { payments: await worksOn(payments.id), sandbox: await worksOn(sandbox.id) };
    const res = await api.gql(OFFBOARD, {
      i: { userId: alice.id, defaultTargetId: finance.id, reason: "left the agency" },
    });
    expect(res.data?.offboardUser?.errors).toEqual([]);
    const done = res.data?.offboardUser?.offboarding;
    expect(done!.keys.map((k: { action: string; toHolderEmail: string }) => [k.action, k.toHolderEmail])).toEqual([
      ["REASSIGN", "finance@agency.gov.example"],
      ["REASSIGN", "finance@agency.gov.example"],
    ]);
    expect(done!.billingAdded).toEqual([{ holderEmail: "finance@agency.gov.example", services: ["permits"] }]);
    expect(done!.collaborationsRemoved).toHaveLength(3);
    expect(done!.groupsLeft).toEqual(["finance@agency.gov.example", "solo@agency.gov.example"]);
    // Invariant 2: every reassigned key works on exactly the services it worked on before.
    expect(await worksOn(payments.id)).toEqual(before.payments);
    expect(await worksOn(sandbox.id)).toEqual(before.sandbox);
    for (const k of done!.keys) expect(k.servicesAfter).toEqual(k.servicesBefore);
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
    expect(res.data?.offboardUser?.errors).toEqual([]);
    const keys = res.data?.offboardUser?.offboarding?.keys;
    expect(keys!.find((k: { keyId: string }) => k.keyId === sandbox.id)).toMatchObject({
      action: "REVOKE",
      servicesAfter: [],
    });
    expect(await reasonOf(api, { secret: sandbox.secret, service: "fines" })).toBe("REVOKED");
    expect(await reasonOf(api, { secret: payments.secret, service: "fines" })).toBe("VALID");
  });

  it("audits every change in order: revocations, moves keeping access, carried-over roles, custody, roles removed, groups left", async () => {
    const { alice, finance, solo, fines, permits, payments, sandbox } = await aliceLeaves();
    const res = await api.gql(OFFBOARD, {
      i: {
        userId: alice.id,
        defaultTargetId: finance.id,
        decisions: [{ keyId: sandbox.id, action: "REVOKE" }],
        reason: "left the agency",
      },
    });
    expect(res.data?.offboardUser?.errors).toEqual([]);
    const rows = (await auditRows(db)).filter((r) => r.action !== "access_token.created");
    expect(new Set(rows.map((r) => r.reason))).toEqual(new Set(["left the agency"]));
    expect(new Set(rows.map((r) => r.occurredAt.getTime())).size).toBe(1);
    const [revoked] = await db.em().execute("select revoked_at from api_key where id = ?", [sandbox.id]);
    expect(rows[0]?.after?.revokedAt).toBe(new Date(revoked?.revoked_at).toISOString());
    const from = { holderId: alice.id, holder: "alice@agency.gov.example" };
    const to = { holderId: finance.id, holder: "finance@agency.gov.example" };
    const changes = rows.map((r) => [r.action, r.subjectId, r.before, r.after]);
    expect(changes.slice(0, 4)).toEqual([
      [
        "api_key.revoked",
        sandbox.id,
        { ...from, revokedAt: null, revokedReason: null },
        {
          ...from,
          revokedAt: expect.any(String),
          revokedReason: "Offboarding of alice@agency.gov.example: left the agency",
        },
      ],
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
    // Each group's own timeline shows its member leaving: one set of the groups left, alike.
    expect(changes.slice(7, 9).sort()).toEqual(
      [
        ["group_email.member_removed", finance.id, null, { member: from.holder }],
        ["group_email.member_removed", solo.id, null, { member: from.holder }],
      ].sort(),
    );
    expect(changes.slice(9)).toEqual([
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
          sessionsEnded: 0,
          tokensRevoked: 0,
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
    const custody = await api.gql(graphql(`query($id: ID!) { apiKey(id: $id) { custody { holderEmail reason } } }`), {
      id: sandbox.id,
    });
    expect(custody.data?.apiKey?.custody).toEqual([
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
      api.anonymous(graphql(`{ me { user { email } } }`), undefined, { authorization: `Bearer ${minted.secret}` });
    expect((await me()).data?.me?.user?.email).toBe("alice@agency.gov.example");
    const res = await api.gql(OFFBOARD, { i: { userId: alice.id, defaultTargetId: finance.id } });
    expect(res.data?.offboardUser?.offboarding?.tokensRevoked).toBe(1);
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
    expect(dry.data?.offboardUser?.offboarding?.dryRun).toBe(true);
    expect(await snapshot()).toEqual(before);
    const real = await api.gql(OFFBOARD, { i: { userId: alice.id, defaultTargetId: finance.id } });
    expect({ ...real.data?.offboardUser?.offboarding, dryRun: true }).toEqual(dry.data?.offboardUser?.offboarding);
  });

  it("acts once for one idempotency key, and refuses the key for another user", async () => {
    const { alice, bob, finance } = await aliceLeaves();
    const input = { userId: alice.id, defaultTargetId: finance.id, idempotencyKey: "hr-feed-2026-11-22-alice" };
    const [first, second] = await Promise.all([api.gql(OFFBOARD, { i: input }), api.gql(OFFBOARD, { i: input })]);
    const results = [first, second].map((r) => r.data?.offboardUser?.offboarding);
    expect(results.map((r) => r!.replayed).sort()).toEqual([false, true]);
    expect({ ...results[0], replayed: false }).toEqual({ ...results[1], replayed: false });
    expect((await auditRows(db)).filter((r) => r.action === "user.offboarded")).toHaveLength(1);
    const reused = await api.gql(OFFBOARD, { i: { ...input, userId: bob.id } });
    expect(reused.data?.offboardUser?.errors?.[0]?.code).toBe("IDEMPOTENCY_KEY_REUSED");
    // A dry run under a key already used answers as the real run would.
    const dry = await api.gql(OFFBOARD, { i: { ...input, dryRun: true } });
    expect(dry.data?.offboardUser?.offboarding).toMatchObject({ replayed: true, email: results[0]!.email });
    const dryReused = await api.gql(OFFBOARD, { i: { ...input, userId: bob.id, dryRun: true } });
    expect(dryReused.data?.offboardUser?.errors?.[0]?.code).toBe("IDEMPOTENCY_KEY_REUSED");
  });

  it("needs a default target when the user holds keys, refuses the departed, and works for a user with no keys", async () => {
    const { f, alice, finance } = await aliceLeaves();
    const missing = await api.gql(OFFBOARD, { i: { userId: alice.id } });
    expect(missing.data?.offboardUser?.errors?.[0]).toMatchObject({ code: "REQUIRED", field: "defaultTargetId" });
    const keyless = await f.user();
    const res = await api.gql(OFFBOARD, { i: { userId: keyless.id } });
    expect(res.data?.offboardUser?.offboarding?.keys).toEqual([]);
    const again = await api.gql(OFFBOARD, { i: { userId: keyless.id } });
    expect(again.data?.offboardUser?.errors?.[0]?.code).toBe("USER_DEPARTED");
    const { userId: adminId } = await api.tokenFor(Role.ADMIN);
    const lastAdmin = await api.gql(OFFBOARD, { i: { userId: adminId } });
    expect(lastAdmin.data?.offboardUser?.errors?.[0]?.code).toBe("FORBIDDEN");
    const viewer = await api.as(Role.VIEWER)(OFFBOARD, { i: { userId: alice.id, defaultTargetId: finance.id } });
    expect(viewer.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("offboarding the only two ADMINs at the same moment departs one and refuses the other", async () => {
    const f = factories(db.em());
    const admins = [await f.user(), await f.user()];
    await db
      .em()
      .execute("update holder set console_role = 'ADMIN' where id in (?, ?)", [admins[0]!.id, admins[1]!.id]);
    // An OPERATOR offboards both (the API's own ADMIN account is never made), as a leaver feed might.
    const operator = api.as(Role.OPERATOR);
    const results = await Promise.all(admins.map((a) => operator(OFFBOARD, { i: { userId: a.id, reason: "left" } })));
    const outcomes = results.map((r) => r.data?.offboardUser?.errors?.[0] ?? (r.errors ? "ERROR" : "OK"));
    expect(outcomes).toContain("OK");
    expect(outcomes).toContainEqual({
      code: "FORBIDDEN",
      field: "userId",
      message: expect.stringMatching(/last ADMIN/),
    });
    // The second waited for the first's locks and counted after it: no deadlock, no retry.
    expect(api.logLines.filter((line) => line.includes("deadlock"))).toEqual([]);
    const [active] = await db
      .em()
      .execute<{ n: number }[]>(
        "select count(*)::int as n from holder where console_role = 'ADMIN' and status = 'ACTIVE'",
      );
    expect(active?.n).toBe(1);
  });

  it("a leaver who is no ADMIN leaves while another transaction holds an ADMIN's row", async () => {
    const f = factories(db.em());
    const [admin, leaver] = [await f.user(), await f.user()];
    await db.em().execute("update holder set console_role = 'ADMIN' where id = ?", [admin.id]);
    const other = await openTransaction(db);
    try {
      await other.query("select id from holder where id = $1 for update", [admin.id]);
      const watched = tracked(api.as(Role.OPERATOR)(OFFBOARD, { i: { userId: leaver.id, reason: "left" } }));
      // Only an ADMIN leaver counts (and locks) the ADMINs: this one neither waits nor is refused.
      await untilWaiting(db, 1, watched.settled);
      expect(watched.settled()).toBe(true);
      expect((await watched.promise).data?.offboardUser?.errors).toEqual([]);
    } finally {
      await other.release();
    }
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
      expect(res.data?.offboardUser?.offboarding?.keys).toHaveLength(n);
      counts.push(res.sqlStatements);
      stored.push((await auditCount()) - before);
      expect(await db.em().execute("select 1 from audit_event where cardinality(subject_ids) = ?", [n])).toHaveLength(
        1,
      );
    }
    // The moves are one row (a subject set), then 3 roles carried over, 3 removed, and user.offboarded.
    expect(stored).toEqual([8, 8]);
    // The user, the keys read, the successors' Billing, the hand-over of every key with its audit,
    // sessions, tokens with their audit and their NOTIFY, roles and memberships with theirs, the
    // NOTIFY of the moves: however many keys (the last-ADMIN check is only an ADMIN leaver's).
    // One of them reads the services the result names, for every key at once.
    expect(counts).toEqual([10, 10]);
  });

  it("costs the same SQL statements and audit rows whether the successor's own keys that gain are 10 or 400", async () => {
    const f = factories(db.em());
    const counts: number[] = [];
    for (const n of [10, 400]) {
      const leaver = await f.user();
      await f.collaborator(await f.service(), leaver);
      await f.keys(Array.from({ length: 3 }, (_, i) => ({ holder: leaver, name: `k${i}` })));
      const successor = await f.group();
      await f.keys(Array.from({ length: n }, (_, i) => ({ holder: successor, name: `own${i}` })));
      const input = { userId: leaver.id, defaultTargetId: successor.id, allowWiderAccess: true };
      const res = await api.gql(OFFBOARD, { i: input });
      expect(res.data?.offboardUser?.offboarding?.otherKeysGaining).toHaveLength(n);
      counts.push(res.sqlStatements);
      const widened = await db
        .em()
        .execute("select 1 from audit_event where action = 'api_key.access_widened' and cardinality(subject_ids) = ?", [
          n,
        ]);
      expect(widened).toHaveLength(1);
    }
    expect(counts[1]).toBe(counts[0]);
  });

  it("plans again when a key of the leaver changes under the hand-over, and its result and audit are as if it came first", async () => {
    const { alice, finance, payments, sandbox } = await aliceLeaves();
    // Another transaction revokes one of Alice's keys and holds the row until it commits.
    const other = await openTransaction(db);
    try {
      await other.query(
        "update api_key set revoked_at = now(), revoked_reason = 'leaked', version = version + 1 where id = $1",
        [sandbox.id],
      );
      const pending = api.gql(OFFBOARD, { i: { userId: alice.id, defaultTargetId: finance.id, reason: "left" } });
      // The offboarding read Alice's keys (sandbox still active) and now waits for the row.
      await untilWaiting(db, 1);
      await other.query("commit");
      const res = await pending;
      expect(res.data?.offboardUser?.errors).toEqual([]);
      const keys = res.data?.offboardUser?.offboarding?.keys;
      expect(
        // Services come as slugs here (useTestApi's serviceSlugs).
        keys!.map((k) => [k.name, k.action, k.servicesAfter as unknown as string[]]).sort(),
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
      await other.release();
    }
  });

  it("a hand-over that makes a successor Billing somewhere sees the keys a concurrent offboarding just gave it", async () => {
    const { results, first, second } = await handOversRacing(db, api, (_key, leaverId, teamId) =>
      api.gql(OFFBOARD, { i: { userId: leaverId, defaultTargetId: teamId } }),
    );
    // Whichever ran second saw the key the first gave the holder, which its role would widen.
    const codes = results.map((r) => r.data?.offboardUser?.errors?.map((e: { code: string }) => e.code)[0] ?? "OK");
    expect(codes.sort()).toEqual(["ACCESS_WOULD_WIDEN", "OK"]);
    expect(await worksOn(first.id)).toEqual(["fines"]);
    expect(await worksOn(second.id)).toEqual(["permits"]);
  });
});

/** A live access token and an open session for `userId`, as a departed user may still have them from before. */
async function credentialsOf(userId: string) {
  const minted = mintChecksummed(ACCESS_TOKEN_PREFIX);
  await db
    .em()
    .execute(
      "insert into access_token (id, user_id, name, role, prefix, digest, expires_at) values (gen_random_uuid(), ?, 'script', 'VIEWER', ?, ?, now() + interval '1 day')",
      [userId, minted.prefix, minted.digest],
    );
  await db
    .em()
    .execute(
      "insert into session (id, user_id, digest, expires_at) values (gen_random_uuid(), ?, md5(random()::text), now() + interval '1 day')",
      [userId],
    );
}

const TIMELINE = graphql(`query($id: ID!) { auditEvents(filter: { subjectId: $id }, first: 50) {
  nodes { action subjectType subjectId before after reason } } }`);

const timelineOf = async (id: string) =>
  (await api.gql(TIMELINE, { id })).data?.auditEvents?.nodes as {
    action: string;
    subjectType: string;
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
    reason: string | null;
  }[];

describe("offboarding in each subject's own timeline", () => {
  it("a group's timeline shows its member leaving, a service's the role removed, a token's its revocation", async () => {
    const { alice, finance, solo, fines } = await aliceLeaves();
    await credentialsOf(alice.id);
    const [token] = await db
      .em()
      .execute<{ id: string; prefix: string }[]>("select id, prefix from access_token where user_id = ?", [alice.id]);
    const res = await api.gql(OFFBOARD, { i: { userId: alice.id, defaultTargetId: finance.id, reason: "left" } });
    expect(res.data?.offboardUser?.errors).toEqual([]);
    for (const group of [finance, solo]) {
      expect(await timelineOf(group.id)).toContainEqual({
        action: "group_email.member_removed",
        subjectType: "GROUP_EMAIL",
        subjectId: group.id,
        before: null,
        after: { member: "alice@agency.gov.example" },
        reason: "left",
      });
    }
    expect(await timelineOf(fines.id)).toContainEqual(
      expect.objectContaining({
        action: "collaborator.removed",
        before: { service: "fines", holder: "alice@agency.gov.example", role: "BILLING" },
      }),
    );
    // The user's own timeline says what ended with them.
    expect((await timelineOf(alice.id)).find((e) => e.action === "user.offboarded")?.after).toMatchObject({
      sessionsEnded: 1,
      tokensRevoked: 1,
      groupsLeft: ["finance@agency.gov.example", "solo@agency.gov.example"],
    });
    const revoked = (await timelineOf(token?.id as string)).filter((e) => e.action === "access_token.revoked");
    expect(revoked).toEqual([
      {
        action: "access_token.revoked",
        subjectType: "ACCESS_TOKEN",
        subjectId: token?.id,
        before: expect.objectContaining({ name: "script", prefix: token?.prefix, revokedAt: null }),
        after: expect.objectContaining({ name: "script", prefix: token?.prefix, revokedAt: expect.any(String) }),
        reason: "left",
      },
    ]);
    const [stored] = await db
      .em()
      .execute<{ same: boolean }[]>("select revoked_at = ?::timestamptz as same from access_token where id = ?", [
        revoked[0]?.after?.revokedAt,
        token?.id,
      ]);
    expect(stored?.same).toBe(true);
  });

  it("costs the same statements and stores groups left as one row however many groups and tokens there are", async () => {
    const f = factories(db.em());
    const counts: number[] = [];
    for (const n of [1, 5]) {
      const leaver = await f.user();
      const groups = [];
      for (let i = 0; i < n; i++) groups.push(await f.group({}, [leaver]));
      for (let i = 0; i < n; i++) await credentialsOf(leaver.id);
      const res = await api.gql(OFFBOARD, { i: { userId: leaver.id } });
      expect(res.data?.offboardUser?.offboarding).toMatchObject({ tokensRevoked: n, sessionsEnded: n });
      counts.push(res.sqlStatements);
      const rows = await db
        .em()
        .execute<{ n: number }[]>(
          "select count(*)::int as n from audit_event where action = 'group_email.member_removed' and (subject_id = ? or subject_ids @> ?::uuid[])",
          [groups[0]?.id, `{${groups[0]?.id}}`],
        );
      expect(rows[0]?.n).toBe(1);
    }
    expect(counts[0]).toBe(counts[1]);
  });
});

describe("offboarding a user who departed outside Keyholder", () => {
  /** Carol left on 1 October (an HR import): she still holds a key, a Billing role, a membership, a token and a session. */
  async function carolLeft() {
    const f = factories(db.em());
    const departedAt = new Date("2026-10-01T09:00:00.000Z");
    const carol = await f.user({ email: "carol@agency.gov.example", status: UserStatus.DEPARTED, departedAt });
    const bob = await f.user({ email: "bob@agency.gov.example" });
    const finance = await f.group({ email: "finance@agency.gov.example" }, [carol, bob]);
    const fines = await f.service({ slug: "fines" });
    await f.collaborator(fines, carol);
    await f.collaborator(fines, finance);
    const legacy = await f.key(carol, { name: "legacy" });
    await credentialsOf(carol.id);
    return { carol, finance, fines, legacy, departedAt };
  }

  it("plans and finishes the job: keys, roles, memberships, tokens and sessions go, departedAt stays", async () => {
    const { carol, finance, legacy, departedAt } = await carolLeft();
    const plan = (await api.gql(PLAN, { id: carol.id })).data?.offboardingPlan;
    expect(plan!.finished).toBe(false);
    expect(plan!.keys.map((k) => [k.name, k.worksOn.map((s) => s.slug)])).toEqual([["legacy", ["fines"]]]);
    const res = await api.gql(OFFBOARD, { i: { userId: carol.id, defaultTargetId: finance.id, reason: "HR import" } });
    expect(res.data?.offboardUser?.errors).toEqual([]);
    const done = res.data?.offboardUser?.offboarding;
    expect(done!.keys).toMatchObject([{ name: "legacy", action: "REASSIGN", servicesAfter: ["fines"] }]);
    expect(done!.collaborationsRemoved).toEqual([{ service: "fines", role: "BILLING" }]);
    expect(done!.groupsLeft).toEqual(["finance@agency.gov.example"]);
    expect([done!.tokensRevoked, done!.sessionsEnded]).toEqual([1, 1]);
    expect(await reasonOf(api, { secret: legacy.secret, service: "fines" })).toBe("VALID");
    const [held] = await db.em().execute(
      `select (select count(*)::int from api_key where holder_id = ?) as keys,
              (select count(*)::int from collaborator where holder_id = ?) as roles,
              (select count(*)::int from group_membership where user_id = ?) as groups,
              (select count(*)::int from access_token where user_id = ? and revoked_at is null) as tokens,
              (select count(*)::int from session where user_id = ? and ended_at is null) as sessions,
              status, departed_at = ?::timestamptz as kept from holder where id = ?`,
      [carol.id, carol.id, carol.id, carol.id, carol.id, departedAt, carol.id],
    );
    expect(held).toEqual({
      keys: 0,
      roles: 0,
      groups: 0,
      tokens: 0,
      sessions: 0,
      status: "DEPARTED",
      kept: true,
    });
    const offboarded = (await auditRows(db)).filter((r) => r.action === "user.offboarded");
    expect(offboarded.map((r) => [r.before, r.after?.status])).toEqual([[{ status: "DEPARTED" }, "DEPARTED"]]);
  });

  it("does not say a group loses its last active member when the departed user was no active member of it", async () => {
    const { carol } = await carolLeft();
    // Carol is also the only member of a mailbox: it lost its last active member when she left.
    await factories(db.em()).group({ email: "solo@agency.gov.example" }, [carol]);
    const plan = (await api.gql(PLAN, { id: carol.id })).data?.offboardingPlan;
    expect(plan!.lastActiveMemberOf).toEqual([]);
    expect(plan!.wouldBreak.filter((line: string) => line.includes("last active member"))).toEqual([]);
  });

  it("answers a plan with nothing to do, and USER_DEPARTED, once nothing is left", async () => {
    const { carol, finance } = await carolLeft();
    await api.gql(OFFBOARD, { i: { userId: carol.id, defaultTargetId: finance.id } });
    const plan = (await api.gql(PLAN, { id: carol.id })).data?.offboardingPlan;
    expect(plan).toMatchObject({ finished: true, keys: [], collaborations: [], wouldBreak: [] });
    const again = await api.gql(OFFBOARD, { i: { userId: carol.id, defaultTargetId: finance.id } });
    expect(again.data?.offboardUser?.errors?.[0]).toMatchObject({ code: "USER_DEPARTED", field: "userId" });
    expect(again.data?.offboardUser?.errors?.[0]?.message).toContain("nothing is left");
    // A departed user who held only an expired token and an ended session has nothing left either.
    const f = factories(db.em());
    const gone = await f.user({ status: UserStatus.DEPARTED });
    const minted = mintChecksummed(ACCESS_TOKEN_PREFIX);
    await db
      .em()
      .execute(
        "insert into access_token (id, user_id, name, role, prefix, digest, expires_at) values (gen_random_uuid(), ?, 'old', 'VIEWER', ?, ?, now() - interval '1 day')",
        [gone.id, minted.prefix, minted.digest],
      );
    await db
      .em()
      .execute(
        "insert into session (id, user_id, digest, expires_at, ended_at, end_reason) values (gen_random_uuid(), ?, md5(random()::text), now() + interval '1 day', now(), 'SIGNED_OUT')",
        [gone.id],
      );
    const nothing = await api.gql(OFFBOARD, { i: { userId: gone.id } });
    expect(nothing.data?.offboardUser?.errors?.[0]?.code).toBe("USER_DEPARTED");
    expect((await api.gql(PLAN, { id: gone.id })).data?.offboardingPlan?.finished).toBe(true);
  });

  it("acts once for one idempotency key when two runs race, though the user had departed before", async () => {
    const { carol, finance } = await carolLeft();
    const input = { userId: carol.id, defaultTargetId: finance.id, idempotencyKey: "hr-import-carol-2026" };
    const [first, second] = await Promise.all([api.gql(OFFBOARD, { i: input }), api.gql(OFFBOARD, { i: input })]);
    const results = [first, second].map((r) => r.data?.offboardUser?.offboarding);
    expect(results.map((r) => r?.replayed).sort()).toEqual([false, true]);
    expect({ ...results[0], replayed: false }).toEqual({ ...results[1], replayed: false });
    expect((await auditRows(db)).filter((r) => r.action === "user.offboarded")).toHaveLength(1);
  });

  it("answers IDEMPOTENCY_KEY_REUSED, changing nothing, when another user's offboarding takes the same key meanwhile", async () => {
    const { carol, finance } = await carolLeft();
    const dave = await factories(db.em()).user({ email: "dave@agency.gov.example" });
    // Another offboarding (of Dave) under the same key has written its record and not committed yet.
    const other = await openTransaction(db);
    try {
      await other.query(
        "insert into offboarding_record (idempotency_key, user_id, result) values ('hr-feed-row-17', $1, '{}')",
        [dave.id],
      );
      const pending = api.gql(OFFBOARD, {
        i: { userId: carol.id, defaultTargetId: finance.id, idempotencyKey: "hr-feed-row-17" },
      });
      // Carol's offboarding did its work and now waits to record it under the key.
      await untilWaiting(db, 1);
      await other.query("commit");
      const res = await pending;
      expect(res.errors).toBeUndefined();
      expect(res.data?.offboardUser?.errors).toEqual([
        expect.objectContaining({ code: "IDEMPOTENCY_KEY_REUSED", field: "idempotencyKey" }),
      ]);
      expect((await auditRows(db)).filter((r) => r.action === "user.offboarded")).toEqual([]);
      const [left] = await db
        .em()
        .execute<{ n: number }[]>("select count(*)::int as n from api_key where holder_id = ?", [carol.id]);
      expect(left?.n).toBe(1);
    } finally {
      await other.release();
    }
  });

  it("an active user counts as having something to do", async () => {
    const { alice } = await aliceLeaves();
    expect((await api.gql(PLAN, { id: alice.id })).data?.offboardingPlan?.finished).toBe(false);
  });
});

describe("offboardingPlan SQL", () => {
  it("answers services as objects at a fixed number of statements, however many keys and services", async () => {
    const f = factories(db.em());
    const counts: number[] = [];
    for (const [keys, services] of [
      [1, 1],
      [60, 25],
    ] as const) {
      const leaver = await f.user();
      for (let s = 0; s < services; s++) await f.collaborator(await f.service(), leaver);
      await f.keys(Array.from({ length: keys }, (_, i) => ({ holder: leaver, name: `key ${i}` })));
      const res = await api.gql(PLAN, { id: leaver.id });
      expect(res.errors).toBeUndefined();
      const plan = res.data?.offboardingPlan;
      expect(plan?.keys).toHaveLength(keys);
      expect(plan?.keys.every((k) => k.worksOn.length === services && k.worksOn.every((s) => s.id && s.name))).toBe(
        true,
      );
      expect(plan?.collaborations.map((c) => c.service.slug)).toEqual(plan?.keys[0]?.worksOn.map((s) => s.slug));
      counts.push(res.sqlStatements);
    }
    expect(counts[1]).toBe(counts[0]);
  });
});
