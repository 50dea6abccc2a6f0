import { createHash } from "node:crypto";
import { serverAudits } from "graphql-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../modules/auth/password.js";
import { User } from "../modules/holder/user/user.entity.js";
import { Role } from "../shared/role.js";
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

// The bodies here stay strings: they are raw transport (malformed, unknown fields, wrong variable
// types, several operations, GET query strings), which is what these tests send on purpose.

/** A POST to /graphql with a JSON body (a string is sent as it is) and the given Accept header. */
function post(body: unknown, accept?: string, headers: Record<string, string> = {}) {
  return dev.app.inject({
    method: "POST",
    url: "/graphql",
    headers: { "content-type": "application/json", ...(accept ? { accept } : {}), ...headers },
    payload: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const JSON_TYPE = "application/json";
const GRAPHQL_RESPONSE = "application/graphql-response+json";

describe("status codes (GraphQL over HTTP)", () => {
  for (const accept of [JSON_TYPE, GRAPHQL_RESPONSE]) {
    describe(`accepting ${accept}`, () => {
      it("answers a syntax error with 400 and GRAPHQL_PARSE_FAILED, not as an unexpected error", async () => {
        const logged = dev.logLines.length;
        const response = await post({ query: "{ me { role " }, accept);
        expect(dev.logLines.slice(logged).filter((l) => l.includes("unexpected error"))).toEqual([]);
        expect(response.statusCode).toBe(400);
        expect(response.headers["content-type"]).toBe(`${accept}; charset=utf-8`);
        expect(response.json()).toEqual({
          errors: [
            {
              message: expect.stringMatching(/^Syntax Error: Expected Name, found <EOF>/),
              locations: [{ line: 1, column: 13 }],
              extensions: { code: "GRAPHQL_PARSE_FAILED", requestId: expect.any(String) },
            },
          ],
        });
      });

      it("answers a document over the token limit with 400, naming the limit", async () => {
        const fields = Array.from({ length: 3500 }, () => "__typename").join(" ");
        const response = await post({ query: `{ ${fields} }` }, accept);
        expect(response.statusCode).toBe(400);
        const [error] = response.json().errors;
        expect(error.extensions.code).toBe("GRAPHQL_PARSE_FAILED");
        expect(error.message).toMatch(/3000 tokens/);
      });

      it("answers a validation error with 400 and GRAPHQL_VALIDATION_FAILED", async () => {
        const response = await post({ query: "{ nope }" }, accept);
        expect(response.statusCode).toBe(400);
        expect(response.json().errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
        expect(response.json().data).toBeUndefined();
      });

      it("answers an unknown operation name with 400 and OPERATION_RESOLUTION_FAILURE", async () => {
        const response = await post({ query: "query A { __typename }", operationName: "B" }, accept);
        expect(response.statusCode).toBe(400);
        expect(response.json()).toEqual({
          errors: [
            {
              message: 'Unknown operation named "B".',
              extensions: { code: "OPERATION_RESOLUTION_FAILURE", requestId: expect.any(String) },
            },
          ],
        });
      });

      it("answers several operations without an operation name with 400", async () => {
        const response = await post({ query: "query A { __typename } query B { __typename }" }, accept);
        expect(response.statusCode).toBe(400);
        expect(response.json().errors[0]).toEqual({
          message: "Must provide operation name if query contains multiple operations.",
          extensions: { code: "OPERATION_RESOLUTION_FAILURE", requestId: expect.any(String) },
        });
      });

      it("answers variables that do not coerce with 400 and BAD_USER_INPUT", async () => {
        const response = await post(
          { query: "query($n: Int!) { services(first: $n) { totalCount } }", variables: { n: "x" } },
          accept,
        );
        expect(response.statusCode).toBe(400);
        expect(response.json().errors[0].extensions.code).toBe("BAD_USER_INPUT");
        expect(response.json().data).toBeUndefined();
      });

      it("answers a request without a query with 400 and BAD_REQUEST", async () => {
        for (const body of [{}, { variables: {} }, { query: 1 }, { query: "{ __typename }", variables: "x" }]) {
          const response = await post(body, accept);
          expect(response.statusCode, JSON.stringify(body)).toBe(400);
          expect(response.json().errors[0].extensions.code, JSON.stringify(body)).toBe("BAD_REQUEST");
        }
      });

      it("answers a body that is not JSON with 400 and BAD_REQUEST, in GraphQL's shape", async () => {
        const response = await post("{ nope", accept);
        expect(response.statusCode).toBe(400);
        expect(response.headers["content-type"]).toMatch(/^application\/json/);
        expect(response.json()).toEqual({
          errors: [
            {
              message: expect.stringMatching(/not valid JSON/),
              extensions: { code: "BAD_REQUEST", requestId: expect.any(String) },
            },
          ],
        });
      });

      it("answers an operation that runs, even with field errors, with 200", async () => {
        const response = await post({ query: "{ services { totalCount } }" }, accept);
        expect(response.statusCode).toBe(200);
        expect(response.json()).toMatchObject({ data: null, errors: [{ extensions: { code: "UNAUTHENTICATED" } }] });
      });
    });
  }

  it("answers a mutation sent with GET with 405 and Allow: POST", async () => {
    const response = await dev.app.inject({
      method: "GET",
      url: `/graphql?query=${encodeURIComponent("mutation { signOut { signedOut } }")}`,
      headers: { "apollo-require-preflight": "1" },
    });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe("POST");
  });

  it("answers a method other than GET and POST with 405 and Allow", async () => {
    for (const method of ["PUT", "PATCH", "DELETE"] as const) {
      const response = await dev.app.inject({
        method,
        url: "/graphql",
        headers: { "content-type": "application/json" },
        payload: JSON.stringify({ query: "{ __typename }" }),
      });
      expect(response.statusCode, method).toBe(405);
      expect(response.headers.allow, method).toBe("GET, POST");
    }
  });

  it("answers an unsupported media type with 415, in GraphQL's shape", async () => {
    const response = await dev.app.inject({
      method: "POST",
      url: "/graphql",
      headers: { "content-type": "application/xml" },
      payload: "<query/>",
    });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toEqual({
      errors: [{ message: expect.any(String), extensions: { code: "BAD_REQUEST", requestId: expect.any(String) } }],
    });
  });

  it("answers a body over the size limit with 413, in GraphQL's shape", async () => {
    const response = await post({ query: `{ __typename }`, variables: { pad: "x".repeat(1024 * 1024) } });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({
      errors: [{ message: expect.any(String), extensions: { code: "BAD_REQUEST", requestId: expect.any(String) } }],
    });
  });

  it("answers an Accept header it cannot satisfy with 406", async () => {
    const response = await post({ query: "{ __typename }" }, "text/html");
    expect(response.statusCode).toBe(406);
  });

  it("passes every MUST and SHOULD of graphql-http's server audit, but the 200-for-request-errors SHOULDs", async () => {
    await dev.app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = dev.app.server.address() as { port: number };
    // For application/json the spec suggests 200 for parse, validation and variable errors;
    // Keyholder answers 400 (as Apollo Server does and docs/api-guide.md says), so a script's
    // HTTP client fails loudly on a broken operation. Everything else the audit asks is met.
    const deliberate = new Set(["572B", "FDE2", "7B9B"]);
    const failed: string[] = [];
    for (const audit of serverAudits({ url: `http://127.0.0.1:${port}/graphql` })) {
      if (!/^(MUST|SHOULD)/.test(audit.name) || deliberate.has(audit.id)) continue;
      const result = await audit.fn();
      if (result.status !== "ok") failed.push(`${audit.id} ${audit.name}: ${result.reason}`);
    }
    expect(failed).toEqual([]);
  });
});

describe("automatic persisted queries", () => {
  // Apollo keys its parsed documents and persisted queries by the query's SHA-256 (computed with
  // a patched, one-shot hash): a client's hash of the same text must be the one it computes.
  it("runs a query registered with its SHA-256 by the hash alone, and does not know one never registered", async () => {
    const query = "{ __typename }";
    const sha256Hash = createHash("sha256").update(query).digest("hex");
    const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });
    const unknown = await post({ extensions: persisted(sha256Hash) }, JSON_TYPE);
    expect(unknown.json().errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    const registered = await post({ query, extensions: persisted(sha256Hash) }, JSON_TYPE);
    expect(registered.json()).toEqual({ data: { __typename: "Query" } });
    const byHash = await post({ extensions: persisted(sha256Hash) }, JSON_TYPE);
    expect(byHash.json()).toEqual({ data: { __typename: "Query" } });
  });

  it("refuses a hash that is not its query's and an unknown version as BAD_REQUEST, without logging an unexpected error", async () => {
    const query = "{ __typename }";
    const sha256Hash = createHash("sha256").update(`${query} `).digest("hex");
    const logged = dev.logLines.length;
    const wrong = await post({ query, extensions: { persistedQuery: { version: 1, sha256Hash } } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toEqual({
      errors: [
        {
          message: "provided sha does not match query",
          extensions: { code: "BAD_REQUEST", requestId: expect.any(String) },
        },
      ],
    });
    const version = await post({ query, extensions: { persistedQuery: { version: 2, sha256Hash } } });
    expect(version.statusCode).toBe(400);
    expect(version.json()).toEqual({
      errors: [
        {
          message: "Unsupported persisted query version",
          extensions: { code: "BAD_REQUEST", requestId: expect.any(String) },
        },
      ],
    });
    expect(dev.logLines.slice(logged).filter((l) => l.includes("unexpected error"))).toEqual([]);
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
