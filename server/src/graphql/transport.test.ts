import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../modules/auth/password.js";
import { Role } from "../modules/auth/role.js";
import { User } from "../modules/user/user.entity.js";
import { createTestDatabase, type TestDatabase } from "../test-support/database.js";
import { createTestApi, type TestApi } from "../test-support/graphql.js";

let db: TestDatabase;
let dev: TestApi;
let production: TestApi;

beforeAll(async () => {
  db = await createTestDatabase();
  dev = await createTestApi(db);
  production = await createTestApi(db, { production: true, trustProxy: true });
});
afterAll(async () => {
  await dev.close();
  await production.close();
  await db.drop();
});

describe("production mode", () => {
  it("turns introspection off, where development keeps it", async () => {
    const query = "{ __schema { queryType { name } } }";
    expect((await dev.gql(query)).data?.__schema.queryType.name).toBe("Query");
    const res = await production.gql(query);
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("does not suggest field names to a caller who guesses", async () => {
    const guess = "{ apiKeys { nodes { prefx } } }";
    expect((await dev.gql(guess)).errors?.[0]?.message).toMatch(/Did you mean/);
    expect((await production.gql(guess)).errors?.[0]?.message).not.toMatch(/Did you mean|prefix/i);
  });
});

describe("CSRF", () => {
  it("refuses a simple cross-site style POST (text/plain), which a browser could send without preflight", async () => {
    const response = await dev.app.inject({
      method: "POST",
      url: "/graphql",
      headers: { "content-type": "text/plain" },
      payload: JSON.stringify({ query: "{ services { totalCount } }" }),
    });
    expect(response.statusCode).toBe(400);
  });

  it("refuses a GET query without a preflight-forcing header", async () => {
    const response = await dev.app.inject({ method: "GET", url: "/graphql?query=%7B__typename%7D" });
    expect(response.statusCode).toBe(400);
  });
});

describe("session cookie", () => {
  it("is httpOnly and SameSite=Strict, and Secure behind an HTTPS proxy", async () => {
    const em = db.em();
    em.create(User, {
      email: "cookie@agency.gov.example",
      name: "Cookie",
      consoleRole: Role.VIEWER,
      passwordHash: await hashPassword("correct horse battery"),
    });
    await em.flush();
    const signIn = (api: TestApi, headers: Record<string, string>) =>
      api.app.inject({
        method: "POST",
        url: "/graphql",
        headers: { "content-type": "application/json", ...headers },
        payload: JSON.stringify({
          query: "mutation($i: SignInInput!) { signIn(input: $i) { errors { code } } }",
          variables: { i: { email: "cookie@agency.gov.example", password: "correct horse battery" } },
        }),
      });
    const plain = String((await signIn(dev, {})).headers["set-cookie"]);
    expect(plain).toMatch(/^kh_session=[\w-]{43};/);
    expect(plain).toMatch(/HttpOnly/);
    expect(plain).toMatch(/SameSite=Strict/);
    expect(plain).not.toMatch(/Secure/);
    const proxied = String((await signIn(production, { "x-forwarded-proto": "https" })).headers["set-cookie"]);
    expect(proxied).toMatch(/; Secure/);
  });
});
