import type { MikroORM } from "@mikro-orm/postgresql";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Logger } from "../../logger.js";
import { requireRole } from "../../shared/access.js";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import type { InvalidationHub } from "../../shared/invalidation.js";
import type { Principal } from "../../shared/principal.js";
import { createRequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { type ImportInventoryRequest, importInventory } from "./import.service.js";
import { ImportKind } from "./import-kind.js";

/** The largest inventory file the route reads: ~300,000 keys with their other rows as JSON. */
export const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;

/**
 * Files this instance reads and plans at once. Parsing a large file holds the event loop for
 * seconds and takes up to a few gigabytes of heap (64 MB of `{}` rows: 22 million objects), so a
 * second one waits for the first rather than running beside it; applies are serialised in the
 * database anyway.
 */
export const MAX_CONCURRENT_IMPORTS = 1;

const RETRY_AFTER_SECONDS = 10;

const bodySchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    json: { type: "string" },
    csv: {
      type: "array",
      items: {
        type: "object",
        required: ["kind", "content"],
        additionalProperties: false,
        properties: { kind: { type: "string", enum: Object.values(ImportKind) }, content: { type: "string" } },
      },
    },
    apply: { type: "boolean" },
  },
} as const;

/**
 * `POST /v1/imports`: the `importInventory` mutation for files larger than a GraphQL request
 * may be (1 MB). Same body as the mutation's input, same answer as its `result`, same service.
 * Only an access token of an OPERATOR or above is accepted, and it is checked before the body is
 * read, so nobody else can make the server read a large body. Refusals are
 * `{"error": {"code", "message", "field"}}` with 400, 401 or 403. While this instance is already
 * reading another file, a request is refused before its body is read with 503 SERVICE_BUSY,
 * `Retry-After` and `requestId`.
 */
export function registerImportRoute(
  app: FastifyInstance,
  orm: MikroORM,
  hub: InvalidationHub,
  authenticate: (request: FastifyRequest) => Promise<Principal | null>,
): void {
  const principals = new WeakMap<FastifyRequest, Principal>();
  let running = 0;
  app.post<{ Body: ImportInventoryRequest }>(
    "/v1/imports",
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: { body: bodySchema },
      attachValidation: true,
      onRequest: async (request, reply) => {
        try {
          if (!request.headers.authorization)
            throw new DomainError(
              ErrorCode.UNAUTHENTICATED,
              "Send an access token as `Authorization: Bearer <token>`.",
            );
          principals.set(request, requireRole(await authenticate(request), Role.OPERATOR));
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          return reply
            .code(error.code === ErrorCode.FORBIDDEN ? 403 : 401)
            .header("www-authenticate", "Bearer")
            .send({ error: { code: error.code, message: error.message } });
        }
        if (running >= MAX_CONCURRENT_IMPORTS)
          return reply
            .code(503)
            .header("retry-after", String(RETRY_AFTER_SECONDS))
            .send({
              error: {
                code: ErrorCode.SERVICE_BUSY,
                message: "This instance is already reading an inventory file. Try again shortly.",
                requestId: request.id,
              },
            });
        running++;
        // "close" follows a finished response and a dropped connection alike: the slot always comes back.
        reply.raw.once("close", () => {
          running--;
        });
      },
    },
    async (request, reply) => {
      if (request.validationError)
        return reply.code(400).send({
          error: { code: ErrorCode.BAD_USER_INPUT, message: "The body must be an ImportInventoryInput as JSON." },
        });
      const ctx = createRequestContext({
        em: orm.em,
        requestId: request.id,
        log: request.log as Logger,
        hub,
        principal: principals.get(request) ?? null,
      });
      try {
        return reply.send(await importInventory(ctx, request.body));
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return reply
          .code(400)
          .send({ error: { code: error.code, message: error.message, field: error.field ?? null } });
      }
    },
  );
}
