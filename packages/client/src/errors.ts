import type { ErrorCode } from "./graphql.js";

/** Codes the client itself gives when no answer from Keyholder explains the failure. */
export type TransportErrorCode =
  /** The request never got an answer: connection refused or reset, DNS, TLS. */
  | "NETWORK_ERROR"
  /** No answer within `timeoutMs`. */
  | "TIMEOUT"
  /** An HTTP answer that is not a Keyholder answer (e.g. a proxy's 502 page). */
  | "HTTP_ERROR";

/** Codes graphql-js and Apollo give to a request that is not a valid operation. */
export type RequestErrorCode =
  | "GRAPHQL_PARSE_FAILED"
  | "GRAPHQL_VALIDATION_FAILED"
  | "BAD_REQUEST"
  | "PERSISTED_QUERY_NOT_FOUND"
  | "PERSISTED_QUERY_NOT_SUPPORTED"
  | "OPERATION_RESOLUTION_FAILURE";

/**
 * Every code a {@link KeyholderError} can carry: a closed union, so a misspelt code in
 * `isKeyholderError(error, "VERSION_CONFLCT")` does not compile. Keyholder adds codes but never
 * renames one; a newer server's code this version does not list still arrives in `code` at run
 * time, and is matched by no name this version knows.
 */
export type KeyholderErrorCode = ErrorCode | RequestErrorCode | TransportErrorCode;

/** Where a failure was reported. */
export type KeyholderErrorSource =
  /** A mutation's `errors { field code message }`: the input was refused and nothing changed. */
  | "payload"
  /** Keyholder answered with an error: a top-level GraphQL error (`extensions.code`), or an HTTP route's error body. */
  | "api"
  /** An HTTP answer without a Keyholder error in it. */
  | "http"
  /** No answer at all. */
  | "network";

/** One problem, as Keyholder reports it. */
export interface KeyholderIssue {
  code: KeyholderErrorCode;
  /** The input field at fault (dotted path), when there is one. */
  field: string | null;
  message: string;
}

/** What a {@link KeyholderError} is made of. */
export interface KeyholderErrorInit {
  source: KeyholderErrorSource;
  /** Every problem reported; the first one becomes the error's `code`, `field` and `message`. */
  issues: readonly KeyholderIssue[];
  /** The HTTP status of the answer, if there was one. */
  status?: number;
  /** The request id (the `x-request-id` sent and echoed), to quote when asking for help. */
  requestId?: string;
  /** The operation, e.g. `OffboardUser` or `POST /v1/keys/verify`. */
  operation?: string;
  cause?: unknown;
}

/**
 * Every failure the client reports: a refused mutation input, a GraphQL error, an HTTP error or
 * a network failure, with the stable `code` to branch on and the input `field` at fault.
 *
 * @example
 * ```ts
 * try {
 *   await client.reassignKey({ id, version, toHolderId });
 * } catch (error) {
 *   if (isKeyholderError(error, "VERSION_CONFLICT")) {
 *     // read the key again and retry with its new version
 *   } else throw error;
 * }
 * ```
 */
export class KeyholderError extends Error {
  override readonly name = "KeyholderError";
  readonly code: KeyholderErrorCode;
  readonly field: string | null;
  readonly source: KeyholderErrorSource;
  readonly issues: readonly KeyholderIssue[];
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly operation: string | undefined;

  constructor(init: KeyholderErrorInit) {
    const first = init.issues[0] ?? { code: "HTTP_ERROR", field: null, message: "Keyholder reported an error." };
    const more = init.issues.length > 1 ? ` (and ${init.issues.length - 1} more)` : "";
    super(`${first.code}${first.field ? ` [${first.field}]` : ""}: ${first.message}${more}`, { cause: init.cause });
    this.code = first.code;
    this.field = first.field;
    this.source = init.source;
    this.issues = init.issues.length ? init.issues : [first];
    this.status = init.status;
    this.requestId = init.requestId;
    this.operation = init.operation;
  }

  /** True for failures that may pass when the same request is sent again: no answer, or a 5xx. */
  get transient(): boolean {
    return this.source === "network" || (this.status !== undefined && this.status >= 500);
  }
}

/** Narrows `error` to a {@link KeyholderError}, optionally with one of the given codes. */
export function isKeyholderError(error: unknown, ...codes: KeyholderErrorCode[]): error is KeyholderError {
  return error instanceof KeyholderError && (codes.length === 0 || codes.includes(error.code));
}

/**
 * A code as Keyholder sent it. The type is closed, but a newer server may send a code this version
 * does not list: it is kept as sent (and matches no name this version knows) rather than hidden.
 */
export function receivedCode(code: unknown): KeyholderErrorCode {
  return (typeof code === "string" ? code : "INTERNAL_SERVER_ERROR") as KeyholderErrorCode;
}
