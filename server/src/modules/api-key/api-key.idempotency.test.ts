import { describe, expect, it } from "vitest";
import { Role } from "../../shared/role.js";
import { auditRows } from "../../test-support/audit.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { graphql, type InputOf, type TestApi, UserErrorFields, useTestApi } from "../../test-support/graphql.js";
import { ApiKey } from "./api-key.entity.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const CREATE = graphql(
  `mutation CreateKeyOnce($input: CreateApiKeyInput!) {
    createApiKey(input: $input) { secret replayed warnings { code message } apiKey { id name prefix holder { id } }
      errors { ...UserErrorFields } }
  }`,
  [UserErrorFields],
);
type CreateInput = InputOf<typeof CREATE>;

async function create(input: CreateInput) {
  const res = await api.as(Role.OPERATOR)(CREATE, { input });
  expect(res.errors).toBeUndefined();
  return res.data!.createApiKey;
}

const created = async () => (await auditRows(db)).filter((r) => r.action === "api_key.created").length;

describe("createApiKey under an idempotency key", () => {
  it("issues one key for concurrent calls with the same key and parameters; the replay has no secret", async () => {
    const alice = await factories(db.em()).user({ email: "alice@agency.gov.example" });
    const input: CreateInput = {
      name: "payments backend",
      environment: "PRODUCTION",
      holderId: alice.id,
      lifespan: "DAYS_90",
      idempotencyKey: "deploy-4711-payments",
    };
    const answers = await Promise.all([create(input), create(input), create(input)]);
    expect(answers.map((a) => a.errors)).toEqual([[], [], []]);
    expect(new Set(answers.map((a) => a.apiKey?.id)).size).toBe(1);
    const first = answers.filter((a) => !a.replayed);
    expect(first).toHaveLength(1);
    expect(first[0]?.secret).toMatch(/^kh_live_/);
    for (const replay of answers.filter((a) => a.replayed)) {
      expect(replay.secret).toBeNull();
      // The warning about a production key held by a person is repeated, as first given.
      expect(replay.warnings).toEqual(first[0]?.warnings);
      expect(replay.warnings.map((w) => w.code)).toEqual(["PRODUCTION_KEY_HELD_BY_INDIVIDUAL"]);
    }
    expect(await db.em().count(ApiKey, {})).toBe(1);
    expect(await created()).toBe(1);
  });

  it("refuses the same key with another name, holder, environment or expiry, creating nothing", async () => {
    const f = factories(db.em());
    const group = await f.group({ email: "payments@agency.gov.example" });
    const other = await f.group({ email: "ops@agency.gov.example" });
    const input: CreateInput = { name: "payments", environment: "STAGING", holderId: group.id, lifespan: "DAYS_30" };
    const key = { idempotencyKey: "ci-run-2026-12-04-17" };
    const first = await create({ ...input, ...key });
    expect(first.errors).toEqual([]);
    for (const change of [
      { name: "payments 2" },
      { holderId: other.id },
      { environment: "PRODUCTION" },
      { lifespan: "DAYS_60" },
      { lifespan: null, expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
    ] satisfies Partial<CreateInput>[]) {
      const refused = await create({ ...input, ...change, ...key });
      expect(refused).toMatchObject({ apiKey: null, secret: null, replayed: false });
      expect(refused.errors).toEqual([
        expect.objectContaining({ code: "IDEMPOTENCY_KEY_REUSED", field: "idempotencyKey" }),
      ]);
    }
    expect(await db.em().count(ApiKey, {})).toBe(1);
    // The name is compared as stored (trimmed), and a holder id in capitals is the same holder.
    const replay = await create({ ...input, name: " payments ", holderId: group.id.toUpperCase(), ...key });
    expect(replay).toMatchObject({ errors: [], replayed: true, secret: null, apiKey: { id: first.apiKey?.id } });
    // Without a key, or under another, the same parameters issue another key.
    expect((await create(input)).replayed).toBe(false);
    expect((await create({ ...input, idempotencyKey: "ci-run-2026-12-04-18" })).replayed).toBe(false);
    expect(await db.em().count(ApiKey, {})).toBe(3);
  });

  it("answers the first key even after its holder departed, and refuses a key of the wrong length", async () => {
    const alice = await factories(db.em()).user({ email: "alice@agency.gov.example" });
    const input: CreateInput = { name: "sandbox", environment: "STAGING", holderId: alice.id, lifespan: "NEVER" };
    const first = await create({ ...input, idempotencyKey: "retry-me-please" });
    await db.em().execute("update holder set status = 'DEPARTED', departed_at = now() where id = ?", [alice.id]);
    const replay = await create({ ...input, idempotencyKey: "retry-me-please" });
    expect(replay).toMatchObject({ errors: [], replayed: true, apiKey: { id: first.apiKey?.id } });
    for (const idempotencyKey of ["short", "x".repeat(201)]) {
      const refused = await create({ ...input, idempotencyKey });
      expect(refused.errors).toEqual([expect.objectContaining({ code: "OUT_OF_RANGE", field: "idempotencyKey" })]);
    }
  });
});
