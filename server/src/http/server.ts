import { randomUUID } from "node:crypto";
import { ApolloServerErrorCode } from "@apollo/server/errors";
import { fastifyApolloHandler } from "@as-integrations/fastify";
import fastifyCookie from "@fastify/cookie";
import type { MikroORM } from "@mikro-orm/postgresql";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from "fastify";
import { keyholderSchema } from "../composition/schema.js";
import { ReadinessProbe } from "../db/readiness.js";
import { countSql } from "../db/sql-counter.js";
import { createApollo } from "../graphql/apollo.js";
import { QUERY_LIMITS } from "../graphql/limits.js";
import { type Logger, pathOf } from "../logger.js";
import { keyUsageRecorder } from "../modules/api-key/key-usage.js";
import { AuthResolver } from "../modules/auth/auth.resolver.js";
import type { AuthSettings } from "../modules/auth/auth-settings.js";
import { SESSION_COOKIE } from "../modules/auth/auth-settings.js";
import { authenticateSession, TokenAuthenticator } from "../modules/auth/authenticate.js";
import { SignInLimiter } from "../modules/auth/sign-in-limiter.js";
import { TokenCache } from "../modules/auth/token-cache.js";
import { tokenUsageRecorder } from "../modules/auth/token-usage.js";
import { DEFAULT_EXPORT_LIMITS, type ExportLimits } from "../modules/export/export-slots.js";
import { registerKeysCsvRoute } from "../modules/export/keys-csv.route.js";
import { registerImportRoute } from "../modules/import/import.route.js";
import { registerOidcRoutes } from "../modules/oidc/oidc.routes.js";
import type { OidcSettings } from "../modules/oidc/oidc.settings.js";
import { SignInMethodsResolver } from "../modules/oidc/sign-in-methods.resolver.js";
import { registerScimRoutes } from "../modules/scim/scim.route.js";
import { VerificationResolver } from "../modules/verification/verification.resolver.js";
import { Verifier } from "../modules/verification/verifier.js";
import { registerVerifyRoute } from "../modules/verification/verify.route.js";
import { AnswerBudget, MAX_UNPAGED_ITEMS } from "../shared/answer-budget.js";
import { DomainError, ErrorCode } from "../shared/errors.js";
import { InvalidationHub, InvalidationListener, type ListenerTiming } from "../shared/invalidation.js";
import { Metrics } from "../shared/metrics.js";
import type { Principal } from "../shared/principal.js";
import { createRequestContext, forkOnUse, type RequestContext, releaseRequest } from "../shared/request-context.js";
import { ResolverInstances } from "../shared/resolver-instances.js";
import { registerConsole } from "./console.js";
import { registerErrorHandler } from "./errors.js";
import { metricsPlugin, registerMetricsRoute } from "./metrics.js";
import { type RateLimits, registerRateLimits } from "./rate-limit/rate-limit.plugin.js";
import { registerRefusalShape } from "./refusal/refusal-shape.js";

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

declare module "fastify" {
  interface FastifyInstance {
    /** Writes batched last-use times of keys and tokens to the database now. */
    flushUsage(): Promise<void>;
    /**
     * Forgets everything this instance caches (keys, tokens, the service directory), as an
     * `all` invalidation does: for whoever rewrote the database underneath, such as a test reset.
     */
    forgetCaches(): void;
  }
  interface FastifyRequest {
    /**
     * The GraphQL request's context, for Apollo's context function. A decorated property rather
     * than a WeakMap keyed by the request: V8's young-generation collections keep a WeakMap's
     * values alive, so a context and every row it read would wait for a full collection.
     */
    graphqlContext: RequestContext | null;
  }
}

