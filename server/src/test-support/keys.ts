import { Role } from "../shared/role.js";
import { graphql, type TestApi, UserErrorFields } from "./graphql.js";

/** The key fields the lifecycle tests read back after a mutation. */
export const KeyFields = graphql(`
  fragment KeyFields on ApiKey @_unmask {
    id name environment prefix previousPrefix previousSecretExpiresAt expiresAt
    revokedAt revokedReason revokedBy { email } rotatedAt status version holder { id email }
  }
`);

/** The services one key works on. */
export const KEY_WORKS_ON = graphql(`query KeyWorksOn($id: ID!) { apiKey(id: $id) { worksOn { slug } } }`);

/** The slugs of the services a key works on, in the API's order (undefined for no such key); throws on an error. */
export async function worksOnSlugs(api: TestApi, keyId: string): Promise<string[] | undefined> {
  return (await api.execute(KEY_WORKS_ON, { id: keyId })).apiKey?.worksOn.map((s) => s.slug);
}

/** The revoked keys, with who revoked them, when and why. */
export const REVOKED_KEYS = graphql(`
  query RevokedKeys { apiKeys(filter: { status: REVOKED }) { nodes { id revokedAt revokedReason revokedBy { email } } } }
`);

export const CREATE_KEY = graphql(
  `mutation CreateKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      secret warnings { code message } apiKey { ...KeyFields } errors { ...UserErrorFields }
    }
  }`,
  [KeyFields, UserErrorFields],
);
export const ROTATE_KEY = graphql(
  `mutation RotateKey($input: RotateApiKeyInput!) {
    rotateApiKey(input: $input) { secret warnings { code } apiKey { ...KeyFields } errors { ...UserErrorFields } }
  }`,
  [KeyFields, UserErrorFields],
);
export const REVOKE_KEY = graphql(
  `mutation RevokeKey($input: RevokeApiKeyInput!) {
    revokeApiKey(input: $input) { apiKey { ...KeyFields } errors { ...UserErrorFields } }
  }`,
  [KeyFields, UserErrorFields],
);
export const UPDATE_KEY = graphql(
  `mutation UpdateKey($input: UpdateApiKeyInput!) {
    updateApiKey(input: $input) { apiKey { ...KeyFields } errors { ...UserErrorFields } }
  }`,
  [KeyFields, UserErrorFields],
);

/** What both verification routes answer. */
export interface Verdict {
  valid: boolean;
  reason: string;
  keyId: string | null;
  environment: string | null;
  holder: { id: string; email: string; kind: string } | null;
}

/** What a service's backend sends to verify a secret. */
export interface VerifyBody {
  secret: string;
  service: string;
  environment?: string;
}

/** A POST /v1/keys/verify response, with the statements its server-timing header reports. */
export interface HttpVerification {
  status: number;
  body: Verdict & { error?: { code: string; message: string } };
  /** Statements for authentication (NaN when the header is absent). */
  auth: number;
  /** Statements for the verification itself (NaN when the header is absent). */
  sql: number;
  headers: Record<string, unknown>;
}

/** The statement counts of a `server-timing` header: `auth;desc="N statements", sql;desc="M statements"`. */
export function statementsOf(headers: Record<string, unknown>): { auth: number; sql: number } {
  const timing = String(headers["server-timing"] ?? "");
  const count = (name: string) =>
    Number(new RegExp(`${name};desc="(\\d+) statements"`).exec(timing)?.[1] ?? Number.NaN);
  return { auth: count("auth"), sql: count("sql") };
}

/** POST /v1/keys/verify as a VIEWER access token (or with `authorization` as given, `null` for none). */
export async function verifyOverHttp(
  api: TestApi,
  body: unknown,
  authorization?: string | null,
): Promise<HttpVerification> {
  const auth = authorization === undefined ? `Bearer ${(await api.tokenFor(Role.VIEWER)).token}` : authorization;
  const response = await api.app.inject({
    method: "POST",
    url: "/v1/keys/verify",
    headers: { "content-type": "application/json", ...(auth === null ? {} : { authorization: auth }) },
    payload: JSON.stringify(body),
  });
  return {
    status: response.statusCode,
    body: response.json(),
    ...statementsOf(response.headers),
    headers: response.headers,
  };
}

const VERIFY_QUERY = graphql(`
  query Verify($secret: String!, $service: String!, $environment: Environment) {
    verifyApiKey(secret: $secret, service: $service, environment: $environment) {
      valid reason keyId environment holder { id email kind }
    }
  }
`);

/** The GraphQL verifyApiKey as a VIEWER, with the statements the server-timing header reports. */
export async function verifyOverGraphql(api: TestApi, body: VerifyBody) {
  const res = await api.as(Role.VIEWER)(VERIFY_QUERY, { ...body, environment: body.environment as never });
  return { verdict: res.data?.verifyApiKey as Verdict | undefined, errors: res.errors, ...statementsOf(res.headers) };
}

/** Verifies through both routes and returns both answers, HTTP first. */
export async function verifyBoth(api: TestApi, body: VerifyBody): Promise<{ http: Verdict; graphql: Verdict }> {
  const http = await verifyOverHttp(api, body);
  if (http.status !== 200) throw new Error(`verify answered ${http.status}: ${JSON.stringify(http.body)}`);
  const graphql = await verifyOverGraphql(api, body);
  if (!graphql.verdict) throw new Error(`verifyApiKey failed: ${JSON.stringify(graphql.errors)}`);
  return { http: http.body, graphql: graphql.verdict };
}

/** The reason both routes give; throws when they disagree. */
export async function reasonOf(api: TestApi, body: VerifyBody): Promise<string> {
  const { http, graphql } = await verifyBoth(api, body);
  if (http.reason !== graphql.reason) throw new Error(`HTTP says ${http.reason}, GraphQL says ${graphql.reason}`);
  return http.reason;
}

/** Polls `check` every `everyMs` until it returns true; returns the ms it took, or throws after `timeoutMs`. */
export async function waitUntil(check: () => Promise<boolean>, timeoutMs = 2000, everyMs = 20): Promise<number> {
  const start = performance.now();
  for (;;) {
    if (await check()) return performance.now() - start;
    if (performance.now() - start > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
