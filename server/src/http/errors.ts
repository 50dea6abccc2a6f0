import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { unavailabilityOf, unavailableAnswer } from "../db/availability.js";
import { ErrorCode } from "../shared/errors.js";

/**
 * Sends one error in the documented shape of the route it happened on: GraphQL's
 * `{"errors":[{message, extensions: {code, requestId}}]}` on /graphql, `{"error": {code,
 * message, requestId}}` on the other routes.
 */
export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
): FastifyReply {
  const requestId = request.id;
  const body =
    request.routeOptions.url === "/graphql"
      ? { errors: [{ message, extensions: { code, requestId } }] }
      : { error: { code, message, requestId } };
  return reply.code(status).header("content-type", "application/json; charset=utf-8").send(JSON.stringify(body));
}

/**
 * The one error mapping of the HTTP layer, for every route: a database that is busy or down is
 * a 503 with `Retry-After` and SERVICE_BUSY or DATABASE_UNAVAILABLE; a request Fastify refused
 * (bad JSON, too large, wrong content type) keeps its 4xx status; anything else is a masked 500
 * INTERNAL_SERVER_ERROR. Each carries the request id; the detail (which may name the database's
 * address or hold row data) goes only to the server log.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const unavailable = unavailabilityOf(error);
    if (unavailable) {
      request.log.warn({ err: error, code: unavailable }, "database unavailable");
      const answer = unavailableAnswer(unavailable);
      reply.header("retry-after", String(answer.retryAfter));
      return sendError(request, reply, 503, answer.code, answer.message);
    }
    const status = error.statusCode;
    if (typeof status === "number" && status >= 400 && status < 500) {
      const code = request.routeOptions.url === "/graphql" ? "BAD_REQUEST" : ErrorCode.BAD_USER_INPUT;
      return sendError(request, reply, status, code, error.message);
    }
    request.log.error({ err: error }, "unexpected error");
    return sendError(request, reply, 500, ErrorCode.INTERNAL_SERVER_ERROR, "Internal server error.");
  });
}
