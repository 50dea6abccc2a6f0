import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Role } from "../../shared/role.js";
import { auditRows } from "../../test-support/audit.js";
import { ME } from "../../test-support/console.js";
import { createTestDatabase, type TestDatabase } from "../../test-support/database.js";
import { createTestApi, graphql, type TestApi } from "../../test-support/graphql.js";
import { verifyOverHttp } from "../../test-support/keys.js";

let db: TestDatabase;
let api: TestApi;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await createTestApi(db, {
    rateLimits: {
      api: { name: "api", limit: 3, windowSeconds: 60 },
      verify: { name: "verify", limit: 2, windowSeconds: 30 },
    },
  });
});
afterAll(async () => {
  await api.close();
  await db.drop();
});

const CREATE_GROUP = graphql(`
  mutation CreateGroupOverLimit($i: CreateGroupEmailInput!) { createGroupEmail(input: $i) { errors { code } } }
`);

describe("rate limits per credential", () => {
  it("states the policy and what is left on every GraphQL answer, then refuses with 429 RATE_LIMITED in GraphQL's shape", async () => {
    const operator = api.as(Role.OPERATOR);
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await operator(ME));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.map((a) => a.headers["ratelimit-policy"])).toEqual(Array(3).fill('"api";q=3;w=60'));
    expect(answers.map((a) => String(a.headers.ratelimit).replace(/t=\d+$/, "t"))).toEqual([
      '"api";r=2;t',
      '"api";r=1;t',
      '"api";r=0;t',
    ]);

    // Refused before anything runs: a mutation over the limit changes nothing.
    const refused = await operator(
      CREATE_GROUP,
      { i: { email: "over@agency.gov.example", name: "Over" } },
      { "x-request-id": "rl-1" },
    );
    expect(refused.status).toBe(429);
    expect(refused.data).toBeUndefined();
    expect(refused.errors).toEqual([
      {
        message: expect.stringContaining("rate limit of 3 requests per 60 s"),
        extensions: { code: "RATE_LIMITED", requestId: "rl-1" },
      },
    ]);
    const retryAfter = Number(refused.headers["retry-after"]);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.ratelimit).toBe(`"api";r=0;t=${retryAfter}`);
    expect(await auditRows(db)).toEqual([]);

    // The same token under another spelling of the scheme is the same caller.
    const token = (await api.tokenFor(Role.OPERATOR)).token;
    expect((await api.anonymous(ME, {}, { authorization: `bearer ${token}` })).status).toBe(429);
    // Another token, and a caller without credentials, have quotas of their own.
    expect((await api.as(Role.VIEWER)(ME)).status).toBe(200);
    expect((await api.anonymous(ME)).headers.ratelimit).toMatch(/^"api";r=2;t=\d+$/);
  });

  it("limits verification with its own policy, refusing in the route's {error} shape with the request id", async () => {
    const body = { secret: "kh_live_nonsense", service: "fines" };
    const token = `Bearer ${(await api.tokenFor(Role.ADMIN)).token}`;
    const first = await verifyOverHttp(api, body, token);
    expect(first.status).toBe(200);
    expect(first.headers["ratelimit-policy"]).toBe('"verify";q=2;w=30');
    expect(first.headers.ratelimit).toMatch(/^"verify";r=1;t=\d+$/);
    expect((await verifyOverHttp(api, body, token)).status).toBe(200);
    const refused = await verifyOverHttp(api, body, token);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({
      error: {
        code: "RATE_LIMITED",
        message: expect.stringContaining("2 requests per 30 s"),
        requestId: expect.any(String),
      },
    });
    expect((refused.body.error as { requestId?: string } | undefined)?.requestId).toBe(refused.headers["x-request-id"]);
    expect(Number(refused.headers["retry-after"])).toBeLessThanOrEqual(30);
    // Verification's quota is apart from the API's: the same token still reaches GraphQL.
    expect((await api.as(Role.ADMIN)(ME)).status).toBe(200);
  });
});
