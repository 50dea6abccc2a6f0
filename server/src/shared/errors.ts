/**
 * Every code a caller can branch on. Domain errors carry one of these; the GraphQL layer maps
 * them to `extensions.code` (graphql/errors.ts). Codes are stable: add, never rename.
 */
export enum ErrorCode {
  BAD_USER_INPUT = "BAD_USER_INPUT",
  INVALID_ID = "INVALID_ID",
  INVALID_CURSOR = "INVALID_CURSOR",
  INVALID_PAGE_SIZE = "INVALID_PAGE_SIZE",
  NOT_FOUND = "NOT_FOUND",
  UNAUTHENTICATED = "UNAUTHENTICATED",
  FORBIDDEN = "FORBIDDEN",
  VERSION_CONFLICT = "VERSION_CONFLICT",
  INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR",
}

/** A failure the caller caused or should expect: safe to show, with a stable code. */
export class DomainError extends Error {
  override name = "DomainError";

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
