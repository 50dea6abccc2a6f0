import { type EnumValue, graphqlEnum } from "./graphql-enum.js";

/**
 * Every code a caller can branch on. Domain errors carry one of these; the GraphQL layer maps
 * them to `extensions.code` (graphql/errors.ts). Codes are stable: add, never rename.
 */
export const ErrorCode = graphqlEnum(
  "ErrorCode",
  "Stable codes for errors a caller can branch on. New codes may be added; none is renamed.",
  {
    BAD_USER_INPUT:
      "The request is malformed or breaks a rule with no finer code. Read `message`, fix the input, resend.",
    INVALID_ID: "An id is not in the shape Keyholder issues (a UUID). Use an id returned by the API.",
    INVALID_CURSOR:
      "A paging cursor is not one this list issued, or belongs to another ordering. Start again without `after`.",
    INVALID_PAGE_SIZE: "`first` is below 1 or above the list's maximum. Ask for a page size within the limit.",
    NOT_FOUND: "The thing named does not exist, or no longer does. Refresh your view; do not retry as is.",
    UNAUTHENTICATED: "No valid session cookie or bearer token came with the request. Sign in or send a valid token.",
    FORBIDDEN: "Your role (or your token's role) does not allow this. Ask an ADMIN for a higher console role.",
    VERSION_CONFLICT:
      "Someone changed the record since you read its `version`. Read it again, reapply your change, resend with the new version.",
    INTERNAL_SERVER_ERROR:
      "An unexpected failure; the details are masked and logged on the server under the error's `requestId`. Report that id.",
    // Availability: answered with HTTP 503 (429 for TOO_MANY_EXPORTS) and Retry-After
    SERVICE_BUSY: "The server is at capacity (HTTP 503 with Retry-After). Retry after the given number of seconds.",
    DATABASE_UNAVAILABLE:
      "The database cannot be reached (HTTP 503 with Retry-After). Retry later; nothing was changed.",
    TOO_MANY_EXPORTS:
      "Too many CSV exports run at once (HTTP 429 with Retry-After). Wait for one to finish, then retry.",
    // Input
    INVALID_EMAIL: "The text is not an email address. Send `name@domain`.",
    INVALID_SLUG: "A slug may hold only lower-case letters, digits and single hyphens. Choose another slug.",
    TOO_LONG: "The text passes the field's maximum length (given in `message`). Shorten it.",
    REQUIRED: "A required value is missing or blank. Supply it.",
    OUT_OF_RANGE: "A number or list size is outside its allowed range (given in `message`). Send a value inside it.",
    WEAK_PASSWORD: "The new password is too short or too common. Choose a longer, less guessable one.",
    INVALID_TEXT:
      "The text holds characters Keyholder cannot store (NUL, unpaired surrogates) or, for a digest or prefix, is not printable ASCII. Remove them.",
    // Conflicts and state
    EMAIL_TAKEN: "Another holder already has this email. Use another address, or update the existing holder.",
    SLUG_TAKEN: "Another service already has this slug. Choose another.",
    COLLABORATOR_EXISTS: "The holder already has a role on this service. Change that role instead of adding one.",
    ALREADY_MEMBER: "The user is already a member of this group email. Nothing to do.",
    NOT_A_MEMBER: "The user is not a member of this group email. Nothing to remove.",
    USER_DEPARTED:
      "The user has left (DEPARTED): they can be given nothing new. Choose an active user, or a group email.",
    SERVICE_ARCHIVED:
      "The service is archived: nothing new can be attached to it. Restore it first if it is needed again.",
    HOLDER_NOT_FOUND: "No user or group email has this id (or email). Check the holder, or create it first.",
    USER_NOT_FOUND: "No user has this id. Check the id; a group email id is not a user id.",
    GROUP_NOT_FOUND: "No group email has this id. Check the id; a user id is not a group email id.",
    SERVICE_NOT_FOUND: "No service has this id (or slug). Check it, or create the service first.",
    COLLABORATOR_NOT_FOUND:
      "No collaborator has this id: the role may already be gone. Refresh the service's collaborators.",
    TOKEN_NOT_FOUND: "No token (access token or SCIM token) has this id, or it is not yours. Check the id.",
    KEY_NOT_FOUND: "No API key has this id. Check the id; a revoked key is still found, a deleted one is not.",
    KEY_REVOKED: "The key is revoked for good: it cannot be changed, rotated or reassigned. Issue a new key instead.",
    KEY_EXPIRED:
      "The key is past its expiry: it cannot be rotated or reassigned. Extend it with updateApiKey, or issue a new one.",
    NO_ROTATION_OVERLAP: "The key has no old secret still working: there is no overlap to end. Nothing to do.",
    SAME_HOLDER: "The key is already held by the target holder. Choose another holder, or leave the key as it is.",
    IDEMPOTENCY_KEY_REUSED:
      "This idempotency key was used before with a different input. Send a fresh idempotency key for a new request.",
    ACCESS_WOULD_WIDEN:
      "The move would let the key (or the new holder) work on services it does not work on today. Send `allowWiderAccess: true` (or `keepAccess`) if that is intended.",
    KEYS_WOULD_STOP:
      "Taking the BILLING role away would stop the holder's keys working on the service. Send `allowKeysToStop: true` if that is intended.",
    // Notices and webhooks
    WEBHOOK_URL_REFUSED:
      "The webhook URL is not https, or points at a private, loopback or link-local address. Use a public https URL.",
    WEBHOOK_NOT_FOUND: "No webhook endpoint has this id. Check the id; a deleted endpoint is gone.",
    DELIVERY_NOT_FOUND: "No webhook delivery has this id. Check the id.",
    INVALID_EVENT_TYPE: 'An event type is neither "*" nor one Keyholder sends (listed in `message`). Use one of those.',
    INVALID_CATEGORY: "The notice category is not one Keyholder knows. Use one listed by the notice settings.",
    // Authentication
    INVALID_CREDENTIALS:
      "The email and password do not match an account with console access. Check both and try again.",
    ACCOUNT_LOCKED:
      "Too many failed sign-ins: the account is locked for a while. Wait, or ask an ADMIN to reset the password.",
    ROLE_TOO_HIGH: "A token cannot be given a role above its owner's console role. Ask for that role or lower.",
    SESSION_REQUIRED:
      "Only a console session may do this, not an access token. Sign in to the console and do it there.",
    RATE_LIMITED: "Too many attempts from this address or for this account. Wait a minute, then try again.",
    PASSWORD_SIGN_IN_OFF: "Password sign-in is turned off on this server. Sign in through the identity provider.",
    // Sign-in through the identity provider
    NO_CONSOLE_ROLE:
      "The identity provider vouched for you, but your account has no console role. Ask an ADMIN to grant one.",
    IDENTITY_INCOMPLETE:
      "The identity provider sent no verified email, so the account cannot be matched. Fix the account at the provider.",
    IDENTITY_PROVIDER_ERROR:
      "The identity provider failed or answered something Keyholder could not use. Try again; if it lasts, check the provider.",
    // Inventory import
    INVALID_FILE:
      "The uploaded file is not a CSV Keyholder can read (header, encoding or size). Fix the file and resend.",
    TOO_MANY_ROWS: "The import file has more rows than one import takes (given in `message`). Split it.",
    INVALID_DATE: "A date is not ISO 8601 with a zone, or not a real date. Write it like `2026-03-01T00:00:00Z`.",
    INVALID_DIGEST: "A key's secret digest is not a SHA-256 digest (64 hex digits). Send the digest, never the secret.",
    INVALID_STATUS:
      "A status column holds a value that is not one of the type's statuses. Use one listed in `message`.",
    INVALID_ROLE: "A role column holds a value that is not a role. Use one listed in `message`.",
    INVALID_ENVIRONMENT: "An environment column holds neither PRODUCTION nor STAGING. Use one of those.",
    DUPLICATE_ROW: "The file names the same thing twice. Keep one row for it.",
    HOLDER_KIND_CONFLICT:
      "The email belongs to a user in one place and a group email in another (in the file or already stored). Make them agree.",
    REFERENCE_REFUSED:
      "The row refers to something that another row of the file refused, or that is not there. Fix that row first.",
    STATUS_CHANGE_REFUSED:
      "An import cannot change this status (a departed user is not brought back, a user does not depart by import). Use offboarding.",
    KEY_HOLDER_DIFFERS:
      "The key is already stored with another holder; an import does not move keys. Reassign the key instead.",
    KEY_ENVIRONMENT_DIFFERS:
      "The key is already stored with another environment, which never changes. Correct the row.",
    // Transport
    POST_REQUIRED:
      "A request carrying a secret argument must be a POST (HTTP 405 otherwise), so the secret stays out of URLs and logs.",
    RESPONSE_TOO_LARGE: "The answer would pass the server's size budget. Ask for fewer items or fields per request.",
  },
);
export type ErrorCode = EnumValue<typeof ErrorCode>;

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
