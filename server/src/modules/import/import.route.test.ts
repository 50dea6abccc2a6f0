import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Role } from "../../shared/role.js";
import type { TestDatabase } from "../../test-support/database.js";
import { graphql, type TestApi, useTestApi } from "../../test-support/graphql.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const IMPORT = graphql(`
  mutation ImportOverGraphql($input: ImportInventoryInput!) { importInventory(input: $input) { errors { code } } }
`);

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

/** A bundle well over GraphQL's 1 MB request limit: 8,000 keys of 800 users. */
function largeBundle() {
  const users = Array.from({ length: 800 }, (_, i) => ({
    email: `u${i}@big.example`,
    name: `User ${i}`,
    status: "ACTIVE",
  }));
  const keys = Array.from({ length: 8_000 }, (_, i) => ({
    name: `Key ${i} of the old payments system, migrated`,
    environment: "PRODUCTION",
    holder: users[i % users.length]?.email,
    secretSha256: sha(`secret-${i}`),
    prefix: `sk_live_${i.toString(36).padStart(4, "0")}`,
    createdAt: "2025-01-01T00:00:00Z",
  }));
  return JSON.stringify({ users, keys });
}

const post = async (body: string, authorization?: string) =>
  api.app.inject({
    method: "POST",
    url: "/v1/imports",
    headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
    payload: body,
  });

describe("POST /v1/imports", () => {
  it("imports a file too large for a GraphQL request, for an OPERATOR's token, with the mutation's answer", async () => {
    const body = JSON.stringify({ json: largeBundle(), apply: true });
    expect(body.length).toBeGreaterThan(1024 * 1024);
    const overGraphql = await api.as(Role.OPERATOR)(IMPORT, { input: JSON.parse(body) });
    expect(overGraphql.status).toBe(413);

    const { token } = await api.tokenFor(Role.OPERATOR);
    const res = await post(body, `Bearer ${token}`);
    expect(res.statusCode).toBe(200);
    const result = res.json();
    expect(result).toMatchObject({ applied: true, refused: 0 });
    expect(result.rows).toHaveLength(8_800);
    const counted = await db
      .em()
      .execute<{ n: number }[]>("select count(*)::int as n from api_key where imported_at is not null");
    expect(counted[0]?.n).toBe(8_000);
  });

  it("refuses a caller without a token or below OPERATOR before reading the body", async () => {
    const big = "x".repeat(2 * 1024 * 1024);
    const anonymous = await post(big);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe("UNAUTHENTICATED");
    const { token } = await api.tokenFor(Role.VIEWER);
    const viewer = await post(big, `Bearer ${token}`);
    expect(viewer.statusCode).toBe(403);
    expect(viewer.json().error.code).toBe("FORBIDDEN");
    const bad = await post(big, "Bearer khp_not_a_token");
    expect(bad.statusCode).toBe(401);
  });

  it("reads one file at a time: a second request meanwhile is 503 SERVICE_BUSY before its body is read", async () => {
    const { token } = await api.tokenFor(Role.OPERATOR);
    const body = JSON.stringify({ json: largeBundle(), apply: false });
    const [first, second] = await Promise.all([post(body, `Bearer ${token}`), post(body, `Bearer ${token}`)]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 503]);
    const busy = first.statusCode === 503 ? first : second;
    expect(busy.headers["retry-after"]).toBe("10");
    expect(busy.json().error).toMatchObject({ code: "SERVICE_BUSY", requestId: busy.headers["x-request-id"] });
    // The slot comes back once the first is answered.
    expect((await post(body, `Bearer ${token}`)).statusCode).toBe(200);
  });

  it("answers a body it cannot use with 400 and a stable code", async () => {
    const { token } = await api.tokenFor(Role.OPERATOR);
    const auth = `Bearer ${token}`;
    expect((await post(JSON.stringify({ json: "{oops" }), auth)).json()).toMatchObject({
      error: { code: "INVALID_FILE", field: "json" },
    });
    const unknown = await post(JSON.stringify({ files: [] }), auth);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe("BAD_USER_INPUT");
    const kind = await post(JSON.stringify({ csv: [{ kind: "PEOPLE", content: "" }] }), auth);
    expect(kind.statusCode).toBe(400);
  });
});
