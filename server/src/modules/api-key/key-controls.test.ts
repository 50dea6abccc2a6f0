import { describe, expect, it } from "vitest";
import { Role } from "../../shared/role.js";
import { auditRows } from "../../test-support/audit.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { graphql, type TestApi, UserErrorFields, useTestApi, type VariablesOf } from "../../test-support/graphql.js";
import { KeyFields, REVOKE_KEY, REVOKED_KEYS, ROTATE_KEY, reasonOf } from "../../test-support/keys.js";
import { Service } from "../service/service.entity.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const SUSPEND = graphql(
  `mutation SuspendKey($input: SuspendApiKeyInput!) {
    suspendApiKey(input: $input) { apiKey { ...KeyFields suspendedAt suspendedReason } errors { ...UserErrorFields } }
  }`,
  [KeyFields, UserErrorFields],
);
const RESUME = graphql(
  `mutation ResumeKey($input: ResumeApiKeyInput!) {
    resumeApiKey(input: $input) { apiKey { ...KeyFields suspendedAt suspendedReason } errors { ...UserErrorFields } }
  }`,
  [KeyFields, UserErrorFields],
);
const END_OVERLAP = graphql(
  `mutation EndKeyOverlap($input: EndApiKeyOverlapInput!) {
    endApiKeyOverlap(input: $input) { apiKey { ...KeyFields } errors { ...UserErrorFields } }
  }`,
  [KeyFields, UserErrorFields],
);
const REVOKE_MANY = graphql(
  `mutation RevokeKeys($input: RevokeApiKeysInput!) {
    revokeApiKeys(input: $input) { revocation { revokedIds alreadyRevokedIds replayed } errors { ...UserErrorFields } }
  }`,
  [UserErrorFields],
);
const DIAGNOSE = graphql(`
  query DiagnoseOnFines($id: ID!) { diagnoseApiKey(keyId: $id, service: "fines") { works reason explanation } }
`);
const WHERE_IT_WORKS = graphql(`
  query WhereKeyWorks($id: ID!, $service: ID!) {
    apiKey(id: $id) { worksOn { slug } }
    apiKeys(first: 50, filter: { worksOnServiceId: $service }) { nodes { id } }
    service(id: $service) { workingKeys(first: 50) { nodes { id } } }
  }
`);
const KEY_IDS = graphql(`query KeyIds($filter: ApiKeyFilter) { apiKeys(filter: $filter) { nodes { id } } }`);

/** A group Billing on `fines` with one key there, and the key's secret. */
async function workingKey() {
  const f = factories(db.em());
  const group = await f.group();
  const fines = (await db.em().findOne(Service, { slug: "fines" })) ?? (await f.service({ slug: "fines" }));
  await f.collaborator(fines, group);
  return f.key(group);
}

const statusOf = async (id: string) =>
  (
    await db
      .em()
      .execute<Record<string, unknown>[]>(
        "select suspended_at, suspended_reason, revoked_at, previous_secret_expires_at, version from api_key where id = ?",
        [id],
      )
  )[0];

