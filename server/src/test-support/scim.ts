import type { TestApi } from "./graphql.js";

// biome-ignore lint/suspicious/noExplicitAny: SCIM bodies are JSON whose shape each test asserts on.
type Json = Record<string, any>;

/** A SCIM answer as a test sees it. */
export interface ScimResult {
  status: number;
  body: Json;
  headers: Record<string, unknown>;
}

/** Sends SCIM requests to the in-process server with a bearer token, as an identity provider does. */
export function scimClient(api: TestApi, token: string | null) {
  return async (
    method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
    path: string,
    body?: unknown,
  ): Promise<ScimResult> => {
    const response = await api.app.inject({
      method,
      url: `/scim/v2${path}`,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { "content-type": "application/scim+json; charset=utf-8" }),
      },
      payload: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    return {
      status: response.statusCode,
      body: response.body ? (JSON.parse(response.body) as Json) : {},
      headers: response.headers,
    };
  };
}

/** `filter=<expression>` URL-encoded, as identity providers send it. */
export const filter = (expression: string) => `filter=${encodeURIComponent(expression)}`;

export const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
