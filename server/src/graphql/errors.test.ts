import { describe, expect, it } from "vitest";
import type { TestDatabase } from "../test-support/database.js";
import { graphql, type TestApi, useTestApi } from "../test-support/graphql.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test), { reset: false });

const SERVICE_SLUGS = graphql(`query ServiceSlugs { services { nodes { slug } } }`);
const SERVICE_COUNT = graphql(`query ServiceCount { services { totalCount } }`);
const HOLDER = graphql(`query HolderById($id: ID!) { holder(id: $id) { id } }`);

describe("error mapping", () => {
  it("masks an unexpected database error, with the request id, and logs the detail on the server only", async () => {
    // Break the schema under the running server so a query fails inside PostgreSQL.
    await db.em().execute("alter table service rename to service_gone");
    try {
      const res = await api.gql(SERVICE_SLUGS, undefined, { "x-request-id": "req-mask-test" });
      expect(res.errors).toHaveLength(1);
      const [error] = res.errors ?? [];
      expect(error?.message).toBe("Internal server error.");
      expect(error?.extensions).toEqual({ code: "INTERNAL_SERVER_ERROR", requestId: "req-mask-test" });
      expect(JSON.stringify(res.errors)).not.toContain("service_gone");
      expect(res.headers["x-request-id"]).toBe("req-mask-test");
      const logged = api.logLines.filter((l) => l.includes("req-mask-test") && l.includes("unexpected error"));
      expect(logged.join("\n")).toContain("service");
    } finally {
      await db.em().execute("alter table service_gone rename to service");
    }
  });

  it("keeps the code of a query the caller got wrong", async () => {
    // A string: a field the schema does not expose, which a typed document cannot name.
    const res = await api.gql("{ apiKeys { nodes { secretDigest } } }");
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("returns a domain error's message, code and field", async () => {
    const res = await api.gql(HOLDER, { id: "x" });
    expect(res.errors?.[0]).toMatchObject({
      message: "id is not a valid id.",
      extensions: { code: "INVALID_ID", field: "id" },
    });
  });

  it("ignores a request id header that is not a plain token", async () => {
    const res = await api.gql(SERVICE_COUNT, undefined, { "x-request-id": "bad id\nwith newline" });
    expect(res.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("refuses batched requests", async () => {
    const response = await api.app.inject({
      method: "POST",
      url: "/graphql",
      headers: { "content-type": "application/json" },
      // A raw transport body: a batch (an array of requests) is what the server must refuse.
      payload: JSON.stringify([{ query: "{ services { totalCount } }" }, { query: "{ services { totalCount } }" }]),
    });
    expect(response.statusCode).toBe(400);
  });
});

describe("health endpoints", () => {
  it("/healthz says the process is up and /readyz that the database answers", async () => {
    expect((await api.app.inject("/healthz")).json()).toEqual({ status: "ok" });
    const ready = await api.app.inject("/readyz");
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: "ok" });
  });
});

describe("query limits", () => {
  it("refuses a query nested deeper than the limit, naming it", async () => {
    let selection = "id";
    for (let i = 0; i < 8; i++) selection = `holder { keys { nodes { ${selection} } } }`;
    // Strings built here: the queries are deliberately past the depth, alias and token limits.
    const res = await api.gql(`{ apiKeys { nodes { ${selection} } } }`);
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(res.errors?.map((e) => e.message).join("\n")).toMatch(/depth limit of 12/i);
  });

  it("refuses too many aliases", async () => {
    const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: services { totalCount }`).join(" ");
    const res = await api.gql(`{ ${aliases} }`);
    expect(res.errors?.[0]?.message).toMatch(/alias/i);
  });

  it("refuses an oversized document by its token count", async () => {
    const fields = Array.from({ length: 3500 }, () => "__typename").join(" ");
    const res = await api.gql(`{ ${fields} }`);
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
    expect(res.errors?.[0]?.message).toMatch(/3000 tokens/i);
  });
});