describe("suspendApiKey and resumeApiKey", () => {
  it("a suspended key is refused with SUSPENDED, from a warm cache too, and works again once resumed", async () => {
    const key = await workingKey();
    expect(await reasonOf(api, { secret: key.secret, service: "fines" })).toBe("VALID");
    const suspended = (await api.execute(SUSPEND, { input: { id: key.id, reason: "nobody claims it" } })).suspendApiKey;
    expect(suspended.errors).toEqual([]);
    expect(suspended.apiKey).toMatchObject({ status: "ACTIVE", suspendedReason: "nobody claims it", version: 2 });
    expect(suspended.apiKey?.suspendedAt).not.toBeNull();
    expect(await reasonOf(api, { secret: key.secret, service: "fines" })).toBe("SUSPENDED");
    expect((await api.gql(DIAGNOSE, { id: key.id })).data?.diagnoseApiKey).toMatchObject({
      works: false,
      reason: "SUSPENDED",
      explanation: expect.stringContaining("nobody claims it"),
    });

    const resumed = (await api.execute(RESUME, { input: { id: key.id, reason: "claimed by finance" } })).resumeApiKey;
    expect(resumed.errors).toEqual([]);
    expect(resumed.apiKey).toMatchObject({ suspendedAt: null, suspendedReason: null, version: 3 });
    expect(await reasonOf(api, { secret: key.secret, service: "fines" })).toBe("VALID");

    const events = (await auditRows(db)).filter((r) => r.subjectId === key.id);
    expect(events.map((r) => [r.action, r.reason])).toEqual([
      ["api_key.suspended", "nobody claims it"],
      ["api_key.resumed", "claimed by finance"],
    ]);
    expect(events[0]?.before).toMatchObject({ suspendedAt: null, prefix: key.prefix });
    expect(events[0]?.after).toMatchObject({ suspendedReason: "nobody claims it" });
  });

  it("suspending twice or resuming a key that is not suspended changes nothing and records nothing", async () => {
    const key = await workingKey();
    expect((await api.gql(RESUME, { input: { id: key.id } })).data?.resumeApiKey.errors).toEqual([]);
    await api.gql(SUSPEND, { input: { id: key.id, reason: "first" } });
    const again = (await api.execute(SUSPEND, { input: { id: key.id, reason: "second" } })).suspendApiKey;
    expect(again.apiKey).toMatchObject({ suspendedReason: "first", version: 2 });
    expect((await auditRows(db)).filter((r) => r.subjectId === key.id).map((r) => r.action)).toEqual([
      "api_key.suspended",
    ]);
  });

  it("refuses a blank reason, a revoked key, a stale version and a viewer, changing nothing", async () => {
    const key = await workingKey();
    expect((await api.gql(SUSPEND, { input: { id: key.id, reason: "  " } })).data?.suspendApiKey.errors).toEqual([
      expect.objectContaining({ code: "REQUIRED", field: "reason" }),
    ]);
    expect(
      (await api.gql(SUSPEND, { input: { id: key.id, reason: "x", version: 7 } })).data?.suspendApiKey.errors,
    ).toEqual([expect.objectContaining({ code: "VERSION_CONFLICT" })]);
    const viewer = await api.as(Role.VIEWER)(SUSPEND, { input: { id: key.id, reason: "x" } });
    expect(viewer.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(await statusOf(key.id)).toMatchObject({ suspended_at: null, version: 1 });
    await api.gql(REVOKE_KEY, { input: { id: key.id, reason: "gone" } });
    expect((await api.gql(SUSPEND, { input: { id: key.id, reason: "x" } })).data?.suspendApiKey.errors).toEqual([
      expect.objectContaining({ code: "KEY_REVOKED", field: "id" }),
    ]);
    expect(
      (await api.gql(SUSPEND, { input: { id: "not-an-id", reason: "x" } })).data?.suspendApiKey.errors[0]?.code,
    ).toBe("INVALID_ID");
  });
});

describe("a suspended key works nowhere until resumed", () => {
  it("its worksOn, the service's workingKeys and the list filtered by service leave it out, as verification does", async () => {
    const key = await workingKey();
    const fines = (await db.em().findOne(Service, { slug: "fines" })) as Service;
    const seen = async () => {
      const res = await api.gql(WHERE_IT_WORKS, { id: key.id, service: fines.id });
      expect(res.errors).toBeUndefined();
      return {
        worksOn: res.data?.apiKey?.worksOn.map((s) => s.slug),
        list: res.data?.apiKeys.nodes.map((n) => n.id),
        working: res.data?.service?.workingKeys.nodes.map((n) => n.id),
      };
    };
    expect(await seen()).toEqual({ worksOn: ["fines"], list: [key.id], working: [key.id] });
    await api.gql(SUSPEND, { input: { id: key.id, reason: "nobody claims it" } });
    expect(await reasonOf(api, { secret: key.secret, service: "fines" })).toBe("SUSPENDED");
    expect(await seen()).toEqual({ worksOn: [], list: [], working: [] });
    const csv = await api.app.inject({
      method: "GET",
      url: "/v1/exports/keys.csv",
      headers: { authorization: `Bearer ${(await api.tokenFor(Role.VIEWER)).token}` },
    });
    const row = csv.body.split("\n").find((line) => line.startsWith(key.id));
    expect(row).toBeDefined();
    expect(row).not.toContain("fines");
    await api.gql(RESUME, { input: { id: key.id } });
    expect(await seen()).toEqual({ worksOn: ["fines"], list: [key.id], working: [key.id] });
  });

  it("the keys list and its export find the suspended keys, and the keys not suspended", async () => {
    const suspended = await workingKey();
    const other = await workingKey();
    await api.gql(SUSPEND, { input: { id: suspended.id, reason: "nobody claims it" } });
    const ids = async (filter: VariablesOf<typeof KEY_IDS>["filter"]) =>
      (await api.gql(KEY_IDS, { filter })).data?.apiKeys.nodes.map((n) => n.id);
    expect(await ids({ suspended: true })).toEqual([suspended.id]);
    expect(await ids({ suspended: false })).toEqual([other.id]);
    const token = (await api.tokenFor(Role.VIEWER)).token;
    const csv = await api.app.inject({
      method: "GET",
      url: "/v1/exports/keys.csv?suspended=true",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain(suspended.id);
    expect(csv.body).not.toContain(other.id);
    const bad = await api.app.inject({
      method: "GET",
      url: "/v1/exports/keys.csv?suspended=yes",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: "BAD_USER_INPUT", field: "suspended" } });
  });

  it("a revoked key cannot be resumed: nothing changes and nothing is recorded", async () => {
    const key = await workingKey();
    await api.gql(SUSPEND, { input: { id: key.id, reason: "nobody claims it" } });
    await api.gql(REVOKE_KEY, { input: { id: key.id, reason: "gone" } });
    expect((await api.gql(RESUME, { input: { id: key.id } })).data?.resumeApiKey.errors).toEqual([
      expect.objectContaining({ code: "KEY_REVOKED", field: "id" }),
    ]);
    expect((await auditRows(db)).filter((r) => r.subjectId === key.id).map((r) => r.action)).toEqual([
      "api_key.suspended",
      "api_key.revoked",
    ]);
  });
});

describe("endApiKeyOverlap", () => {
  it("the old secret stops at once (EXPIRED) while the new one and the key keep working", async () => {
    const key = await workingKey();
    const rotated = (await api.execute(ROTATE_KEY, { input: { id: key.id, overlapHours: 48 } })).rotateApiKey;
    if (!rotated.apiKey || !rotated.secret) throw new Error(`not rotated: ${JSON.stringify(rotated.errors)}`);
    expect(await reasonOf(api, { secret: key.secret, service: "fines" })).toBe("VALID");
    const ended = (await api.execute(END_OVERLAP, { input: { id: key.id, version: rotated.apiKey.version } }))
      .endApiKeyOverlap;
    expect(ended.errors).toEqual([]);
    expect(ended.apiKey).toMatchObject({ status: "ACTIVE", revokedAt: null, prefix: rotated.apiKey.prefix });
    expect(new Date(ended.apiKey?.previousSecretExpiresAt ?? "").getTime()).toBeLessThanOrEqual(Date.now());
    expect(await reasonOf(api, { secret: key.secret, service: "fines" })).toBe("EXPIRED");
    expect(await reasonOf(api, { secret: rotated.secret, service: "fines" })).toBe("VALID");
    const event = (await auditRows(db)).find((r) => r.action === "api_key.overlap_ended");
    expect(event).toMatchObject({ subjectId: key.id, before: { previousPrefix: key.prefix } });
  });

  it("answers NO_ROTATION_OVERLAP for a key never rotated or whose overlap has ended", async () => {
    const key = await workingKey();
    const never = (await api.execute(END_OVERLAP, { input: { id: key.id } })).endApiKeyOverlap;
    expect(never.errors).toEqual([expect.objectContaining({ code: "NO_ROTATION_OVERLAP", field: "id" })]);
    await api.gql(ROTATE_KEY, { input: { id: key.id, overlapHours: 0 } });
    const over = (await api.execute(END_OVERLAP, { input: { id: key.id } })).endApiKeyOverlap;
    expect(over.errors).toEqual([expect.objectContaining({ code: "NO_ROTATION_OVERLAP" })]);
    expect((await auditRows(db)).some((r) => r.action === "api_key.overlap_ended")).toBe(false);
  });

  it("refuses a revoked key still inside its overlap (KEY_REVOKED), recording nothing", async () => {
    const key = await workingKey();
    await api.gql(ROTATE_KEY, { input: { id: key.id, overlapHours: 48 } });
    await api.gql(REVOKE_KEY, { input: { id: key.id, reason: "gone" } });
    const ended = (await api.execute(END_OVERLAP, { input: { id: key.id } })).endApiKeyOverlap;
    expect(ended.errors).toEqual([expect.objectContaining({ code: "KEY_REVOKED", field: "id" })]);
    expect((await auditRows(db)).some((r) => r.action === "api_key.overlap_ended")).toBe(false);
  });
});

describe("revokeApiKeys", () => {
  it("revokes every key named with one reason, in one subject-set audit event, and verification refuses them", async () => {
    const [a, b, c] = [await workingKey(), await workingKey(), await workingKey()];
    await api.gql(REVOKE_KEY, { input: { id: c.id, reason: "earlier" } });
    expect(await reasonOf(api, { secret: a.secret, service: "fines" })).toBe("VALID");
    const res = (await api.execute(REVOKE_MANY, { input: { ids: [a.id, b.id, c.id, a.id], reason: "audit finding" } }))
      .revokeApiKeys;
    expect(res.errors).toEqual([]);
    expect(res.revocation).toEqual({
      revokedIds: [a.id, b.id].sort(),
      alreadyRevokedIds: [c.id],
      replayed: false,
    });
    for (const key of [a, b]) {
      expect(await statusOf(key.id)).toMatchObject({ version: 2 });
      expect(await reasonOf(api, { secret: key.secret, service: "fines" })).toBe("REVOKED");
    }
    const revoked = await db
      .em()
      .execute(
        "select count(*)::int as n from audit_event where action = 'api_key.revoked' and subject_ids is not null",
      );
    expect(revoked).toEqual([{ n: 1 }]);
    const events = (await auditRows(db)).filter((r) => r.action === "api_key.revoked" && r.reason === "audit finding");
    expect(events.map((r) => r.subjectId).sort()).toEqual([a.id, b.id].sort());
    const listed = await api.gql(REVOKED_KEYS);
    expect(listed.data?.apiKeys.nodes).toHaveLength(3);
  });

  it("is all or nothing: an unknown key revokes none", async () => {
    const a = await workingKey();
    const res = (
      await api.execute(REVOKE_MANY, {
        input: { ids: [a.id, "00000000-0000-4000-8000-000000000000"], reason: "cleanup" },
      })
    ).revokeApiKeys;
    expect(res.errors).toEqual([expect.objectContaining({ code: "KEY_NOT_FOUND", field: "ids" })]);
    expect(await statusOf(a.id)).toMatchObject({ revoked_at: null, version: 1 });
    expect(await auditRows(db)).toEqual([]);
  });

  it("under one idempotency key acts once, and refuses the key for another request", async () => {
    const [a, b] = [await workingKey(), await workingKey()];
    const input = { ids: [a.id], reason: "cleanup", idempotencyKey: "bulk-revoke-0001" };
    const first = (await api.execute(REVOKE_MANY, { input })).revokeApiKeys;
    const second = (await api.execute(REVOKE_MANY, { input })).revokeApiKeys;
    expect(first.revocation).toEqual({ revokedIds: [a.id], alreadyRevokedIds: [], replayed: false });
    expect(second.revocation).toEqual({ revokedIds: [a.id], alreadyRevokedIds: [], replayed: true });
    expect((await auditRows(db)).filter((r) => r.action === "api_key.revoked")).toHaveLength(1);
    const other = (await api.execute(REVOKE_MANY, { input: { ...input, ids: [b.id] } })).revokeApiKeys;
    expect(other.errors).toEqual([
      expect.objectContaining({ code: "IDEMPOTENCY_KEY_REUSED", field: "idempotencyKey" }),
    ]);
    expect(await statusOf(b.id)).toMatchObject({ revoked_at: null });
  });

  it("two calls at once under one idempotency key revoke once, and both answer the same keys", async () => {
    const keys = [await workingKey(), await workingKey(), await workingKey()];
    const input = { ids: keys.map((k) => k.id), reason: "double click", idempotencyKey: "bulk-revoke-race" };
    const [one, two] = await Promise.all([api.gql(REVOKE_MANY, { input }), api.gql(REVOKE_MANY, { input })]);
    const answers = [one.data!.revokeApiKeys, two.data!.revokeApiKeys];
    for (const answer of answers) {
      expect(answer.errors).toEqual([]);
      expect(answer.revocation?.revokedIds).toEqual(keys.map((k) => k.id).sort());
    }
    expect(answers.map((a) => a.revocation?.replayed).sort()).toEqual([false, true]);
    const sets = await db
      .em()
      .execute(
        "select count(*)::int as n from audit_event where action = 'api_key.revoked' and reason = 'double click'",
      );
    expect(sets).toEqual([{ n: 1 }]);
  });

  it("validates its input with stable codes", async () => {
    const a = await workingKey();
    const errorsOf = async (input: VariablesOf<typeof REVOKE_MANY>["input"]) =>
      (await api.execute(REVOKE_MANY, { input })).revokeApiKeys.errors.map((e) => e.code);
    expect(await errorsOf({ ids: [], reason: "x" })).toEqual(["REQUIRED"]);
    expect(await errorsOf({ ids: [a.id], reason: "" })).toEqual(["REQUIRED"]);
    expect(await errorsOf({ ids: [a.id], reason: "x", idempotencyKey: "short" })).toEqual(["OUT_OF_RANGE"]);
    expect(await errorsOf({ ids: ["nope"], reason: "x" })).toEqual(["INVALID_ID"]);
    expect(await errorsOf({ ids: Array(10_001).fill(a.id), reason: "x" })).toEqual(["OUT_OF_RANGE"]);
  });
});

describe("revokeApiKeys at its limit", () => {
  it("revokes 10,000 keys in one call, one audit event naming all of them, and refuses 10,001", async () => {
    const seed = await workingKey();
    await db.em().execute(
      `insert into api_key (id, name, environment, holder_id, prefix, secret_digest, created_at, updated_at, version)
       select gen_random_uuid(), 'Bulk ' || n, environment, holder_id, 'kh_live_' || substr(md5('b' || n), 1, 6),
              encode(sha256(('bulk-' || n)::bytea), 'hex'), now(), now(), 1
         from api_key, generate_series(1, 9999) n where id = ?`,
      [seed.id],
    );
    const ids = (await db.em().execute<{ id: string }[]>("select id from api_key")).map((r) => r.id);
    expect(ids).toHaveLength(10_000);
    const started = performance.now();
    const res = (await api.execute(REVOKE_MANY, { input: { ids, reason: "breach", idempotencyKey: "bulk-10k-1" } }))
      .revokeApiKeys;
    const took = performance.now() - started;
    expect(res.errors).toEqual([]);
    expect(res.revocation?.revokedIds).toHaveLength(10_000);
    expect(took).toBeLessThan(15_000);
    expect(await reasonOf(api, { secret: seed.secret, service: "fines" })).toBe("REVOKED");
    const events = await db
      .em()
      .execute<{ n: number }[]>(
        "select cardinality(subject_ids)::int as n from audit_event where action = 'api_key.revoked'",
      );
    expect(events).toEqual([{ n: 10_000 }]);
    const again = (await api.execute(REVOKE_MANY, { input: { ids, reason: "breach", idempotencyKey: "bulk-10k-1" } }))
      .revokeApiKeys;
    expect(again.revocation).toMatchObject({ replayed: true });
    expect(again.revocation?.revokedIds).toHaveLength(10_000);
    const tooMany = (
      await api.execute(REVOKE_MANY, { input: { ids: [...ids, "00000000-0000-4000-8000-000000000000"], reason: "x" } })
    ).revokeApiKeys;
    expect(tooMany.errors).toEqual([expect.objectContaining({ code: "OUT_OF_RANGE", field: "ids" })]);
  }, 60_000);
});
