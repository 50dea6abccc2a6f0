import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { unavailabilityOf, unavailableAnswer } from "../db/availability.js";
import { DomainError, ErrorCode } from "../shared/errors.js";

/** Codes graphql-js, Apollo and the request pipeline put on errors the caller caused; these pass through unchanged. */
const CLIENT_CODES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
  ErrorCode.POST_REQUIRED,
]);

/** What the error mapping needs from the request: where to find its id and where to log. */
export interface ErrorReporter {
  requestIdOf(error: unknown): string | undefined;
}

/**
 * The one mapping from errors to GraphQL responses. Domain errors keep their message and
 * stable code (and the offending field); errors of the caller's request keep their code; a
 * database that is busy or down is SERVICE_BUSY or DATABASE_UNAVAILABLE (the HTTP answer is then
 * a 503 with `Retry-After`, see `apollo.ts`); everything else is masked as INTERNAL_SERVER_ERROR with the request id, its detail (which
 * may include row data from PostgreSQL) only in the server log.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  requestId?: string,
): GraphQLFormattedError {
  const original = domainErrorOf(error);
  if (original) {
    return {
      message: original.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: original.code, ...(original.field ? { field: original.field } : {}) },
    };
  }
  const unavailable = unavailabilityOf(unwrapResolverError(error));
  if (unavailable) {
    const answer = unavailableAnswer(unavailable);
    return { message: answer.message, path: formatted.path, extensions: { code: answer.code } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === "string" && CLIENT_CODES.has(code)) {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
  }
  if (isUncodedRefusal(error)) return { message: formatted.message, extensions: { code: "BAD_REQUEST" } };
  return {
    message: "Internal server error.",
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, ...(requestId ? { requestId } : {}) },
  };
}

/** True for errors the mapping masks: the ones worth a full entry in the server log. */
export function isUnexpected(error: unknown): boolean {
  if (domainErrorOf(error) || isUncodedRefusal(error)) return false;
  const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
  return !(typeof code === "string" && CLIENT_CODES.has(code));
}

/** The messages of Apollo's refusals of a persisted query that carry no code, only HTTP 400. */
const UNCODED_REFUSALS = new Set(["provided sha does not match query", "Unsupported persisted query version"]);

/**
 * One of Apollo's pipeline refusals that carry no code, only HTTP 400: a persisted query whose
 * hash is not its text's, or of a version Apollo does not know. Known by their exact messages, with
 * neither a code nor an original error, so that no other error skips the masking.
 */
function isUncodedRefusal(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.originalError || error.extensions?.code !== undefined) return false;
  const status = (error.extensions?.http as { status?: unknown } | undefined)?.status;
  return status === 400 && UNCODED_REFUSALS.has(error.message);
}

/** The domain error behind an error: thrown by a resolver, or refused before execution. */
function domainErrorOf(error: unknown): DomainError | undefined {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) return original;
  if (error instanceof GraphQLError && error.originalError instanceof DomainError) return error.originalError;
  return undefined;
}
