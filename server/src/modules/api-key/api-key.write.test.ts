import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Role } from "../../shared/role.js";
import { sha256Hex } from "../../shared/secrets.js";
import { auditRows } from "../../test-support/audit.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { graphql, type TestApi, useTestApi, type VariablesOf } from "../../test-support/graphql.js";
import { CREATE_KEY } from "../../test-support/keys.js";
import { UserStatus } from "../holder/user/user-status.js";
import { ApiKey } from "./api-key.entity.js";
import { parseSecret } from "./api-key.secret.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const DAY = 86_400_000;

/** Issues a key; `input` may hold what the schema refuses (a Date, a misspelt lifespan), as callers send. */
async function create(input: Record<string, unknown>, role: Role = Role.ADMIN) {
  const variables = { input: { name: "payments backend", environment: "STAGING", ...input } };
  const res = await api.as(role)(CREATE_KEY, variables as VariablesOf<typeof CREATE_KEY>);
  const payload = res.data?.createApiKey;
  return { res, payload: payload! };
}

async function nothingCreated() {
  expect(await db.em().count(ApiKey, {})).toBe(0);
  expect(await auditRows(db)).toEqual([]);
}

/** A createApiKey payload that issued nothing, for one error `code` at `field`. */
const refusal = (code: string, field: string) => ({ apiKey: null, secret: null, errors: [{ code, field }] });

describe("createApiKey: expiry", () => {
  it.each([
    ["DAYS_30", 30],
    ["DAYS_60", 60],
    ["DAYS_90", 90],
    ["DAYS_180", 180],
    ["DAYS_365", 365],
  ])("lifespan %s expires that many days from now", async (lifespan, days) => {
    const group = await factories(db.em()).group();
    const before = Date.now();
    const { payload } = await create({ holderId: group.id, lifespan });
    const after = Date.now();
    expect(payload.errors).toEqual([]);
    const expiresAt = new Date(payload.apiKey!.expiresAt!).getTime();
    expect(expiresAt).toBeGreaterThanOrEqual(before + days * DAY);
    expect(expiresAt).toBeLessThanOrEqual(after + days * DAY);
    expect(payload.apiKey!.status).toBe("ACTIVE");
  });

  it("lifespan NEVER issues a key without expiry", async () => {
    const group = await factories(db.em()).group();
    const { payload } = await create({ holderId: group.id, lifespan: "NEVER" });
    expect(payload.errors).toEqual([]);
    expect(payload.apiKey!.expiresAt).toBeNull();
    const stored = await db.em().findOneOrFail(ApiKey, { id: payload.apiKey!.id });
    expect(stored.expiresAt).toBeNull();
  });

  it("an explicit expiresAt is kept to the millisecond", async () => {
    const group = await factories(db.em()).group();
    const at = new Date(Date.now() + 12 * DAY + 1234);
    const { payload } = await create({ holderId: group.id, expiresAt: at.toISOString() });
    expect(payload.errors).toEqual([]);
    expect(payload.apiKey!.expiresAt).toBe(at.toISOString());
    expect((await db.em().findOneOrFail(ApiKey, { id: payload.apiKey!.id })).expiresAt).toEqual(at);
  });

  it("lifespan and expiresAt together are refused, and so is neither; nothing is created", async () => {
    const group = await factories(db.em()).group();
    const both = await create({ holderId: group.id, lifespan: "DAYS_30", expiresAt: new Date(Date.now() + DAY) });
    expect(both.payload).toMatchObject(refusal("BAD_USER_INPUT", "expiresAt"));
    const neither = await create({ holderId: group.id });
    expect(neither.payload).toMatchObject(refusal("REQUIRED", "lifespan"));
    await nothingCreated();
  });

  it("an expiresAt in the past is OUT_OF_RANGE", async () => {
    const group = await factories(db.em()).group();
    const { payload } = await create({ holderId: group.id, expiresAt: new Date(Date.now() - 60_000).toISOString() });
    expect(payload).toMatchObject(refusal("OUT_OF_RANGE", "expiresAt"));
    await nothingCreated();
  });
});

