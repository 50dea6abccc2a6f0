import { describe, expect, it } from "vitest";
import { CollaboratorRole } from "../../shared/collaborator-role.js";
import { auditRows } from "../../test-support/audit.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { graphql, type TestApi, UserErrorFields, useTestApi, type VariablesOf } from "../../test-support/graphql.js";
import { handOversRacing } from "../../test-support/hand-over-race.js";
import { reasonOf, verifyOverHttp } from "../../test-support/keys.js";
import { worksOnBySql } from "../../test-support/property/lookup.js";
import { UserStatus } from "../holder/user/user-status.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test), { serviceSlugs: true });

const ReassignResult = graphql(
  `fragment ReassignResult on Reassignment @_unmask {
    toHolderEmail billingAdded { slug } widens
    keys { keyId fromHolderEmail servicesBefore { slug } servicesAfter { slug } gained { slug } lost { slug } }
    otherKeysGaining { keyId name holderEmail gained { slug } }
  }`,
);
const ONE = graphql(
  `mutation($i: ReassignApiKeyInput!) {
    reassignApiKey(input: $i) { reassignment { ...ReassignResult } errors { ...UserErrorFields } }
  }`,
  [ReassignResult, UserErrorFields],
);
const MANY = graphql(
  `mutation($i: ReassignApiKeysInput!) {
    reassignApiKeys(input: $i) { reassignment { ...ReassignResult } errors { ...UserErrorFields } }
  }`,
  [ReassignResult, UserErrorFields],
);
const PREVIEW = graphql(`query($ids: [ID!]!, $to: ID!, $keep: Boolean!) {
  reassignmentPreview(ids: $ids, toHolderId: $to, keepAccess: $keep) { billingAdded { slug } widens
    keys { keyId servicesBefore { slug } servicesAfter { slug } gained { slug } lost { slug } }
    otherKeysGaining { keyId name holderEmail gained { slug } } } }`);

/** A leaver who holds a key working on fines and permits, and a team email Billing nowhere yet. */
async function leaverWithKey() {
  const f = factories(db.em());
  const leaver = await f.user({ email: "leaver@agency.gov.example" });
  const team = await f.group({ email: "team@agency.gov.example" });
  const fines = await f.service({ slug: "fines" });
  const permits = await f.service({ slug: "permits" });
  await f.collaborator(fines, leaver);
  await f.collaborator(permits, leaver);
  const key = await f.key(leaver, { name: "payments" });
  return { f, leaver, team, fines, permits, key };
}

/** A leaver who holds a key working on two services, and a team already Billing on a third. */
async function leaverAndTeam() {
  const found = await leaverWithKey();
  const tolls = await found.f.service({ slug: "tolls" });
  await found.f.collaborator(tolls, found.team);
  return { ...found, tolls };
}

/** A leaver whose key works on fines and permits, and a team Billing on fines only. */
async function leaverAndTeamBillingOnFines() {
  const found = await leaverWithKey();
  await found.f.collaborator(found.fines, found.team);
  return found;
}

const worksOnSql = async (keyId: string) => (await worksOnBySql(db)).get(keyId);

