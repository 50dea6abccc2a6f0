import { hash } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { SESSION_COOKIE } from "../../modules/auth/auth-settings.js";
import { RateLimiter, type RateLimitPolicy } from "./rate-limiter.js";

/** The rate-limit policies of the routes: the API (GraphQL and the export) and verification. */
export interface RateLimits {
  api: RateLimitPolicy;
  verify: RateLimitPolicy;
}

const ROUTES: Record<string, keyof RateLimits> = {
  "/graphql": "api",
  "/v1/exports/keys.csv": "api",
  "/v1/keys/verify": "verify",
};

/**
 * Whom a request counts against: its access token, else its console session, else its client
 * address. Credentials are known by their SHA-256 only, so no secret is kept in memory as a key;
 * the count is taken before authentication, so a refused request costs no database work. (The
 * one-shot `crypto.hash` costs half of `createHash` for a token-sized input.)
 */
function callerOf(request: FastifyRequest): string {
  const authorization = request.headers.authorization;
  // The credential without its scheme, so `Bearer x` and `bearer  x` count as the one token they are.
  if (authorization) {
    const credential = authorization.trim().replace(/^bearer\s+/i, "");
    return `t:${hash("sha256", credential, "base64url")}`;
  }
  const session = request.cookies?.[SESSION_COOKIE];
  if (session) return `s:${hash("sha256", session, "base64url")}`;
  return `a:${request.ip}`;
}

/**
 * Applies the rate-limit policies per caller, answering with the IETF draft's headers
 * (draft-ietf-httpapi-ratelimit-headers): `RateLimit-Policy: "api";q=1200;w=60` states the policy
 * and `RateLimit: "api";r=1187;t=42` what is left of it and for how many seconds. A request over
 * the quota is refused before anything else is done: 429 RATE_LIMITED with `Retry-After`, in the
 * route's documented error shape with the request id. A policy whose limit is 0 is off.
 */
export function registerRateLimits(app: FastifyInstance, limits: RateLimits): void {
  const limiters = new Map<keyof RateLimits, RateLimiter>();
  for (const name of ["api", "verify"] as const) {
    if (limits[name].limit > 0) limiters.set(name, new RateLimiter(limits[name]));
  }
  if (!limiters.size) return;
  const longest = Math.max(...[...limiters.values()].map((l) => l.policy.windowSeconds));
  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const limiter of limiters.values()) limiter.sweep(now);
  }, longest * 1000);
  sweeper.unref();
  app.addHook("onClose", async () => clearInterval(sweeper));

  app.addHook("onRequest", async (request: FastifyRequest, reply: FastifyReply) => {
    const route = ROUTES[request.routeOptions.url ?? ""];
    const limiter = route ? limiters.get(route) : undefined;
    if (!limiter) return;
    const { name, limit, windowSeconds } = limiter.policy;
    const answer = limiter.take(callerOf(request), Date.now());
    reply
      .header("ratelimit-policy", `"${name}";q=${limit};w=${windowSeconds}`)
      .header("ratelimit", `"${name}";r=${answer.remaining};t=${answer.resetSeconds}`);
    if (answer.allowed) return;
    const code = "RATE_LIMITED";
    const message = `Over the rate limit of ${limit} requests per ${windowSeconds} s for this credential; try again in ${answer.resetSeconds} s.`;
    const requestId = request.id;
    // The route's documented error shape: GraphQL's on /graphql, `{error}` on the other routes.
    const body =
      route === "api" && request.routeOptions.url === "/graphql"
        ? { errors: [{ message, extensions: { code, requestId } }] }
        : { error: { code, message, requestId } };
    return reply
      .code(429)
      .header("retry-after", String(answer.resetSeconds))
      .header("content-type", "application/json; charset=utf-8")
      .send(JSON.stringify(body));
  });
}
