import { describe, expect, it } from "vitest";
import { countSql } from "../../db/sql-counter.js";
import { CollaboratorRole } from "../../shared/collaborator-role.js";
import { Role } from "../../shared/role.js";
import { mintChecksummed } from "../../shared/secrets.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { graphql, type TestApi, useTestApi } from "../../test-support/graphql.js";
import { verifyOverGraphql, verifyOverHttp } from "../../test-support/keys.js";
import { ApiKey } from "../api-key/api-key.entity.js";
import { ACCESS_TOKEN_PREFIX } from "../auth/auth-settings.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

async function validKey() {
  const f = factories(db.em());
  const group = await f.group();
  await f.collaborator(await f.service({ slug: "fines" }), group, CollaboratorRole.BILLING);
  return f.key(group);
}

describe("POST /v1/keys/verify: who may ask", () => {
  it("without a token, or with one that is not a valid access token, answers 401 and no verdict", async () => {
    const key = await validKey();
    const body = { secret: key.secret, service: "fines" };
    for (const authorization of [
      null,
      "Bearer",
      "Basic dXNlcjpwYXNz",
      "Bearer not-a-token",
      `Bearer ${mintChecksummed(ACCESS_TOKEN_PREFIX).secret}`,
      `Bearer ${key.secret}`,
    ]) {
      const res = await verifyOverHttp(api, body, authorization);
      expect({ authorization, status: res.status }).toEqual({ authorization, status: 401 });
      expect(res.headers["www-authenticate"]).toBe("Bearer");
      expect(res.body.error?.code).toBe("UNAUTHENTICATED");
      expect(res.body.reason).toBeUndefined();
    }
  });

  it("any role's access token may verify, a VIEWER's included", async () => {
    const key = await validKey();
    for (const role of [Role.VIEWER, Role.OPERATOR, Role.ADMIN]) {
      const res = await verifyOverHttp(
        api,
        { secret: key.secret, service: "fines" },
        `Bearer ${(await api.tokenFor(role)).token}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.reason).toBe("VALID");
    }
  });

  it("the GraphQL verifyApiKey needs a signed-in caller too", async () => {
    const key = await validKey();
    const res = await api.anonymous(
      graphql(`query($s: String!) { verifyApiKey(secret: $s, service: "fines") { valid } }`),
      {
        s: key.secret,
      },
    );
    expect(res.data?.verifyApiKey ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});

describe("POST /v1/keys/verify: the body", () => {
  it.each([
    ["no secret", { service: "fines" }],
    ["no service", { secret: "kh_live_x" }],
    ["an empty secret", { secret: "", service: "fines" }],
    ["an extra field", { secret: "kh_live_x", service: "fines", holder: "me" }],
    ["an unknown environment", { secret: "kh_live_x", service: "fines", environment: "DEV" }],
    ["a secret that is not a string", { secret: 12345, service: "fines" }],
    ["a secret over 200 characters", { secret: "k".repeat(201), service: "fines" }],
    ["a service over 63 characters", { secret: "kh_live_x", service: "s".repeat(64) }],
  ])("with %s is refused with 400 BAD_USER_INPUT", async (_, body) => {
    const res = await verifyOverHttp(api, body);
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe("BAD_USER_INPUT");
    expect(res.body.reason).toBeUndefined();
  });

  it("GraphQL refuses an overlong secret with TOO_LONG", async () => {
    const res = await verifyOverGraphql(api, { secret: "k".repeat(201), service: "fines" });
    expect(res.verdict ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe("TOO_LONG");
  });
});

describe("last use of a key", () => {
  const lastUsedAt = async (id: string) => (await db.em().findOneOrFail(ApiKey, { id })).lastUsedAt;

  it("is not written per verification, but by flushUsage in one statement", async () => {
    const key = await validKey();
    await api.app.flushUsage();
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await verifyOverHttp(api, { secret: key.secret, service: "fines" });
      expect(res.body.reason).toBe("VALID");
      times.push(Date.now());
    }
    expect(await lastUsedAt(key.id)).toBeNull();

    const { sql } = await countSql(() => api.app.flushUsage(), true);
    const keyWrites = sql.statements?.filter((s) => /update api_key/.test(s)) ?? [];
    expect(keyWrites).toHaveLength(1);
    const used = (await lastUsedAt(key.id))?.getTime() ?? 0;
    expect(used).toBeGreaterThan((times[1] as number) - 1);
    expect(used).toBeLessThanOrEqual(times[2] as number);
  });

  it("is not recorded for refused verifications, and never moves backwards", async () => {
    const key = await validKey();
    await verifyOverHttp(api, { secret: key.secret, service: "elsewhere" });
    await api.app.flushUsage();
    expect(await lastUsedAt(key.id)).toBeNull();

    const later = new Date(Date.now() + 3_600_000);
    await db.em().execute("update api_key set last_used_at = ? where id = ?", [later, key.id]);
    await verifyOverHttp(api, { secret: key.secret, service: "fines" });
    await api.app.flushUsage();
    expect(await lastUsedAt(key.id)).toEqual(later);
  });
});