describe("reassignApiKey", () => {
  it("moves the key keeping its secret, and keeps it working where it did (keepAccess)", async () => {
    const { key, team } = await leaverAndTeam();
    expect((await verifyOverHttp(api, { secret: key.secret, service: "fines" })).body.holder?.email).toBe(
      "leaver@agency.gov.example",
    );
    // The team is Billing on tolls too, so the key gains it: allowed explicitly.
    const res = await api.gql(ONE, {
      i: { id: key.id, toHolderId: team.id, version: key.version, reason: "leaver", allowWiderAccess: true },
    });
    expect(res.data?.reassignApiKey?.errors).toEqual([]);
    expect(res.data?.reassignApiKey?.reassignment).toEqual({
      toHolderEmail: "team@agency.gov.example",
      billingAdded: ["fines", "permits"],
      widens: true,
      otherKeysGaining: [],
      keys: [
        {
          keyId: key.id,
          fromHolderEmail: "leaver@agency.gov.example",
          servicesBefore: ["fines", "permits"],
          servicesAfter: ["fines", "permits", "tolls"],
          gained: ["tolls"],
          lost: [],
        },
      ],
    });
    const after = await api.gql(
      graphql(`query($id: ID!) { apiKey(id: $id) { holder { email } worksOn { slug } version } }`),
      { id: key.id },
    );
    expect(after.data?.apiKey).toEqual({
      holder: { email: "team@agency.gov.example" },
      worksOn: ["fines", "permits", "tolls"],
      version: key.version + 1,
    });
    // The same secret, now held by the team, still works where it did (the cache heard the move).
    const verified = await verifyOverHttp(api, { secret: key.secret, service: "fines" });
    expect(verified.body).toMatchObject({ valid: true, holder: { email: "team@agency.gov.example" } });
    const actions = (await auditRows(db)).map((r) => `${r.action}:${r.reason}`);
    expect(actions.filter((a) => a.startsWith("api_key.reassigned"))).toEqual(["api_key.reassigned:leaver"]);
    expect(actions.filter((a) => a.startsWith("collaborator.added"))).toHaveLength(2);
  });

  it("without keepAccess reports, in the preview and the result alike, what stops working", async () => {
    const { key, team } = await leaverAndTeam();
    const preview = await api.gql(PREVIEW, { ids: [key.id], to: team.id, keep: false });
    const res = await api.gql(ONE, {
      i: { id: key.id, toHolderId: team.id, version: key.version, keepAccess: false, allowWiderAccess: true },
    });
    const moved = res.data?.reassignApiKey?.reassignment;
    expect(moved!.billingAdded).toEqual([]);
    expect(moved!.keys[0]).toMatchObject({ lost: ["fines", "permits"], servicesAfter: ["tolls"] });
    expect(preview.data?.reassignmentPreview).toEqual({
      billingAdded: moved!.billingAdded,
      widens: true,
      otherKeysGaining: [],
      keys: [
        {
          keyId: key.id,
          servicesBefore: moved!.keys[0]!.servicesBefore,
          servicesAfter: moved!.keys[0]!.servicesAfter,
          gained: moved!.keys[0]!.gained,
          lost: moved!.keys[0]!.lost,
        },
      ],
    });
    expect(await reasonOf(api, { secret: key.secret, service: "fines" })).toBe("HOLDER_NOT_BILLING_COLLABORATOR");
  });

  it("refuses a departed target, the current holder, a revoked key and a stale version, changing nothing", async () => {
    const { f, key, leaver, team } = await leaverAndTeam();
    const gone = await f.user({ status: UserStatus.DEPARTED });
    const revoked = await f.key(leaver, { revokedAt: new Date(), revokedReason: "leaked" });
    const cases: [VariablesOf<typeof ONE>["i"], string][] = [
      [{ id: key.id, toHolderId: gone.id, version: key.version }, "USER_DEPARTED"],
      [{ id: key.id, toHolderId: leaver.id, version: key.version }, "SAME_HOLDER"],
      [{ id: revoked.id, toHolderId: team.id, version: revoked.version }, "KEY_REVOKED"],
      [{ id: key.id, toHolderId: team.id, version: key.version + 5 }, "VERSION_CONFLICT"],
      [{ id: "00000000-0000-4000-8000-000000000000", toHolderId: team.id, version: 1 }, "KEY_NOT_FOUND"],
    ];
    for (const [input, code] of cases) {
      const res = await api.gql(ONE, { i: input });
      expect(res.data?.reassignApiKey?.errors?.[0]?.code, code).toBe(code);
    }
    const rows = await db.em().execute("select holder_id from api_key where id = ?", [key.id]);
    expect(rows[0]?.holder_id).toBe(leaver.id);
    expect((await auditRows(db)).filter((r) => r.action !== "access_token.created")).toEqual([]);
  });

  it("of concurrent moves of one key at the same version exactly one wins", async () => {
    const { f, key } = await leaverAndTeam();
    const targets = await Promise.all([f.group(), f.group(), f.group(), f.group()]);
    const results = await Promise.all(
      targets.map((t) => api.gql(ONE, { i: { id: key.id, toHolderId: t.id, version: key.version } })),
    );
    const codes = results.map((r) => r.data?.reassignApiKey?.errors?.[0]?.code ?? "OK").sort();
    expect(codes).toEqual(["OK", "VERSION_CONFLICT", "VERSION_CONFLICT", "VERSION_CONFLICT"]);
  });
});