export interface HttpServerOptions {
  orm: MikroORM;
  logger: Logger;
  production: boolean;
  authSettings: AuthSettings;
  /** Where to LISTEN for other instances' cache invalidations; omitted, this instance hears only itself. */
  databaseUrl?: string;
  /** How the invalidation listener checks it still hears other instances (defaults: 5 s heartbeat, 20 s). */
  invalidation?: ListenerTiming;
  /** Trust X-Forwarded-* from the reverse proxy in front (one hop), for the client address and HTTPS detection. */
  trustProxy?: boolean;
  /** The built console to serve at `/`; omitted, only the API is served. */
  consoleDir?: string;
  /** Requests per credential of the API and of verification (`RateLimit-*` headers); omitted, no limit. */
  rateLimits?: RateLimits;
  /** Sign-in attempts allowed per client address per minute; omitted or 0, no limit. */
  signInRateLimit?: number;
  /** The largest GraphQL answer sent, in bytes; larger ones are refused (default `QUERY_LIMITS`). */
  maxResponseBytes?: number;
  /** Caps and timeouts of the CSV export; omitted, `DEFAULT_EXPORT_LIMITS`. */
  exportLimits?: ExportLimits;
  /** The bearer token `GET /metrics` asks for; omitted, there is no /metrics. */
  metricsToken?: string;
  /** The most items of unpaged lists in one GraphQL answer (default `MAX_UNPAGED_ITEMS`). */
  maxUnpagedItems?: number;
  /** Sign-in through the organisation's OpenID Connect provider; omitted, there is none. */
  oidc?: OidcSettings;
  /** SCIM provisioning at /scim/v2: a configured token, and whether exact leaver cases complete themselves. */
  scim?: { token?: string; autoCompleteExact?: boolean; publicUrl?: string };
}

/**
 * The HTTP face of Keyholder: GraphQL at POST /graphql, liveness at /healthz and readiness
 * (database reachable) at /readyz. Each request gets an id (the caller's `x-request-id` when it
 * is sane), echoed back and written to every log line and audit event of that request.
 */
