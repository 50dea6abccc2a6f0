import { describe, expect, it } from "vitest";
import { auditRows } from "../../test-support/audit.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { graphql, type TestApi, useTestApi, type VariablesOf } from "../../test-support/graphql.js";
import { CREATE_KEY, REVOKE_KEY, ROTATE_KEY, UPDATE_KEY } from "../../test-support/keys.js";
import { ApiKey } from "./api-key.entity.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const DAY = 86_400_000;

/** Updates a key; `input` may hold Dates (sent as ISO strings) and values the schema refuses. */
const update = async (input: Record<string, unknown>) =>
  (await api.gql(UPDATE_KEY, { input } as VariablesOf<typeof UPDATE_KEY>)).data!.updateApiKey;
const stored = (id: string) => db.em().findOneOrFail(ApiKey, { id });

async function aKey(overrides: { expiresAt?: Date; revokedAt?: Date } = {}) {
  const f = factories(db.em());
  return f.key(await f.group(), { name: "old name", ...overrides });
}

describe("updateApiKey", () => {
  it("renames a key, keeps its expiry, bumps its version and audits before and after", async () => {
    const expiresAt = new Date(Date.now() + 5 * DAY);
    const key = await aKey({ expiresAt });
    const payload = await update({ id: key.id, version: 1, name: "  new name  " });
    expect(payload.errors).toEqual([]);
    expect(payload.apiKey).toMatchObject({ name: "new name", expiresAt: expiresAt.toISOString(), version: 2 });
    expect(await stored(key.id)).toMatchObject({ name: "new name", expiresAt, version: 2 });
    expect(await auditRows(db)).toEqual([
      expect.objectContaining({
        action: "api_key.updated",
        subjectId: key.id,
        before: expect.objectContaining({ name: "old name" }),
        after: expect.objectContaining({ name: "new name" }),
      }),
    ]);
  });

  it("a new lifespan counts from now, NEVER removes the expiry, and an explicit date is kept", async () => {
    const key = await aKey({ expiresAt: new Date(Date.now() + 5 * DAY) });
    const before = Date.now();
    const ninety = await update({ id: key.id, version: 1, lifespan: "DAYS_90" });
    expect(ninety.errors).toEqual([]);
    const expiry = new Date(ninety.apiKey!.expiresAt!).getTime();
    expect(expiry).toBeGreaterThanOrEqual(before + 90 * DAY);
    expect(expiry).toBeLessThanOrEqual(Date.now() + 90 * DAY);
    expect(ninety.apiKey!.name).toBe("old name");

    const never = await update({ id: key.id, version: 2, lifespan: "NEVER" });
    expect(never.apiKey).toMatchObject({ expiresAt: null, version: 3 });

    const date = new Date(Date.now() + 3 * DAY + 789);
    const dated = await update({ id: key.id, version: 3, expiresAt: date.toISOString() });
    expect(dated.apiKey).toMatchObject({ expiresAt: date.toISOString(), version: 4 });
    expect((await stored(key.id)).expiresAt).toEqual(date);
  });

  it("an expired key becomes active again when its expiry moves into the future", async () => {
    const key = await aKey({ expiresAt: new Date(Date.now() - DAY) });
    const payload = await update({ id: key.id, version: 1, lifespan: "DAYS_30" });
    expect(payload.apiKey!.status).toBe("ACTIVE");
  });

  it("refuses a past date, both lifespan and date, and a blank name, changing nothing", async () => {
    const expiresAt = new Date(Date.now() + 5 * DAY);
    const key = await aKey({ expiresAt });
    expect(await update({ id: key.id, version: 1, expiresAt: new Date(Date.now() - DAY) })).toMatchObject({
      apiKey: null,
      errors: [{ code: "OUT_OF_RANGE", field: "expiresAt" }],
    });
    expect(
      await update({ id: key.id, version: 1, lifespan: "DAYS_30", expiresAt: new Date(Date.now() + DAY) }),
    ).toMatchObject({ apiKey: null, errors: [{ code: "BAD_USER_INPUT", field: "expiresAt" }] });
    expect(await update({ id: key.id, version: 1, name: " " })).toMatchObject({
      apiKey: null,
      errors: [{ code: "REQUIRED", field: "name" }],
    });
    expect(await stored(key.id)).toMatchObject({ name: "old name", expiresAt, version: 1 });
    expect(await auditRows(db)).toEqual([]);
  });

  it("a stale version is VERSION_CONFLICT", async () => {
    const key = await aKey();
    expect((await update({ id: key.id, version: 1, name: "first" })).errors).toEqual([]);
    expect(await update({ id: key.id, version: 1, name: "second" })).toMatchObject({
      apiKey: null,
      errors: [{ code: "VERSION_CONFLICT", field: "version" }],
    });
    expect(await stored(key.id)).toMatchObject({ name: "first", version: 2 });
  });

  it("a revoked key's expiry cannot change (KEY_REVOKED)", async () => {
    const key = await aKey({ revokedAt: new Date() });
    for (const change of [{ lifespan: "DAYS_30" }, { lifespan: "NEVER" }, { expiresAt: new Date(Date.now() + DAY) }]) {
      expect(await update({ id: key.id, version: 1, ...change })).toMatchObject({
        apiKey: null,
        errors: [{ code: "KEY_REVOKED", field: "id" }],
      });
    }
    expect(await stored(key.id)).toMatchObject({ expiresAt: null, version: 1 });
    expect(await auditRows(db)).toEqual([]);
  });
});