describe("reassignApiKeys", () => {
  it("moves many keys all or nothing: one revoked key stops the whole move", async () => {
    const { f, leaver, team } = await leaverAndTeam();
    const keys = await f.keys(Array.from({ length: 5 }, (_, i) => ({ holder: leaver, name: `k${i}` })));
    const revoked = await f.key(leaver, { revokedAt: new Date(), revokedReason: "old" });
    const refused = await api.gql(MANY, { i: { ids: [...keys.map((k) => k.id), revoked.id], toHolderId: team.id } });
    expect(refused.data?.reassignApiKeys?.errors?.[0]?.code).toBe("KEY_REVOKED");
    const held = await db.em().execute("select count(*)::int as n from api_key where holder_id = ?", [team.id]);
    expect(held[0]?.n).toBe(0);
    const moved = await api.gql(MANY, {
      i: { ids: keys.map((k) => k.id), toHolderId: team.id, allowWiderAccess: true },
    });
    expect(moved.data?.reassignApiKeys?.reassignment?.keys).toHaveLength(5);
  });

  it("costs the same SQL statements for 10 keys as for 300", async () => {
    const { f, leaver } = await leaverAndTeam();
    const counts: number[] = [];
    for (const n of [10, 300]) {
      const keys = await f.keys(Array.from({ length: n }, (_, i) => ({ holder: leaver, name: `bulk ${n}-${i}` })));
      const target = await f.group();
      const billing = await f.service();
      await f.collaborator(billing, target, CollaboratorRole.ADMIN);
      const res = await api.gql(MANY, { i: { ids: keys.map((k) => k.id), toHolderId: target.id, reason: "bulk" } });
      expect(res.data?.reassignApiKeys?.errors).toEqual([]);
      counts.push(res.sqlStatements);
    }
    expect(counts[1]).toBe(counts[0]);
  });
});

describe("services in a move's result", () => {
  const PREVIEW_SERVICES = graphql(`query($ids: [ID!]!, $to: ID!) {
    reassignmentPreview(ids: $ids, toHolderId: $to) {
      billingAdded { id slug name }
      keys { servicesBefore { id slug name } servicesAfter { id slug name } gained { id slug name } lost { id } }
      otherKeysGaining { gained { id slug name } } } }`);

  it("are Service objects, read at a fixed number of statements however many keys and services", async () => {
    const f = factories(db.em());
    const counts: number[] = [];
    for (const [keys, services] of [
      [1, 1],
      [80, 30],
    ] as const) {
      const leaver = await f.user();
      const target = await f.group();
      const owned = [];
      for (let s = 0; s < services; s++) owned.push(await f.service());
      for (const service of owned) await f.collaborator(service, leaver);
      // The target holds a key and is Billing on a service the leaver's keys do not reach.
      const extra = await f.service();
      await f.collaborator(extra, target);
      await f.key(target, { name: "target's" });
      const moved = await f.keys(Array.from({ length: keys }, (_, i) => ({ holder: leaver, name: `k ${i}` })));
      const res = await api.gql(PREVIEW_SERVICES, { ids: moved.map((k) => k.id), to: target.id });
      expect(res.errors).toBeUndefined();
      const preview = res.data?.reassignmentPreview;
      const expected = owned
        .map((s) => ({ id: s.id, slug: s.slug, name: s.name }))
        .sort((a, b) => a.slug.localeCompare(b.slug));
      expect([...(preview?.billingAdded ?? [])].sort((a, b) => a.slug.localeCompare(b.slug))).toEqual(expected);
      expect(preview?.keys).toHaveLength(keys);
      for (const key of preview?.keys ?? []) {
        expect([...key.servicesBefore].sort((a, b) => a.slug.localeCompare(b.slug))).toEqual(expected);
        expect(key.gained).toEqual([{ id: extra.id, slug: extra.slug, name: extra.name }]);
        expect(key.lost).toEqual([]);
      }
      expect(preview?.otherKeysGaining.map((k) => k.gained.length)).toEqual([services]);
      counts.push(res.sqlStatements);
    }
    expect(counts[1]).toBe(counts[0]);
  });
});