export async function createHttpServer(options: HttpServerOptions): Promise<FastifyInstance> {
  const { orm, logger } = options;
  const app = Fastify({
    // pino's Logger and Fastify's logger type differ only in optional members.
    loggerInstance: logger as FastifyBaseLogger,
    // One line per request (onResponse below) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    // Fastify's Ajv defaults strip unknown properties and coerce types; a body that breaks its
    // schema (`additionalProperties: false`, `type: "string"`) must be refused with 400 instead.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
    // Only the proxy we are connected to is trusted: the client address is the one it appended to
    // X-Forwarded-For (the last entry). Trusting every hop would take the first entry, which the
    // client writes itself, and let it pick a new address for each sign-in attempt.
    trustProxy: options.trustProxy ? (_address: string, hop: number) => hop === 0 : false,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });

  registerErrorHandler(app);
  registerRefusalShape(app);
  await app.register(fastifyCookie);

  const metrics = new Metrics();
  const hub = new InvalidationHub();
  hub.subscribe((topic) => metrics.invalidation(topic));
  if (options.databaseUrl) {
    const listener = new InvalidationListener(options.databaseUrl, hub, logger, options.invalidation);
    await listener.start();
    app.addHook("onClose", async () => listener.stop());
  }
  const pool = await orm.em.getConnection().getNativeClient();
  metrics.watchPool(pool);
  const keyUsage = keyUsageRecorder(pool, logger);
  const tokenUsage = tokenUsageRecorder(pool, logger);
  keyUsage.start();
  tokenUsage.start();
  app.addHook("onClose", async () => {
    await keyUsage.stop();
    await tokenUsage.stop();
  });
  // Writes the batched last-use times now (shutdown does it too; tests and operators may want it sooner).
  app.decorate("flushUsage", async () => {
    await keyUsage.flush();
    await tokenUsage.flush();
  });
  app.decorate("forgetCaches", () => hub.publish("all"));
  const tokens = new TokenAuthenticator(new TokenCache(hub), tokenUsage);
  const signInLimiter = new SignInLimiter(options.signInRateLimit ?? 0);
  const maxResponseBytes = options.maxResponseBytes ?? QUERY_LIMITS.maxResponseBytes;
  const maxUnpagedItems = options.maxUnpagedItems ?? MAX_UNPAGED_ITEMS;
  const verifier = new Verifier(pool, hub, keyUsage, metrics);
  const instances = new ResolverInstances()
    .add(new VerificationResolver(verifier))
    .add(new AuthResolver(options.authSettings))
    .add(new SignInMethodsResolver(options.authSettings));
  registerKeysCsvRoute(
    app,
    pool,
    logger,
    async (request) => {
      const ctx = createRequestContext({ em: orm.em, requestId: request.id, log: request.log as Logger, hub });
      return authenticate(ctx, request.headers.authorization, request.cookies[SESSION_COOKIE]);
    },
    options.exportLimits ?? DEFAULT_EXPORT_LIMITS,
  );
  registerImportRoute(app, orm, hub, async (request) => {
    const ctx = createRequestContext({ em: orm.em, requestId: request.id, log: request.log as Logger, hub });
    return authenticate(ctx, request.headers.authorization);
  });
  // A token-cache hit needs no entity manager: one is forked only if the cache misses (`forkOnUse`).
  registerVerifyRoute(app, verifier, async (authorization) =>
    authorization ? tokens.authenticate(forkOnUse(orm.em), bearer(authorization), new Date()) : null,
  );

  // Hooks of every request are written with `done` rather than as async functions: Fastify then
  // runs them in turn without a promise and a microtask each.
  app.addHook("onRequest", (request, reply, done) => {
    reply.header("x-request-id", request.id);
    done();
  });
  // After the request id is set, so that a refusal carries it too.
  if (options.rateLimits) registerRateLimits(app, options.rateLimits);
  app.addHook("onResponse", (request, reply, done) => {
    metrics.httpRequest(
      request.method,
      request.routeOptions.url ?? "unmatched",
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    request.log.info(
      {
        method: request.method,
        url: pathOf(request.url),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      "request",
    );
    done();
  });

  app.get("/healthz", async () => ({ status: "ok" }));
  const readiness = options.databaseUrl ? new ReadinessProbe(options.databaseUrl, logger) : undefined;
  app.addHook("onClose", async () => readiness?.close());
  app.get("/readyz", async (_request, reply) => {
    const ready = readiness
      ? await readiness.check()
      : await orm.em
          .getConnection()
          .execute("select 1")
          .then(
            () => true,
            (error: unknown) => {
              logger.warn({ err: error }, "readiness check failed");
              return false;
            },
          );
    return ready ? { status: "ok" } : reply.code(503).send({ status: "unavailable" });
  });

  if (options.metricsToken) registerMetricsRoute(app, metrics, options.metricsToken);
  if (options.oidc) {
    registerOidcRoutes(app, {
      settings: options.oidc,
      authSettings: options.authSettings,
      contextOf: (request) =>
        createRequestContext({ em: orm.em, requestId: request.id, log: request.log as Logger, hub, metrics }),
      attempt: (request) => signInLimiter.attempt(request.ip, Date.now()),
    });
  }
  await registerScimRoutes(app, {
    newContext: (request) =>
      createRequestContext({ em: orm.em, requestId: request.id, log: request.log as Logger, hub, metrics }),
    configuredToken: options.scim?.token,
    autoCompleteExact: options.scim?.autoCompleteExact ?? false,
    publicUrl: options.scim?.publicUrl,
  });

  const apollo = createApollo({
    schema: await keyholderSchema(),
    production: options.production,
    plugins: [metricsPlugin(metrics)],
  });
  await apollo.start();
  // Fastify's close() stops accepting and lets in-flight requests finish before onClose runs.
  app.addHook("onClose", async () => apollo.stop());

  app.decorateRequest("graphqlContext", null);
  const graphql = fastifyApolloHandler(apollo, {
    context: async (request) => request.graphqlContext as RequestContext,
  });
  app.route<{ Reply: string | Buffer }>({
    url: "/graphql",
    method: ["GET", "POST", "OPTIONS"],
    errorHandler: graphqlTransportError,
    handler: async function (request, reply) {
      let authStatements = 0;
      let status: number | undefined;
      const { result, sql } = await countSql(async () => {
        const ctx = createRequestContext({
          em: orm.em,
          requestId: request.id,
          log: request.log as Logger,
          hub,
          instances,
          metrics,
        });
        const secure = request.protocol === "https";
        ctx.session = {
          set: (token, expiresAt) =>
            void reply.setCookie(SESSION_COOKIE, token, {
              path: "/",
              httpOnly: true,
              sameSite: "strict",
              secure,
              expires: expiresAt,
            }),
          clear: () =>
            void reply.clearCookie(SESSION_COOKIE, { path: "/", httpOnly: true, sameSite: "strict", secure }),
        };
        ctx.signInThrottle = {
          attempt: () => {
            const wait = signInLimiter.attempt(request.ip, Date.now());
            if (wait) {
              status = 429;
              reply.header("retry-after", String(wait));
            }
            return wait;
          },
        };
        try {
          const auth = await countSql(() =>
            authenticate(ctx, request.headers.authorization, request.cookies[SESSION_COOKIE]),
          );
          ctx.principal = auth.result;
          authStatements = auth.sql.count;
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          reply
            .code(401)
            .header("content-type", "application/json; charset=utf-8")
            .header("www-authenticate", "Bearer");
          return JSON.stringify({ errors: [{ message: error.message, extensions: { code: error.code } }] });
        }
        // The executor waives the budget for a mutation: its change is made, so its answer is sent.
        const budget = new AnswerBudget(maxUnpagedItems);
        ctx.answerBudget = budget;
        request.graphqlContext = ctx;
        let body: Awaited<ReturnType<typeof graphql>>;
        try {
          // Apollo's handler answers text, which this route sends as bytes.
          body = await graphql.call(
            this,
            request as FastifyRequest<{ Reply: string }>,
            reply as FastifyReply<{ Reply: string }>,
          );
        } finally {
          // The answer is written (or failed): empty what this request read (`releaseRequest`).
          releaseRequest(ctx);
        }
        // Apollo sets the status it knows of; a refusal decided during execution overrides it.
        if (status) reply.code(status);
        // The answer as bytes (a copy off the V8 heap): node writes a string body after its headers
        // by joining the two into one string, a second copy of the whole answer on the heap; a
        // Buffer is written beside them. An answer longer in characters than the limit is longer
        // in bytes too, and is refused before it is copied.
        const tooLong = typeof body === "string" && body.length > maxResponseBytes;
        const answer = typeof body === "string" && !tooLong ? Buffer.from(body) : body;
        const bytes =
          typeof answer === "string" ? Buffer.byteLength(answer) : Buffer.isBuffer(answer) ? answer.length : 0;
        if (!budget.waived && (budget.exceeded || bytes > maxResponseBytes)) {
          // The cost limit and the budget of unpaged items keep answers below the size limit; it
          // is the last guard, never a cut-off file. Either way the whole answer is refused.
          request.log.warn(
            { bytes, unpagedItemsExceeded: budget.exceeded },
            "answer over the response size limit refused",
          );
          reply.code(400).header("content-type", "application/json; charset=utf-8");
          const message = budget.exceeded
            ? `The answer would list more than ${maxUnpagedItems} items of lists without pages (worksOn, history, collaborators, members…): ask for fewer.`
            : `The answer would be larger than ${maxResponseBytes} bytes: ask for smaller pages or fewer fields.`;
          return JSON.stringify({
            errors: [{ message, extensions: { code: ErrorCode.RESPONSE_TOO_LARGE, requestId: request.id } }],
          });
        }
        return answer;
      });
      // Statements for authentication and for the operation itself, reported apart.
      reply.header("server-timing", `auth;desc="${authStatements} statements", sql;desc="${sql.count} statements"`);
      return result;
    },
  });

  // GraphQL over HTTP knows GET and POST only; another method is 405 with the ones it allows.
  app.route({
    url: "/graphql",
    method: ["PUT", "PATCH", "DELETE"],
    handler: async (_request, reply) =>
      reply
        .code(405)
        .header("allow", "GET, POST")
        .send({
          errors: [
            { message: "Send GraphQL with GET or POST.", extensions: { code: ApolloServerErrorCode.BAD_REQUEST } },
          ],
        }),
  });

  /** A bearer token must be valid (a script should hear that it is not); a stale cookie just means anonymous. */
  async function authenticate(ctx: RequestContext, authorization?: string, cookie?: string): Promise<Principal | null> {
    if (authorization) return tokens.authenticate(ctx.em, bearer(authorization), ctx.now);
    if (cookie) {
      const principal = await authenticateSession(ctx.em, cookie, ctx.now, options.authSettings);
      if (!principal) ctx.session?.clear();
      return principal;
    }
    return null;
  }
  if (options.consoleDir) await registerConsole(app, options.consoleDir);
  return app;
}

/**
 * A request Fastify refuses before GraphQL sees it (a body that is not JSON, an unsupported
 * media type, a body over the limit) is answered in GraphQL's shape, with Fastify's status
 * (400, 415, 413) and the code BAD_REQUEST; anything else stays Fastify's.
 */
function graphqlTransportError(
  this: FastifyInstance,
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const status = error.statusCode ?? 500;
  if (status < 400 || status >= 500) throw error;
  request.log.info({ code: error.code, status }, "graphql request refused");
  return reply
    .code(status)
    .header("content-type", "application/json; charset=utf-8")
    .send({ errors: [{ message: error.message, extensions: { code: ApolloServerErrorCode.BAD_REQUEST } }] });
}

const BEARER = /^bearer ([!-~]+)$/i;

/**
 * The token of an `Authorization: Bearer <token>` header. Anything else (other schemes, extra
 * words or spaces after the token) is refused, so what authenticated is exactly what was sent.
 */
function bearer(authorization: string): string {
  const token = BEARER.exec(authorization)?.[1];
  if (!token) {
    throw new DomainError(ErrorCode.UNAUTHENTICATED, "Send the access token as `Authorization: Bearer <token>`.");
  }
  return token;
}
