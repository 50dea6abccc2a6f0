import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { DomainError } from "../../shared/errors.js";
import type { RequestContext } from "../../shared/request-context.js";
import { authenticateScimClient } from "./scim-client.service.js";
import { resourceTypes, schemas, serviceProviderConfig } from "./scim-discovery.js";
import { ScimError, scimErrorOf } from "./scim-error.js";
import {
  createScimGroup,
  deleteScimGroup,
  getScimGroup,
  listScimGroups,
  patchScimGroup,
  replaceScimGroup,
} from "./scim-groups.service.js";
import { listResponse, SCIM_MEDIA_TYPE } from "./scim-schemas.js";
import {
  createScimUser,
  deleteScimUser,
  getScimUser,
  listScimUsers,
  patchScimUser,
  replaceScimUser,
  type ScimSettings,
} from "./scim-users.service.js";

/** What the SCIM routes need from the server that mounts them. */
export interface ScimRouteOptions {
  /** A request context (entity manager fork, request id, logger…) with no principal yet. */
  newContext(request: FastifyRequest): RequestContext;
  /** The `SCIM_TOKEN` setting, if any. */
  configuredToken?: string;
  /** `SCIM_AUTO_COMPLETE_EXACT`. */
  autoCompleteExact: boolean;
  /** `KEYHOLDER_PUBLIC_URL`: where resources' locations point; unset, the request's own address. */
  publicUrl?: string;
}

export const SCIM_BASE_PATH = "/scim/v2";

// RFC 6750 §2.1: "Bearer", one or more spaces, the token.
const BEARER = /^bearer +([!-~]+)$/i;

type Query = Record<string, string | undefined>;
type Params = { id: string };

/**
 * A SCIM 2.0 service provider (RFC 7643/7644) at `/scim/v2`: Users and Groups, and the discovery
 * endpoints, for identity providers such as Okta and Microsoft Entra. Authenticated with a SCIM
 * client's own bearer token; every change goes through the same services (one transaction each,
 * with its audit events) as GraphQL, attributed to `scim:<client name>`. Refusals are SCIM error
 * bodies (`status`, `scimType`, `detail`); the token never reaches a log line or an error.
 */
