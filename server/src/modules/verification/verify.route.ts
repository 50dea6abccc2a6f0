import type { FastifyInstance } from "fastify";
import { countSql } from "../../db/sql-counter.js";
import { DomainError } from "../../shared/errors.js";
import type { Principal } from "../../shared/principal.js";
import { Environment } from "../api-key/environment.js";
import type { Verifier } from "./verifier.js";
import { VerifyReason } from "./verify-reason.js";

const bodySchema = {
  type: "object",
  required: ["secret", "service"],
  additionalProperties: false,
  properties: {
    secret: { type: "string", minLength: 1, maxLength: 200 },
    service: { type: "string", minLength: 1, maxLength: 63 },
    environment: { type: "string", enum: Object.values(Environment) },
  },
} as const;

const responseSchema = {
  200: {
    type: "object",
    properties: {
      valid: { type: "boolean" },
      reason: { type: "string", enum: Object.values(VerifyReason) },
      keyId: { type: ["string", "null"] },
      environment: { type: ["string", "null"] },
      holder: {
        type: ["object", "null"],
        properties: { id: { type: "string" }, email: { type: "string" }, kind: { type: "string" } },
      },
    },
  },
} as const;

/**
 * `POST /v1/keys/verify`: the hot path for services' backends, beside GraphQL because
 * GraphQL's own per-request work would dominate a cache hit. Authenticated with an access
 * token (any role); the body is validated by schema; the answer is serialised by schema.
 * Like /graphql, the answer's `server-timing` header counts the SQL statements spent on
 * authentication and on the verification (0 and 0 on a cache hit).
 */
export function registerVerifyRoute(
  app: FastifyInstance,
  verifier: Verifier,
  authenticate: (authorization: string | undefined) => Promise<Principal | null>,
): void {
  app.post<{ Body: { secret: string; service: string; environment?: Environment } }>(
    "/v1/keys/verify",
    {
      schema: { body: bodySchema, response: responseSchema },
      attachValidation: true,
    },
    async (request, reply) => {
      let principal: Principal | null;
      let authStatements = 0;
      try {
        const auth = await countSql(() => authenticate(request.headers.authorization));
        principal = auth.result;
        authStatements = auth.sql.count;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return reply
          .code(401)
          .header("www-authenticate", "Bearer")
          .send({ error: { code: error.code, message: error.message } });
      }
      if (!principal) {
        return reply
          .code(401)
          .header("www-authenticate", "Bearer")
          .send({
            error: { code: "UNAUTHENTICATED", message: "Send an access token as `Authorization: Bearer <token>`." },
          });
      }
      if (request.validationError) {
        return reply.code(400).send({ error: { code: "BAD_USER_INPUT", message: request.validationError.message } });
      }
      const { secret, service, environment } = request.body;
      const { result, sql } = await countSql(() => verifier.verify(secret, service, environment ?? null, Date.now()));
      // The same report as GraphQL's: statements for authentication and for the answer, apart.
      reply.header("server-timing", `auth;desc="${authStatements} statements", sql;desc="${sql.count} statements"`);
      return result;
    },
  );
}
