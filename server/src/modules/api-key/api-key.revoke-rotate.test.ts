import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Role } from "../../shared/role.js";
import { sha256Hex } from "../../shared/secrets.js";
import { auditRows } from "../../test-support/audit.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { type InputOf, type ResultOf, type TestApi, useTestApi } from "../../test-support/graphql.js";
import { REVOKE_KEY, REVOKED_KEYS, ROTATE_KEY } from "../../test-support/keys.js";
import { Environment } from "./environment.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const HOUR = 3_600_000;

const revoke = async (input: InputOf<typeof REVOKE_KEY>) => (await api.gql(REVOKE_KEY, { input })).data!.revokeApiKey;
const rotate = async (input: InputOf<typeof ROTATE_KEY>) => (await api.gql(ROTATE_KEY, { input })).data!.rotateApiKey;

async function storedKey(id: string) {
  const rows = await db.em().execute<Record<string, unknown>[]>(
    `select prefix, secret_digest, previous_prefix, previous_secret_digest, previous_secret_expires_at, revoked_at,
       revoked_reason, version from api_key where id = ?`,
    [id],
  );
  return rows[0];
}

describe("revokeApiKey", () => {
  it("records who revoked, when and why; the key stays listed as REVOKED", async () => {
    const key = await factories(db.em()).key(await factories(db.em()).group());
    const before = Date.now();
    const payload = await revoke({ id: key.id, reason: "leaked in a ticket" });
    expect(payload.errors).toEqual([]);
    expect(payload.apiKey).toMatchObject({
      id: key.id,
      status: "REVOKED",
      revokedReason: "leaked in a ticket",
      revokedBy: { email: "test-admin@keyholder.test" },
      version: 2,
    });
    expect(new Date(payload.apiKey!.revokedAt!).getTime()).toBeGreaterThanOrEqual(before - 5);

    const listed = await api.gql(REVOKED_KEYS);
    expect(listed.data?.apiKeys.nodes).toEqual([
      {
        id: key.id,
        revokedAt: payload.apiKey!.revokedAt,
        revokedReason: "leaked in a ticket",
        revokedBy: { email: "test-admin@keyholder.test" },
      },
    ]);
    expect(await auditRows(db)).toEqual([
      expect.objectContaining({
        action: "api_key.revoked",
        subjectId: key.id,
        reason: "leaked in a ticket",
        before: expect.objectContaining({ revokedAt: null }),
        after: expect.objectContaining({ revokedAt: payload.apiKey!.revokedAt, prefix: key.prefix }),
      }),
    ]);
  });

  it("needs a non-blank reason, and changes nothing without one", async () => {
    const key = await factories(db.em()).key(await factories(db.em()).group());
    for (const reason of ["", "   "]) {
      expect(await revoke({ id: key.id, reason })).toMatchObject({
        apiKey: null,
        errors: [{ code: "REQUIRED", field: "reason" }],
      });
    }
    // Deliberately without the required reason: refused before the resolver runs.
    const missing = await api.gql(REVOKE_KEY, { input: { id: key.id } } as never);
    expect(missing.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(await storedKey(key.id)).toMatchObject({ revoked_at: null, version: 1 });
    expect(await auditRows(db)).toEqual([]);
  });

  it("is idempotent: a second revocation keeps the first time and reason and records nothing", async () => {
    const key = await factories(db.em()).key(await factories(db.em()).group());
    const first = await revoke({ id: key.id, reason: "first" });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await revoke({ id: key.id, reason: "second" });
    expect(second.errors).toEqual([]);
    expect(second.apiKey).toMatchObject({
      revokedAt: first.apiKey!.revokedAt,
      revokedReason: "first",
      version: first.apiKey!.version,
    });
    expect((await auditRows(db)).map((e) => e.action)).toEqual(["api_key.revoked"]);
  });

  it("an unknown key is KEY_NOT_FOUND", async () => {
    expect(await revoke({ id: randomUUID(), reason: "x" })).toMatchObject({
      apiKey: null,
      errors: [{ code: "KEY_NOT_FOUND", field: "id" }],
    });
  });
});

describe("rotateApiKey", () => {
  it("gives the same key a new secret; the old prefix and its overlap are kept and audited", async () => {
    const f = factories(db.em());
    const group = await f.group();
    const key = await f.key(group, { name: "sandbox", environment: Environment.STAGING });
    const before = Date.now();
    const payload = await rotate({ id: key.id, overlapHours: 24, version: 1 });
    const after = Date.now();
    expect(payload.errors).toEqual([]);
    const secret = payload.secret!;
    expect(secret).toMatch(/^kh_test_[0-9A-Za-z]{36}$/);
    expect(secret).not.toBe(key.secret);
    expect(payload.apiKey).toMatchObject({
      id: key.id,
      name: "sandbox",
      environment: "STAGING",
      holder: { id: group.id },
      prefix: secret.slice(0, 14),
      previousPrefix: key.prefix,
      status: "ACTIVE",
      version: 2,
    });
    const overlapEnd = new Date(payload.apiKey!.previousSecretExpiresAt!).getTime();
    expect(overlapEnd).toBeGreaterThanOrEqual(before + 24 * HOUR);
    expect(overlapEnd).toBeLessThanOrEqual(after + 24 * HOUR);
    expect(payload.apiKey!.rotatedAt).not.toBeNull();
    expect(await storedKey(key.id)).toMatchObject({
      secret_digest: sha256Hex(secret),
      previous_secret_digest: sha256Hex(key.secret),
      previous_prefix: key.prefix,
    });
    expect(await auditRows(db)).toEqual([
      expect.objectContaining({
        action: "api_key.rotated",
        subjectId: key.id,
        before: expect.objectContaining({ prefix: key.prefix }),
        after: expect.objectContaining({ prefix: secret.slice(0, 14), previousPrefix: key.prefix, overlapHours: 24 }),
      }),
    ]);
  });

  it("accepts an overlap of 0 to 168 hours (24 by default) and refuses 169 and -1 with OUT_OF_RANGE", async () => {
    const key = await factories(db.em()).key(await factories(db.em()).group());
    const overlapOf = (p: ResultOf<typeof ROTATE_KEY>["rotateApiKey"]) =>
      new Date(p.apiKey!.previousSecretExpiresAt!).getTime() - new Date(p.apiKey!.rotatedAt!).getTime();
    for (const hours of [169, -1]) {
      expect(await rotate({ id: key.id, overlapHours: hours })).toMatchObject({
        apiKey: null,
        secret: null,
        errors: [{ code: "OUT_OF_RANGE", field: "overlapHours" }],
      });
    }
    expect(await storedKey(key.id)).toMatchObject({ version: 1, previous_prefix: null });
    expect(overlapOf(await rotate({ id: key.id, overlapHours: 0 }))).toBe(0);
    expect(overlapOf(await rotate({ id: key.id, overlapHours: 168 }))).toBe(168 * HOUR);
    expect(overlapOf(await rotate({ id: key.id }))).toBe(24 * HOUR);
    expect((await auditRows(db)).map((e) => e.action)).toEqual([
      "api_key.rotated",
      "api_key.rotated",
      "api_key.rotated",
    ]);
  });

  it("refuses a revoked key with KEY_REVOKED and an expired one with KEY_EXPIRED, changing nothing", async () => {
    const f = factories(db.em());
    const group = await f.group();
    const revoked = await f.key(group, { revokedAt: new Date(), revokedReason: "gone" });
    const expired = await f.key(group, { expiresAt: new Date(Date.now() - 1000) });
    expect(await rotate({ id: revoked.id, overlapHours: 0 })).toMatchObject({
      apiKey: null,
      secret: null,
      errors: [{ code: "KEY_REVOKED", field: "id" }],
    });
    expect(await rotate({ id: expired.id, overlapHours: 0 })).toMatchObject({
      apiKey: null,
      secret: null,
      errors: [{ code: "KEY_EXPIRED", field: "id" }],
    });
    expect(await storedKey(revoked.id)).toMatchObject({ secret_digest: sha256Hex(revoked.secret), version: 1 });
    expect(await storedKey(expired.id)).toMatchObject({ secret_digest: sha256Hex(expired.secret), version: 1 });
    expect(await auditRows(db)).toEqual([]);
  });

  it("a stale version is VERSION_CONFLICT and the key keeps its secret", async () => {
    const key = await factories(db.em()).key(await factories(db.em()).group());
    const first = await rotate({ id: key.id, overlapHours: 1, version: 1 });
    expect(first.errors).toEqual([]);
    expect(await rotate({ id: key.id, overlapHours: 1, version: 1 })).toMatchObject({
      apiKey: null,
      secret: null,
      errors: [{ code: "VERSION_CONFLICT", field: "version" }],
    });
    expect(await storedKey(key.id)).toMatchObject({ secret_digest: sha256Hex(first.secret!), version: 2 });
    expect(await auditRows(db)).toHaveLength(1);
  });

  it("a VIEWER may neither rotate nor revoke", async () => {
    const key = await factories(db.em()).key(await factories(db.em()).group());
    const viewer = api.as(Role.VIEWER);
    const rotated = await viewer(ROTATE_KEY, { input: { id: key.id, overlapHours: 0 } });
    const revoked = await viewer(REVOKE_KEY, { input: { id: key.id, reason: "x" } });
    expect([rotated.errors?.[0]?.extensions?.code, revoked.errors?.[0]?.extensions?.code]).toEqual([
      "FORBIDDEN",
      "FORBIDDEN",
    ]);
    expect(await storedKey(key.id)).toMatchObject({
      secret_digest: sha256Hex(key.secret),
      revoked_at: null,
      version: 1,
    });
  });
});
