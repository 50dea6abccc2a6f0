import { describe, expect, it } from "vitest";
import { type TestApi, useTestApi } from "../../test-support/graphql.js";

let api: TestApi;
useTestApi((test) => ({ api } = test));

type Case = {
  name: string;
  method: "GET" | "POST" | "DELETE";
  url: string;
  headers?: Record<string, string>;
  body?: string;
};

const json = { "content-type": "application/json" };
// Raw HTTP bodies, sent by hand to check the shape of each refusal; the broken ones on purpose.
const query = JSON.stringify({ query: "{ me { role } }" });
const tooLarge = JSON.stringify({ secret: "x".repeat(1024 * 1024), service: "fines" });

/** Refusals of the /v1 routes and of paths no route serves: `{"error": {code, message, requestId}}`. */
const ROUTE_REFUSALS: (Case & { status: number; code: string })[] = [
  {
    name: "verify: a body that is not JSON",
    method: "POST",
    url: "/v1/keys/verify",
    headers: { ...json, authorization: "Bearer x" },
    body: "{bad",
    status: 400,
    code: "BAD_USER_INPUT",
  },
  {
    name: "verify: a body over 1 MiB",
    method: "POST",
    url: "/v1/keys/verify",
    headers: json,
    body: tooLarge,
    status: 413,
    code: "BAD_USER_INPUT",
  },
  {
    name: "verify: no token",
    method: "POST",
    url: "/v1/keys/verify",
    headers: json,
    body: "{}",
    status: 401,
    code: "UNAUTHENTICATED",
  },
  {
    name: "verify: another scheme",
    method: "POST",
    url: "/v1/keys/verify",
    headers: { ...json, authorization: "Basic abc" },
    body: "{}",
    status: 401,
    code: "UNAUTHENTICATED",
  },
  { name: "export: no token", method: "GET", url: "/v1/exports/keys.csv", status: 401, code: "UNAUTHENTICATED" },
  { name: "an unknown /v1 path", method: "GET", url: "/v1/nowhere", status: 404, code: "NOT_FOUND" },
  { name: "a path no route serves", method: "GET", url: "/nowhere", status: 404, code: "NOT_FOUND" },
];

/** Refusals of /graphql before or instead of running an operation: GraphQL's shape. */
const GRAPHQL_REFUSALS: (Case & { status: number; code: string })[] = [
  {
    name: "a body that is not JSON",
    method: "POST",
    url: "/graphql",
    headers: json,
    body: "{bad",
    status: 400,
    code: "BAD_REQUEST",
  },
  {
    name: "a body over 1 MiB",
    method: "POST",
    url: "/graphql",
    headers: json,
    body: JSON.stringify({ query: "{ __typename }", variables: { pad: "x".repeat(1024 * 1024) } }),
    status: 413,
    code: "BAD_REQUEST",
  },
  {
    name: "an unknown token",
    method: "POST",
    url: "/graphql",
    headers: { ...json, authorization: "Bearer khp_nope" },
    body: query,
    status: 401,
    code: "UNAUTHENTICATED",
  },
  {
    name: "an unsupported media type",
    method: "POST",
    url: "/graphql",
    headers: { "content-type": "application/xml" },
    body: "<q/>",
    status: 415,
    code: "BAD_REQUEST",
  },
  {
    name: "a cross-site style POST",
    method: "POST",
    url: "/graphql",
    headers: { "content-type": "text/plain" },
    body: query,
    status: 400,
    code: "BAD_REQUEST",
  },
  {
    name: "an Accept it cannot satisfy",
    method: "POST",
    url: "/graphql",
    headers: { ...json, accept: "text/html" },
    body: query,
    status: 406,
    code: "BAD_REQUEST",
  },
  { name: "another method", method: "DELETE", url: "/graphql", status: 405, code: "BAD_REQUEST" },
  {
    name: "a syntax error",
    method: "POST",
    url: "/graphql",
    headers: json,
    body: JSON.stringify({ query: "{ me { role " }),
    status: 400,
    code: "GRAPHQL_PARSE_FAILED",
  },
];

async function send(c: Case, requestId: string) {
  return api.app.inject({
    method: c.method,
    url: c.url,
    headers: { ...c.headers, "x-request-id": requestId },
    payload: c.body,
  });
}

describe("every refusal has one documented shape, with the request id", () => {
  it.each(ROUTE_REFUSALS)("$name: $status {error: {code: $code, message, requestId}}", async (c) => {
    const response = await send(c, "refusal-route-1");
    expect(response.statusCode).toBe(c.status);
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
    expect(response.json()).toEqual({
      error: { code: c.code, message: expect.any(String), requestId: "refusal-route-1" },
    });
    expect(response.body).not.toMatch(/FST_ERR|statusCode/);
  });

  it.each(GRAPHQL_REFUSALS)("$name: $status {errors: [{message, extensions: {code: $code, requestId}}]}", async (c) => {
    const response = await send(c, "refusal-graphql-1");
    expect(response.statusCode).toBe(c.status);
    const body = response.json();
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]).toMatchObject({
      message: expect.any(String),
      extensions: { code: c.code, requestId: "refusal-graphql-1" },
    });
    expect(response.body).not.toMatch(/FST_ERR|statusCode/);
  });

  it("keeps application/graphql-response+json on a refusal for a caller that asked for it", async () => {
    const response = await send(
      {
        name: "",
        method: "POST",
        url: "/graphql",
        headers: { ...json, accept: "application/graphql-response+json" },
        body: JSON.stringify({ query: "{ nope }" }),
      },
      "refusal-graphql-2",
    );
    expect(response.statusCode).toBe(400);
    expect(response.headers["content-type"]).toBe("application/graphql-response+json; charset=utf-8");
    expect(response.json().errors[0].extensions).toEqual({
      code: "GRAPHQL_VALIDATION_FAILED",
      requestId: "refusal-graphql-2",
    });
  });

  it("leaves an operation's result alone when the refusal is in it (a sign-in over its limit answers 429 with its payload)", async () => {
    const { normaliseRefusal } = await import("./refusal-shape.js");
    const request = { url: "/graphql", id: "r5", routeOptions: { url: "/graphql" } } as never;
    const result = JSON.stringify({ data: { signIn: { viewer: null, errors: [{ code: "RATE_LIMITED" }] } } });
    expect(normaliseRefusal(request, 429, "application/json", result)).toBeNull();
  });

  it("leaves answers that are not refusals, and the probes, as they are", async () => {
    const ok = await send(
      { name: "", method: "POST", url: "/graphql", headers: json, body: JSON.stringify({ query: "{ __typename }" }) },
      "r3",
    );
    expect(ok.json()).toEqual({ data: { __typename: "Query" } });
    const health = await send({ name: "", method: "GET", url: "/healthz" }, "r4");
    expect(health.json()).toEqual({ status: "ok" });
  });
});