describe("createApiKey: the secret", () => {
  it.each([
    ["PRODUCTION", "kh_live_"],
    ["STAGING", "kh_test_"],
  ])(
    "a %s key's secret starts %s, is shown once, and only its digest and prefix are stored",
    async (environment, start) => {
      const group = await factories(db.em()).group();
      const { payload } = await create({ holderId: group.id, environment, lifespan: "NEVER" });
      expect(payload.errors).toEqual([]);
      const secret = payload.secret!;
      expect(secret).toMatch(new RegExp(`^${start}[0-9A-Za-z]{36}$`));
      expect(parseSecret(secret)).toEqual({ environment });
      expect(payload.apiKey!.prefix).toBe(secret.slice(0, 14));
      expect(payload.apiKey!.prefix).toHaveLength(14);

      const rows = await db
        .em()
        .execute<{ secret_digest: string; prefix: string; row: string }[]>(
          "select secret_digest, prefix, k::text as row from api_key k where id = ?",
          [payload.apiKey!.id],
        );
      expect(rows).toHaveLength(1);
      expect(rows[0]?.secret_digest).toBe(sha256Hex(secret));
      expect(rows[0]?.prefix).toBe(secret.slice(0, 14));
      expect(rows[0]?.row).not.toContain(secret.slice(14));

      const again = await api.gql(graphql(`query($id: ID!) { apiKey(id: $id) { prefix } }`), {
        id: payload.apiKey!.id,
      });
      expect(JSON.stringify(again.data)).not.toContain(secret);
    },
  );

  it("creation is audited with the actor and the prefix", async () => {
    const group = await factories(db.em()).group({ email: "payments@agency.gov.example" });
    const { payload } = await create({ holderId: group.id, lifespan: "NEVER" });
    const admin = await api.tokenFor(Role.ADMIN);
    expect(await auditRows(db)).toEqual([
      expect.objectContaining({
        action: "api_key.created",
        subjectType: "ApiKey",
        subjectId: payload.apiKey!.id,
        actorId: admin.userId,
        before: null,
        after: expect.objectContaining({ prefix: payload.apiKey!.prefix, holder: "payments@agency.gov.example" }),
      }),
    ]);
  });
});

describe("createApiKey: holders", () => {
  it("a PRODUCTION key for a person is issued with the PRODUCTION_KEY_HELD_BY_INDIVIDUAL warning", async () => {
    const amy = await factories(db.em()).user({ email: "amy@agency.gov.example" });
    const { payload } = await create({ holderId: amy.id, environment: "PRODUCTION", lifespan: "NEVER" });
    expect(payload.errors).toEqual([]);
    expect(payload.apiKey!.holder).toEqual({ id: amy.id, email: "amy@agency.gov.example" });
    expect(payload.warnings).toEqual([
      { code: "PRODUCTION_KEY_HELD_BY_INDIVIDUAL", message: expect.stringContaining("amy@agency.gov.example") },
    ]);
  });

  it("a PRODUCTION key for a group email, or a STAGING key for a person, has no warning", async () => {
    const f = factories(db.em());
    const group = await f.group();
    const amy = await f.user();
    const forGroup = await create({ holderId: group.id, environment: "PRODUCTION", lifespan: "NEVER" });
    const staging = await create({ holderId: amy.id, environment: "STAGING", lifespan: "NEVER" });
    expect(forGroup.payload).toMatchObject({ errors: [], warnings: [], apiKey: { environment: "PRODUCTION" } });
    expect(staging.payload).toMatchObject({ errors: [], warnings: [], apiKey: { environment: "STAGING" } });
  });

  it("a departed user is USER_DEPARTED and an unknown holder HOLDER_NOT_FOUND; nothing is created", async () => {
    const gone = await factories(db.em()).user({ status: UserStatus.DEPARTED });
    const departed = await create({ holderId: gone.id, lifespan: "NEVER" });
    expect(departed.payload).toMatchObject(refusal("USER_DEPARTED", "holderId"));
    const unknown = await create({ holderId: randomUUID(), lifespan: "NEVER" });
    expect(unknown.payload).toMatchObject(refusal("HOLDER_NOT_FOUND", "holderId"));
    await nothingCreated();
  });

  it("an OPERATOR may issue keys but a VIEWER is FORBIDDEN", async () => {
    const group = await factories(db.em()).group();
    const viewer = await create({ holderId: group.id, lifespan: "NEVER" }, Role.VIEWER);
    expect(viewer.res.data?.createApiKey ?? null).toBeNull();
    expect(viewer.res.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    await nothingCreated();
    const operator = await create({ holderId: group.id, lifespan: "NEVER" }, Role.OPERATOR);
    expect(operator.payload.errors).toEqual([]);
    expect(await db.em().count(ApiKey, {})).toBe(1);
  });
});
