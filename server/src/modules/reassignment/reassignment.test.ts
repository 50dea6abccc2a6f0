import { describe, expect, it } from "vitest";
import { auditRows } from "../../test-support/audit.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { type TestApi, useTestApi } from "../../test-support/graphql.js";
import { reasonOf, verifyOverHttp } from "../../test-support/keys.js";
import { CollaboratorRole } from "../collaborator/collaborator-role.js";
import { UserStatus } from "../user/user-status.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const RESULT = /* GraphQL */ `reassignment { toHolderEmail billingAdded
  keys { keyId fromHolderEmail servicesBefore servicesAfter gained lost } } errors { field code message }`;
const ONE = `mutation($i: ReassignApiKeyInput!) { reassignApiKey(input: $i) { ${RESULT} } }`;
const MANY = `mutation($i: ReassignApiKeysInput!) { reassignApiKeys(input: $i) { ${RESULT} } }`;
const PREVIEW = `query($ids: [ID!]!, $to: ID!, $keep: Boolean!) {
  reassignmentPreview(ids: $ids, toHolderId: $to, keepAccess: $keep) { billingAdded keys { keyId servicesBefore servicesAfter gained lost } } }`;

/** A leaver who holds a key working on two services, and a team already Billing on a third. */
async function leaverAndTeam() {
  const f = factories(db.em());
  const leaver = await f.user({ email: "leaver@agency.gov.example" });
  const team = await f.group({ email: "team@agency.gov.example" });
  const fines = await f.service({ slug: "fines" });
  const permits = await f.service({ slug: "permits" });
  const tolls = await f.service({ slug: "tolls" });
  await f.collaborator(fines, leaver);
  await f.collaborator(permits, leaver);
  await f.collaborator(tolls, team);
  const key = await f.key(leaver, { name: "payments" });
  return { f, leaver, team, fines, permits, tolls, key };
}

describe("reassignApiKey", () => {
  it("moves the key keeping its secret, and keeps it working on the same services (keepAccess)", async () => {
    const { key, team } = await leaverAndTeam();
    expect((await verifyOverHttp(api, { secret: key.secret, service: "fines" })).body.holder?.email).toBe(
      "leaver@agency.gov.example",
    );
    const res = await api.gql(ONE, { i: { id: key.id, toHolderId: team.id, version: key.version, reason: "leaver" } });
    expect(res.data?.reassignApiKey.errors).toEqual([]);
    expect(res.data?.reassignApiKey.reassignment).toEqual({
      toHolderEmail: "team@agency.gov.example",
      billingAdded: ["fines", "permits"],
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
    const after = await api.gql(`{ apiKey(id: "${key.id}") { holder { email } worksOn { slug } version } }`);
    expect(after.data?.apiKey).toEqual({
      holder: { email: "team@agency.gov.example" },
      worksOn: [{ slug: "fines" }, { slug: "permits" }, { slug: "tolls" }],
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
    const res = await api.gql(ONE, { i: { id: key.id, toHolderId: team.id, version: key.version, keepAccess: false } });
    const moved = res.data?.reassignApiKey.reassignment;
    expect(moved.billingAdded).toEqual([]);
    expect(moved.keys[0]).toMatchObject({ lost: ["fines", "permits"], servicesAfter: ["tolls"] });
    expect(preview.data?.reassignmentPreview).toEqual({
      billingAdded: moved.billingAdded,
      keys: [
        {
          keyId: key.id,
          servicesBefore: moved.keys[0].servicesBefore,
          servicesAfter: moved.keys[0].servicesAfter,
          gained: moved.keys[0].gained,
          lost: moved.keys[0].lost,
        },
      ],
    });
    expect(await reasonOf(api, { secret: key.secret, service: "fines" })).toBe("HOLDER_NOT_BILLING_COLLABORATOR");
  });

  it("refuses a departed target, the current holder, a revoked key and a stale version, changing nothing", async () => {
    const { f, key, leaver, team } = await leaverAndTeam();
    const gone = await f.user({ status: UserStatus.DEPARTED });
    const revoked = await f.key(leaver, { revokedAt: new Date(), revokedReason: "leaked" });
    const cases: [Record<string, unknown>, string][] = [
      [{ id: key.id, toHolderId: gone.id, version: key.version }, "USER_DEPARTED"],
      [{ id: key.id, toHolderId: leaver.id, version: key.version }, "SAME_HOLDER"],
      [{ id: revoked.id, toHolderId: team.id, version: revoked.version }, "KEY_REVOKED"],
      [{ id: key.id, toHolderId: team.id, version: key.version + 5 }, "VERSION_CONFLICT"],
      [{ id: "00000000-0000-4000-8000-000000000000", toHolderId: team.id, version: 1 }, "KEY_NOT_FOUND"],
    ];
    for (const [input, code] of cases) {
      const res = await api.gql(ONE, { i: input });
      expect(res.data?.reassignApiKey.errors[0]?.code, code).toBe(code);
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
    const codes = results.map((r) => r.data?.reassignApiKey.errors[0]?.code ?? "OK").sort();
    expect(codes).toEqual(["OK", "VERSION_CONFLICT", "VERSION_CONFLICT", "VERSION_CONFLICT"]);
  });
});

describe("reassignApiKeys", () => {
  it("moves many keys all or nothing: one revoked key stops the whole move", async () => {
    const { f, leaver, team } = await leaverAndTeam();
    const keys = await f.keys(Array.from({ length: 5 }, (_, i) => ({ holder: leaver, name: `k${i}` })));
    const revoked = await f.key(leaver, { revokedAt: new Date(), revokedReason: "old" });
    const refused = await api.gql(MANY, { i: { ids: [...keys.map((k) => k.id), revoked.id], toHolderId: team.id } });
    expect(refused.data?.reassignApiKeys.errors[0].code).toBe("KEY_REVOKED");
    const held = await db.em().execute("select count(*)::int as n from api_key where holder_id = ?", [team.id]);
    expect(held[0]?.n).toBe(0);
    const moved = await api.gql(MANY, { i: { ids: keys.map((k) => k.id), toHolderId: team.id } });
    expect(moved.data?.reassignApiKeys.reassignment.keys).toHaveLength(5);
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
      expect(res.data?.reassignApiKeys.errors).toEqual([]);
      counts.push(res.sqlStatements);
    }
    expect(counts[1]).toBe(counts[0]);
  });
});

describe("apiKey.custody", () => {
  it("lists every holder of a key with from, to, who handed it over and why", async () => {
    const { f, key, team } = await leaverAndTeam();
    const second = await f.group({ email: "second@agency.gov.example" });
    await api.gql(ONE, { i: { id: key.id, toHolderId: team.id, version: key.version, reason: "leaver" } });
    await api.gql(ONE, { i: { id: key.id, toHolderId: second.id, version: key.version + 1, reason: "reorg" } });
    const res = await api.gql(`{ apiKey(id: "${key.id}") { custody { holderEmail from to assignedBy reason } } }`);
    const custody = res.data?.apiKey.custody;
    expect(custody.map((c: { holderEmail: string; reason: string | null }) => [c.holderEmail, c.reason])).toEqual([
      ["leaver@agency.gov.example", null],
      ["team@agency.gov.example", "leaver"],
      ["second@agency.gov.example", "reorg"],
    ]);
    expect(custody[0].to).toBe(custody[1].from);
    expect(custody[1].to).toBe(custody[2].from);
    expect(custody[2].to).toBeNull();
    expect(custody[1].assignedBy).toBe("test-admin@keyholder.test");
  });
});
