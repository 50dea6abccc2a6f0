import { createHash, timingSafeEqual } from "node:crypto";
import type { ApolloServerPlugin } from "@apollo/server";
import type { FastifyInstance } from "fastify";
import { currentSqlCount } from "../db/sql-counter.js";
import type { Metrics } from "../shared/metrics.js";
import type { RequestContext } from "../shared/request-context.js";

const digest = (text: string) => createHash("sha256").update(text).digest();

/**
 * `GET /metrics`: the Prometheus exposition, for a scraper that sends `Authorization: Bearer
 * <METRICS_TOKEN>`. Anything else is 401 and learns nothing; without a token configured the
 * route does not exist. The token is compared in constant time (digests of equal length).
 */
export function registerMetricsRoute(app: FastifyInstance, metrics: Metrics, token: string): void {
  const expected = digest(`Bearer ${token}`);
  app.get("/metrics", async (request, reply) => {
    const given = request.headers.authorization;
    if (typeof given !== "string" || !timingSafeEqual(digest(given), expected)) {
      return reply
        .code(401)
        .header("www-authenticate", "Bearer")
        .send({
          error: { code: "UNAUTHENTICATED", message: "Send the metrics token as `Authorization: Bearer <token>`." },
        });
    }
    const { contentType, body } = await metrics.expose();
    return reply.header("content-type", contentType).header("cache-control", "no-store").send(body);
  });
}

/**
 * Times each GraphQL operation under its (bounded) name, counts the SQL statements it sent, and
 * counts its errors by code: GraphQL errors by `extensions.code`, and a mutation's payload errors
 * (`errors { code }` of each root field's result) by theirs, or as UNSELECTED when the caller
 * did not ask for the code.
 */
export function metricsPlugin(metrics: Metrics): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      const start = performance.now();
      let resolved = false;
      return {
        async didResolveOperation() {
          resolved = true;
        },
        async willSendResponse({ response, request, operation, contextValue }) {
          const type = operation?.operation ?? "unknown";
          const name = metrics.operationLabel(
            operation?.name?.value ?? request.operationName,
            resolved,
            contextValue.principal != null,
          );
          metrics.graphqlOperation(name, type, (performance.now() - start) / 1000, currentSqlCount());
          if (response.body.kind !== "single") return;
          const { errors, data } = response.body.singleResult;
          for (const error of errors ?? []) metrics.error(String(error.extensions?.code ?? "UNKNOWN"), "graphql");
          if (type !== "mutation" || !data) return;
          for (const value of Object.values(data)) {
            const payloadErrors = (value as { errors?: unknown } | null)?.errors;
            if (!Array.isArray(payloadErrors)) continue;
            for (const error of payloadErrors as { code?: unknown }[]) {
              // A caller that did not select `code` still has its failure counted.
              metrics.error(typeof error.code === "string" ? error.code : "UNSELECTED", "payload");
            }
          }
        },
      };
    },
  };
}
