import { randomUUID } from "node:crypto";
import { fastifyApolloHandler } from "@as-integrations/fastify";
import type { MikroORM } from "@mikro-orm/postgresql";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from "fastify";
import { countSql } from "../db/sql-counter.js";
import { createApollo } from "../graphql/apollo.js";
import { keyholderSchema } from "../graphql/schema.js";
import type { Logger } from "../logger.js";
import { createRequestContext } from "../shared/request-context.js";

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export interface HttpServerOptions {
  orm: MikroORM;
  logger: Logger;
  production: boolean;
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
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });

  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  app.addHook("onResponse", async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      "request",
    );
  });

  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_request, reply) => {
    try {
      await orm.em.getConnection().execute("select 1");
      return { status: "ok" };
    } catch (error) {
      logger.warn({ err: error }, "readiness check failed");
      return reply.code(503).send({ status: "unavailable" });
    }
  });

  const apollo = createApollo({ schema: await keyholderSchema(), production: options.production });
  await apollo.start();
  // Fastify's close() stops accepting and lets in-flight requests finish before onClose runs.
  app.addHook("onClose", async () => apollo.stop());

  const graphql = fastifyApolloHandler(apollo, {
    context: async (request) => createRequestContext(orm.em, request.id, request.log as Logger),
  });
  app.route<{ Reply: string }>({
    url: "/graphql",
    method: ["GET", "POST", "OPTIONS"],
    handler: async function (request, reply) {
      const { result, sql } = await countSql(async () => graphql.call(this, request, reply));
      reply.header("server-timing", `sql;desc="${sql.count} statements"`);
      return result;
    },
  });
  return app;
}