describe("wider access (invariant 5)", () => {
  it("refuses to make a key work on more services, naming it in the preview and the refusal, unless allowed", async () => {
    const f = factories(db.em());
    const user = await f.user({ email: "nowhere@agency.gov.example" });
    const group = await f.group({ email: "abd@agency.gov.example" });
    for (const slug of ["a", "b", "c", "d"]) {
      const service = await f.service({ slug });
      if (slug !== "c") await f.collaborator(service, group);
    }
    const key = await f.key(user, { name: "idle" });
    const preview = await api.gql(PREVIEW, { ids: [key.id], to: group.id, keep: true });
    expect(preview.data?.reassignmentPreview).toMatchObject({
      widens: true,
      keys: [{ keyId: key.id, servicesBefore: [], gained: ["a", "b", "d"] }],
    });
    const input = { id: key.id, toHolderId: group.id, version: key.version };
    const refused = await api.gql(ONE, { i: input });
    expect(refused.data?.reassignApiKey?.reassignment).toBeNull();
    expect(refused.data?.reassignApiKey?.errors).toEqual([
      {
        field: "id",
        code: "ACCESS_WOULD_WIDEN",
        message: expect.stringContaining("idle (") && expect.stringContaining("also work on a, b, d"),
      },
    ]);
    expect(await worksOnSql(key.id)).toEqual([]);
    expect((await auditRows(db)).filter((r) => r.action !== "access_token.created")).toEqual([]);
    const allowed = await api.gql(ONE, { i: { ...input, allowWiderAccess: true } });
    expect(allowed.data?.reassignApiKey?.errors).toEqual([]);
    expect(await worksOnSql(key.id)).toEqual(["a", "b", "d"]);
  });

  it("names every key of a bulk move that would widen, one error each, and moves none", async () => {
    const f = factories(db.em());
    const team = await f.group({ email: "team@agency.gov.example" });
    const fines = await f.service({ slug: "fines" });
    const tolls = await f.service({ slug: "tolls" });
    await f.collaborator(fines, team);
    const finesUser = await f.user();
    await f.collaborator(fines, finesUser);
    const tollsUser = await f.user();
    await f.collaborator(tolls, tollsUser);
    const idleUser = await f.user();
    const same = await f.key(finesUser, { name: "same" });
    const narrower = await f.key(tollsUser, { name: "narrower" });
    const idle = await f.key(idleUser, { name: "idle" });
    // Without keepAccess the keys work where the team is Billing (fines): two of them gain it.
    const ids = [same.id, narrower.id, idle.id];
    const refused = await api.gql(MANY, { i: { ids, toHolderId: team.id, keepAccess: false } });
    const errors = refused.data?.reassignApiKeys?.errors as { field: string; code: string; message: string }[];
    expect(errors.map((e) => [e.code, e.field, e.message.split(" (")[0]]).sort()).toEqual([
      ["ACCESS_WOULD_WIDEN", "ids[1]", "narrower"],
      ["ACCESS_WOULD_WIDEN", "ids[2]", "idle"],
    ]);
    expect(errors.find((e) => e.message.startsWith("narrower"))?.message).toContain("also work on fines");
    const held = await db.em().execute("select count(*)::int as n from api_key where holder_id = ?", [team.id]);
    expect(held[0]?.n).toBe(0);
  });

  it("lists, refuses and audits the new holder's other keys that gain services through keepAccess", async () => {
    const { f, key, team, fines } = await leaverAndTeamBillingOnFines();
    const older = await f.key(team, { name: "older" });
    const revoked = await f.key(team, { name: "revoked", revokedAt: new Date(), revokedReason: "old" });
    // An expired key works nowhere, so it gains nothing either.
    await f.key(team, { name: "expired", expiresAt: new Date(Date.now() - 60_000) });
    const gain = { keyId: older.id, name: "older", holderEmail: "team@agency.gov.example", gained: ["permits"] };
    const preview = await api.gql(PREVIEW, { ids: [key.id], to: team.id, keep: true });
    expect(preview.data?.reassignmentPreview).toMatchObject({
      billingAdded: ["permits"],
      widens: true,
      keys: [{ keyId: key.id, gained: [], lost: [] }],
      otherKeysGaining: [gain],
    });
    const input = { id: key.id, toHolderId: team.id, version: key.version, reason: "leaver" };
    const refused = await api.gql(ONE, { i: input });
    expect(refused.data?.reassignApiKey?.errors).toEqual([
      { field: "toHolderId", code: "ACCESS_WOULD_WIDEN", message: expect.stringContaining("older (") },
    ]);
    expect(refused.data?.reassignApiKey?.errors?.[0]?.message).toContain("would also work on permits");
    expect(await worksOnSql(older.id)).toEqual([fines.slug]);
    const allowed = await api.gql(ONE, { i: { ...input, allowWiderAccess: true } });
    expect(allowed.data?.reassignApiKey?.reassignment).toMatchObject({ widens: true, otherKeysGaining: [gain] });
    expect(await worksOnSql(older.id)).toEqual(["fines", "permits"]);
    const widened = (await auditRows(db)).filter((r) => r.action === "api_key.access_widened");
    expect(widened.map((r) => [r.subjectId, r.reason, r.before, r.after])).toEqual([
      [
        older.id,
        "leaver",
        { holderId: team.id, holder: "team@agency.gov.example", services: ["fines"] },
        {
          holderId: team.id,
          holder: "team@agency.gov.example",
          services: ["fines", "permits"],
          gained: ["permits"],
          because: "Billing roles added for a key reassignment",
        },
      ],
    ]);
    expect(widened.map((r) => r.subjectId)).not.toContain(revoked.id);
  });

  it("moves a key to a holder Billing on exactly its services without asking", async () => {
    const { f, key, team } = await leaverAndTeamBillingOnFines();
    const permits = await db.em().execute<{ id: string }[]>("select id from service where slug = 'permits'");
    await db
      .em()
      .execute(
        "insert into collaborator (id, service_id, holder_id, role, created_at) values (gen_random_uuid(), ?, ?, 'BILLING', now())",
        [permits[0]?.id, team.id],
      );
    await f.key(team, { name: "older" });
    const res = await api.gql(ONE, { i: { id: key.id, toHolderId: team.id, version: key.version } });
    expect(res.data?.reassignApiKey?.errors).toEqual([]);
    expect(res.data?.reassignApiKey?.reassignment).toMatchObject({
      widens: false,
      billingAdded: [],
      otherKeysGaining: [],
    });
  });
});

