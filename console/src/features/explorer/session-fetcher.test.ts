import { afterEach, describe, expect, it, vi } from "vitest";
import { sessionFetcher } from "./session-fetcher.js";

afterEach(() => vi.unstubAllGlobals());

describe("sessionFetcher", () => {
  it("POSTs to the console's own /graphql with the session cookie and the headers typed in the explorer", async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ data: { me: { role: "ADMIN" } } })));
    vi.stubGlobal("fetch", fetch);
    const result = await sessionFetcher()(
      { query: "{ me { role } }", operationName: null },
      { headers: { authorization: "Bearer khp_x" } },
    );
    expect(result).toEqual({ data: { me: { role: "ADMIN" } } });
    expect(fetch).toHaveBeenCalledWith("/graphql", {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", accept: "application/json", authorization: "Bearer khp_x" },
      body: JSON.stringify({ query: "{ me { role } }", operationName: null }),
    });
  });

  it("turns an answer that is not JSON into a GraphQL error the explorer can show", async () => {
    vi.stubGlobal("fetch", async () => new Response("Bad gateway", { status: 502 }));
    expect(await sessionFetcher()({ query: "{ me { role } }" })).toEqual({
      errors: [{ message: "HTTP 502: Bad gateway" }],
    });
  });
});
