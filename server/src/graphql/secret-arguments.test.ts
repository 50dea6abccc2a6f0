import { describe, expect, it } from "vitest";
import { mintSecret } from "../modules/api-key/api-key.secret.js";
import { Environment } from "../modules/api-key/environment.js";
import { Role } from "../shared/role.js";
import { type TestApi, useTestApi } from "../test-support/graphql.js";

let api: TestApi;
useTestApi((test) => ({ api } = test));

const VERIFY = 'query($s: String!) { verifyApiKey(secret: $s, service: "fines") { valid reason } }';

/** A GET /graphql as a script would send it, with the preflight header Apollo's CSRF check asks for. */
// GET requests with the query in the URL: raw transport, so their queries (some with a secret
// written inline on purpose) stay strings.
async function get(params: Record<string, string>) {
  const { token } = await api.tokenFor(Role.VIEWER);
  return api.app.inject({
    method: "GET",
    url: `/graphql?${new URLSearchParams(params)}`,
    headers: { authorization: `Bearer ${token}`, "apollo-require-preflight": "true" },
  });
}

describe("secrets travel only in request bodies", () => {
  it("refuses GET for an operation with a secret argument (405 POST_REQUIRED), and logs no query string", async () => {
    const { secret } = mintSecret(Environment.STAGING);
    const viaVariables = await get({ query: VERIFY, variables: JSON.stringify({ s: secret }) });
    const inline = await get({ query: `{ verifyApiKey(secret: "${secret}", service: "fines") { valid } }` });
    const inFragment = await get({
      query: `query($s: String!) { ...V } fragment V on Query { verifyApiKey(secret: $s, service: "fines") { valid } }`,
      variables: JSON.stringify({ s: secret }),
    });
    const elsewhere = await get({
      query: "query($s: String) { services(filter: { search: $s }) { totalCount } }",
      variables: JSON.stringify({ s: secret }),
    });
    const inlineElsewhere = await get({ query: `{ services(filter: { search: "${secret}" }) { totalCount } }` });
    for (const response of [viaVariables, inline, inFragment, elsewhere, inlineElsewhere]) {
      expect(response.statusCode).toBe(405);
      expect(response.headers.allow).toBe("POST");
      expect(response.json().errors[0].extensions.code).toBe("POST_REQUIRED");
      expect(response.body).not.toContain(secret);
    }
    const logs = api.logLines.join("\n");
    expect(logs).toContain('"url":"/graphql"');
    expect(logs).not.toContain(secret);
    expect(logs).not.toContain("variables=");
  });

  it("still answers GET for an operation without secrets, and POST for one with them", async () => {
    const read = await get({ query: "{ services { totalCount } }" });
    expect(read.statusCode).toBe(200);
    expect(read.json().data.services.totalCount).toBe(0);
    const { secret } = mintSecret(Environment.STAGING);
    const posted = await api.as(Role.VIEWER)(VERIFY, { s: secret });
    expect(posted.data?.verifyApiKey).toEqual({ valid: false, reason: "NOT_FOUND" });
  });

  // Strings in this test: its variables are of the wrong type on purpose.
  it("a badly typed secret or password variable is refused without its value in the message", async () => {
    const { secret } = mintSecret(Environment.STAGING);
    const verify = await api.as(Role.VIEWER)(VERIFY, { s: [secret] });
    expect(verify.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(JSON.stringify(verify)).not.toContain(secret);
    const password = "correct horse battery staple";
    const signIn = await api.anonymous("mutation($i: SignInInput!) { signIn(input: $i) { errors { code } } }", {
      i: { email: "someone@agency.gov.example", password: { value: password } },
    });
    expect(signIn.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(signIn.errors?.[0]?.message).toMatch(/^Variable "\$i" got invalid value/);
    expect(JSON.stringify(signIn)).not.toContain(password);
    expect(api.logLines.join("\n")).not.toContain(password);
  });
});