describe("concurrent moves to one holder (invariant 5)", () => {
  it("a move that makes the holder Billing somewhere sees the keys another move just gave it", async () => {
    const { results, first, second } = await handOversRacing(db, api, (key, _leaverId, teamId) =>
      api.gql(ONE, { i: { id: key.id, toHolderId: teamId, version: key.version } }),
    );
    // Whichever ran second saw the key the first gave the holder, which its role would widen.
    const codes = results.map((r) => r.data?.reassignApiKey?.errors?.map((e: { code: string }) => e.code)[0] ?? "OK");
    expect(codes.sort()).toEqual(["ACCESS_WOULD_WIDEN", "OK"]);
    expect(await worksOnSql(first.id)).toEqual(["fines"]);
    expect(await worksOnSql(second.id)).toEqual(["permits"]);
  });
});

describe("apiKey.custody", () => {
  it("lists every holder of a key with from, to, who handed it over and why", async () => {
    const { f, key, team } = await leaverAndTeam();
    const second = await f.group({ email: "second@agency.gov.example" });
    const input = { id: key.id, toHolderId: team.id, version: key.version, reason: "leaver", allowWiderAccess: true };
    await api.gql(ONE, { i: input });
    await api.gql(ONE, { i: { id: key.id, toHolderId: second.id, version: key.version + 1, reason: "reorg" } });
    const res = await api.gql(
      graphql(`query($id: ID!) { apiKey(id: $id) { custody { holderEmail from to assignedBy reason } } }`),
      { id: key.id },
    );
    const custody = res.data!.apiKey!.custody;
    expect(custody.map((c) => [c.holderEmail, c.reason])).toEqual([
      ["leaver@agency.gov.example", null],
      ["team@agency.gov.example", "leaver"],
      ["second@agency.gov.example", "reorg"],
    ]);
    expect(custody[0]!.to).toBe(custody[1]!.from);
    expect(custody[1]!.to).toBe(custody[2]!.from);
    expect(custody[2]!.to).toBeNull();
    expect(custody[1]!.assignedBy).toBe("test-admin@keyholder.test");
  });
});
