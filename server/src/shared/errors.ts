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
  // Availability: answered with HTTP 503 (429 for TOO_MANY_EXPORTS) and Retry-After
  SERVICE_BUSY = "SERVICE_BUSY",
  DATABASE_UNAVAILABLE = "DATABASE_UNAVAILABLE",
  TOO_MANY_EXPORTS = "TOO_MANY_EXPORTS",
  // Input
  INVALID_EMAIL = "INVALID_EMAIL",
  INVALID_SLUG = "INVALID_SLUG",
  TOO_LONG = "TOO_LONG",
  REQUIRED = "REQUIRED",
  OUT_OF_RANGE = "OUT_OF_RANGE",
  WEAK_PASSWORD = "WEAK_PASSWORD",
  INVALID_TEXT = "INVALID_TEXT",
  // Conflicts and state
  EMAIL_TAKEN = "EMAIL_TAKEN",
  SLUG_TAKEN = "SLUG_TAKEN",
  COLLABORATOR_EXISTS = "COLLABORATOR_EXISTS",
  ALREADY_MEMBER = "ALREADY_MEMBER",
  NOT_A_MEMBER = "NOT_A_MEMBER",
  USER_DEPARTED = "USER_DEPARTED",
  SERVICE_ARCHIVED = "SERVICE_ARCHIVED",
  HOLDER_NOT_FOUND = "HOLDER_NOT_FOUND",
  USER_NOT_FOUND = "USER_NOT_FOUND",
  GROUP_NOT_FOUND = "GROUP_NOT_FOUND",
  SERVICE_NOT_FOUND = "SERVICE_NOT_FOUND",
  COLLABORATOR_NOT_FOUND = "COLLABORATOR_NOT_FOUND",
  TOKEN_NOT_FOUND = "TOKEN_NOT_FOUND",
  KEY_NOT_FOUND = "KEY_NOT_FOUND",
  KEY_REVOKED = "KEY_REVOKED",
  KEY_EXPIRED = "KEY_EXPIRED",
  NO_ROTATION_OVERLAP = "NO_ROTATION_OVERLAP",
  SAME_HOLDER = "SAME_HOLDER",
  IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED",
  ACCESS_WOULD_WIDEN = "ACCESS_WOULD_WIDEN",
  KEYS_WOULD_STOP = "KEYS_WOULD_STOP",
  // Notices and webhooks
  WEBHOOK_URL_REFUSED = "WEBHOOK_URL_REFUSED",
  WEBHOOK_NOT_FOUND = "WEBHOOK_NOT_FOUND",
  DELIVERY_NOT_FOUND = "DELIVERY_NOT_FOUND",
  INVALID_EVENT_TYPE = "INVALID_EVENT_TYPE",
  INVALID_CATEGORY = "INVALID_CATEGORY",
  // Authentication
  INVALID_CREDENTIALS = "INVALID_CREDENTIALS",
  ACCOUNT_LOCKED = "ACCOUNT_LOCKED",
  ROLE_TOO_HIGH = "ROLE_TOO_HIGH",
  SESSION_REQUIRED = "SESSION_REQUIRED",
  RATE_LIMITED = "RATE_LIMITED",
  PASSWORD_SIGN_IN_OFF = "PASSWORD_SIGN_IN_OFF",
  // Sign-in through the identity provider
  NO_CONSOLE_ROLE = "NO_CONSOLE_ROLE",
  IDENTITY_INCOMPLETE = "IDENTITY_INCOMPLETE",
  IDENTITY_PROVIDER_ERROR = "IDENTITY_PROVIDER_ERROR",
  // Inventory import
  INVALID_FILE = "INVALID_FILE",
  TOO_MANY_ROWS = "TOO_MANY_ROWS",
  INVALID_DATE = "INVALID_DATE",
  INVALID_DIGEST = "INVALID_DIGEST",
  INVALID_STATUS = "INVALID_STATUS",
  INVALID_ROLE = "INVALID_ROLE",
  INVALID_ENVIRONMENT = "INVALID_ENVIRONMENT",
  DUPLICATE_ROW = "DUPLICATE_ROW",
  HOLDER_KIND_CONFLICT = "HOLDER_KIND_CONFLICT",
  REFERENCE_REFUSED = "REFERENCE_REFUSED",
  STATUS_CHANGE_REFUSED = "STATUS_CHANGE_REFUSED",
  KEY_HOLDER_DIFFERS = "KEY_HOLDER_DIFFERS",
  KEY_ENVIRONMENT_DIFFERS = "KEY_ENVIRONMENT_DIFFERS",
  // Transport
  POST_REQUIRED = "POST_REQUIRED",
  RESPONSE_TOO_LARGE = "RESPONSE_TOO_LARGE",
}

/** One problem with a caller's input or request, as a mutation's payload reports it. */
export interface Issue {
  field?: string;
  code: ErrorCode;
  message: string;
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

/** Several problems with one input, each with its field: reported together, nothing changed. */
export class ValidationError extends DomainError {
  override name = "ValidationError";

  constructor(readonly issues: Issue[]) {
    super(issues[0]?.code ?? ErrorCode.BAD_USER_INPUT, issues.map((i) => i.message).join(" "), issues[0]?.field);
  }
}

/** The issues a domain error stands for. */
export function issuesOf(error: DomainError): Issue[] {
  if (error instanceof ValidationError) return error.issues;
  return [{ code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) }];
}
