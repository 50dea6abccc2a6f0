import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

type GraphqlError = { message?: unknown; extensions?: Record<string, unknown> } & Record<string, unknown>;

/** The code a refusal gets when what refused it gave none, by HTTP status and route. */
function codeFor(status: number, graphql: boolean): string {
  if (status === 404) return "NOT_FOUND";
  if (status === 401) return "UNAUTHENTICATED";
  if (status === 403) return "FORBIDDEN";
  if (status === 429) return "RATE_LIMITED";
  if (status >= 500) return "INTERNAL_SERVER_ERROR";
  return graphql ? "BAD_REQUEST" : "BAD_USER_INPUT";
}

/** Whether a path is the API's (GraphQL and the /v1 routes), as opposed to the console's pages and the probes. */
function isApi(url: string): boolean {
  return url === "/graphql" || url.startsWith("/graphql?") || url.startsWith("/v1/");
}

/**
 * The one documented shape of a refusal: `{"errors":[{message, extensions: {code, requestId}}]}`
 * on /graphql, `{"error": {code, message, requestId}}` on the other API routes and for paths no
 * route serves. Whatever refused the request (a route, Apollo, Fastify's own checks of content
 * type, size and JSON, the not-found handler), the answer is rewritten into that shape when it is
 * not in it already, and always carries the request id; its status is kept.
 */
export function normaliseRefusal(
  request: FastifyRequest,
  status: number,
  contentType: string,
  payload: string,
): string | null {
  const matched = request.routeOptions.url !== undefined;
  if (!isApi(request.url) && matched) return null;
  const graphql = request.url === "/graphql" || request.url.startsWith("/graphql?");
  const requestId = request.id;
  let body: unknown;
  try {
    body = contentType.includes("json") ? JSON.parse(payload) : undefined;
  } catch {
    body = undefined;
  }
  const record = body && typeof body === "object" ? (body as Record<string, unknown>) : undefined;
  // An operation that ran and was refused in its result (a sign-in over its rate limit) keeps it.
  if (graphql && record && "data" in record && !Array.isArray(record.errors)) return null;
  if (graphql && Array.isArray(record?.errors)) {
    const errors = (record.errors as GraphqlError[]).map((e) => ({
      ...e,
      extensions: { code: codeFor(status, true), ...e.extensions, requestId: e.extensions?.requestId ?? requestId },
    }));
    return JSON.stringify({ ...record, errors });
  }
  const error = record?.error;
  if (!graphql && error && typeof error === "object" && "code" in error) {
    return JSON.stringify({
      ...record,
      error: { ...error, requestId: (error as { requestId?: unknown }).requestId ?? requestId },
    });
  }
  // Anything else (Fastify's `{statusCode, error, message}`, a plain-text answer): its message only.
  const raw = typeof record?.message === "string" ? record.message : payload.trim();
  const message = raw && raw.length <= 500 ? raw : "The request was refused.";
  const code = codeFor(status, graphql);
  return JSON.stringify(
    graphql ? { errors: [{ message, extensions: { code, requestId } }] } : { error: { code, message, requestId } },
  );
}

/** Puts every API refusal (status 400 and above) into the documented shape, with its request id. */
export function registerRefusalShape(app: FastifyInstance): void {
  // With `done` rather than async: every answer passes here, and most go on unchanged at once.
  app.addHook("onSend", (request: FastifyRequest, reply: FastifyReply, payload: unknown, done) => {
    if (reply.statusCode < 400 || (typeof payload !== "string" && !Buffer.isBuffer(payload))) {
      return done(null, payload);
    }
    const contentType = String(reply.getHeader("content-type") ?? "");
    const shaped = normaliseRefusal(request, reply.statusCode, contentType, String(payload));
    if (shaped === null) return done(null, payload);
    // A JSON answer keeps its media type (application/graphql-response+json stays so).
    if (!contentType.includes("json")) reply.header("content-type", "application/json; charset=utf-8");
    done(null, shaped);
  });
}