describe("apiKey.history", () => {
  it("lists creation, rotation and revocation newest first, with the prefixes involved", async () => {
    const group = await factories(db.em()).group();
    const created = (
      await api.execute(CREATE_KEY, {
        input: { name: "k", environment: "PRODUCTION", holderId: group.id, lifespan: "NEVER" },
      })
    ).createApiKey;
    const firstPrefix = created.apiKey!.prefix;
    const rotated = (await api.execute(ROTATE_KEY, { input: { id: created.apiKey!.id, overlapHours: 2 } }))
      .rotateApiKey;
    const secondPrefix = rotated.apiKey!.prefix;
    await api.gql(REVOKE_KEY, { input: { id: created.apiKey!.id, reason: "retired" } });

    const res = await api.gql(
      graphql(
        `query($id: ID!) { apiKey(id: $id) { history { totalCount nodes { action actorLabel reason before after } } } }`,
      ),
      { id: created.apiKey!.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.apiKey?.history.totalCount).toBe(3);
    const history = res.data?.apiKey?.history.nodes;
    expect(history!.map((e: { action: string }) => e.action)).toEqual([
      "api_key.revoked",
      "api_key.rotated",
      "api_key.created",
    ]);
    expect(history![0]).toMatchObject({ reason: "retired", actorLabel: "test-admin@keyholder.test" });
    expect(history![0]!.after).toMatchObject({ prefix: secondPrefix, previousPrefix: firstPrefix });
    expect(history![1]!.before).toMatchObject({ prefix: firstPrefix });
    expect(history![1]!.after).toMatchObject({ prefix: secondPrefix, previousPrefix: firstPrefix, overlapHours: 2 });
    expect(history![2]).toMatchObject({ before: null, after: expect.objectContaining({ prefix: firstPrefix }) });
  });

  it("shows only the key's own events", async () => {
    const f = factories(db.em());
    const group = await f.group();
    const [a, b] = [await f.key(group), await f.key(group)];
    await api.gql(REVOKE_KEY, { input: { id: a.id, reason: "a" } });
    const res = await api.gql(
      graphql(`query($id: ID!) { apiKey(id: $id) { history { totalCount nodes { action } } } }`),
      {
        id: b.id,
      },
    );
    expect(res.data?.apiKey?.history).toEqual({ totalCount: 0, nodes: [] });
  });
});