export async function registerScimRoutes(app: FastifyInstance, options: ScimRouteOptions): Promise<void> {
  await app.register(
    async (scim) => {
      const contexts = new WeakMap<FastifyRequest, RequestContext>();
      // Fastify's own JSON parser, as application/json bodies get: a `__proto__` or `constructor`
      // key is refused rather than carried into the services.
      const json = scim.getDefaultJsonParser("error", "error");
      scim.addContentTypeParser(/^application\/scim\+json/i, { parseAs: "string" }, (request, body, done) => {
        if (body === "") return done(null, undefined);
        json(request, body as string, (error, value) =>
          error
            ? done(new ScimError(400, "The body is not valid JSON.", "invalidSyntax"), undefined)
            : done(null, value),
        );
      });
      scim.setErrorHandler((error: FastifyError | Error, request, reply) => {
        let answer: ScimError;
        if (error instanceof ScimError) answer = error;
        else if (error instanceof DomainError) answer = scimErrorOf(error);
        else if (((error as FastifyError).statusCode ?? 500) < 500) {
          const status = (error as FastifyError).statusCode ?? 400;
          answer = new ScimError(
            status,
            status === 413 ? "The body is too large." : "The request is not valid.",
            "invalidSyntax",
          );
        } else {
          request.log.error({ err: error }, "SCIM request failed");
          answer = new ScimError(500, `Something went wrong; request id ${request.id}.`);
        }
        if (answer.status >= 400 && answer.status < 500) {
          request.log.info({ status: answer.status, scimType: answer.scimType }, "SCIM request refused");
        }
        return send(reply.code(answer.status), answer.body());
      });
      scim.addHook("onRequest", async (request, reply) => {
        const token = BEARER.exec(request.headers.authorization ?? "")?.[1];
        const ctx = options.newContext(request);
        const principal = token ? await authenticateScimClient(ctx.em, token, options.configuredToken) : null;
        if (!principal) {
          reply.header("www-authenticate", 'Bearer realm="scim"');
          throw new ScimError(401, "Send a SCIM token as `Authorization: Bearer <token>`.");
        }
        ctx.principal = principal;
        contexts.set(request, ctx);
      });
      const ctxOf = (request: FastifyRequest) => contexts.get(request) as RequestContext;
      const settings = (request: FastifyRequest): ScimSettings => ({
        // Behind a proxy the request's scheme and host are the proxy's view, and the Host header is
        // the client's to choose: the configured public address wins.
        baseUrl: `${options.publicUrl ?? `${request.protocol}://${request.host}`}${SCIM_BASE_PATH}`,
        autoCompleteExact: options.autoCompleteExact,
      });

      scim.get("/ServiceProviderConfig", async (request, reply) =>
        send(reply, serviceProviderConfig(settings(request).baseUrl)),
      );
      scim.get("/ResourceTypes", async (request, reply) => {
        const all = resourceTypes(settings(request).baseUrl);
        return send(reply, listResponse(all, all.length, 1));
      });
      scim.get("/Schemas", async (request, reply) => {
        const all = schemas(settings(request).baseUrl);
        return send(reply, listResponse(all, all.length, 1));
      });

      scim.get<{ Querystring: Query }>("/Users", async (request, reply) =>
        send(reply, await listScimUsers(ctxOf(request), request.query, settings(request))),
      );
      scim.post("/Users", async (request, reply) =>
        send(reply.code(201), await createScimUser(ctxOf(request), request.body, settings(request)), true),
      );
      scim.get<{ Params: Params }>("/Users/:id", async (request, reply) =>
        send(reply, await getScimUser(ctxOf(request), request.params.id, settings(request))),
      );
      scim.put<{ Params: Params }>("/Users/:id", async (request, reply) =>
        send(reply, await replaceScimUser(ctxOf(request), request.params.id, request.body, settings(request))),
      );
      scim.patch<{ Params: Params }>("/Users/:id", async (request, reply) =>
        send(reply, await patchScimUser(ctxOf(request), request.params.id, request.body, settings(request))),
      );
      scim.delete<{ Params: Params }>("/Users/:id", async (request, reply) => {
        await deleteScimUser(ctxOf(request), request.params.id, settings(request));
        return reply.code(204).send();
      });

      scim.get<{ Querystring: Query }>("/Groups", async (request, reply) =>
        send(reply, await listScimGroups(ctxOf(request), request.query, settings(request))),
      );
      scim.post("/Groups", async (request, reply) =>
        send(reply.code(201), await createScimGroup(ctxOf(request), request.body, settings(request)), true),
      );
      scim.get<{ Params: Params; Querystring: Query }>("/Groups/:id", async (request, reply) =>
        send(reply, await getScimGroup(ctxOf(request), request.params.id, request.query, settings(request))),
      );
      scim.put<{ Params: Params }>("/Groups/:id", async (request, reply) =>
        send(reply, await replaceScimGroup(ctxOf(request), request.params.id, request.body, settings(request))),
      );
      scim.patch<{ Params: Params }>("/Groups/:id", async (request, reply) => {
        await patchScimGroup(ctxOf(request), request.params.id, request.body, settings(request));
        return reply.code(204).send();
      });
      scim.delete<{ Params: Params }>("/Groups/:id", async (request, reply) => {
        await deleteScimGroup(ctxOf(request), request.params.id);
        return reply.code(204).send();
      });

      scim.setNotFoundHandler((request, reply) =>
        send(
          reply.code(404),
          new ScimError(404, `No SCIM endpoint ${request.method} ${request.url.split("?")[0]}.`).body(),
        ),
      );
    },
    { prefix: SCIM_BASE_PATH },
  );
}

/** Answers with a SCIM body; a created resource also gets its Location. */
function send(reply: FastifyReply, body: unknown, created = false) {
  if (created) {
    const location = (body as { meta?: { location?: string } }).meta?.location;
    if (location) reply.header("location", location);
  }
  return reply.header("content-type", `${SCIM_MEDIA_TYPE}; charset=utf-8`).send(JSON.stringify(body));
}
