import { ErrorCode } from "../shared/errors.js";

/**
 * Why the database could not serve a request: `SERVICE_BUSY` when every pooled connection was
 * in use for the whole connect timeout (the database itself may be fine), `DATABASE_UNAVAILABLE`
 * when PostgreSQL refused, dropped or did not answer a connection.
 */
export type Unavailability = typeof ErrorCode.SERVICE_BUSY | typeof ErrorCode.DATABASE_UNAVAILABLE;

/** Seconds a caller should wait before trying again, per reason (the `Retry-After` header). */
export const RETRY_AFTER_SECONDS: Record<Unavailability, number> = {
  [ErrorCode.SERVICE_BUSY]: 2,
  [ErrorCode.DATABASE_UNAVAILABLE]: 5,
};

// pg-pool's message when no pooled connection became free within connectionTimeoutMillis.
const POOL_EXHAUSTED = "timeout exceeded when trying to connect";
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EPIPE",
  "EAI_AGAIN",
]);
const DOWN_MESSAGES = [
  "Connection terminated",
  "connection timeout",
  "Client has encountered a connection error",
  "Connection ended unexpectedly",
];

/**
 * Classifies an error (and its `cause` chain: the ORM wraps the driver's) as the database being
 * busy or unavailable, or null for anything else. SQLSTATE classes 08 (connection exception)
 * and 57P (operator intervention: shutting down, starting up, crash recovery) count as
 * unavailable.
 */
export function unavailabilityOf(error: unknown): Unavailability | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const { message } = current;
    const code = (current as { code?: unknown }).code;
    if (message.includes(POOL_EXHAUSTED)) return ErrorCode.SERVICE_BUSY;
    if (typeof code === "string" && (NETWORK_CODES.has(code) || code.startsWith("08") || code.startsWith("57P"))) {
      return ErrorCode.DATABASE_UNAVAILABLE;
    }
    if (DOWN_MESSAGES.some((m) => message.includes(m))) return ErrorCode.DATABASE_UNAVAILABLE;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

const MESSAGES: Record<Unavailability, string> = {
  [ErrorCode.SERVICE_BUSY]: "Keyholder is busy: every database connection is in use. Try again shortly.",
  [ErrorCode.DATABASE_UNAVAILABLE]: "Keyholder's database is not answering. Try again shortly.",
};

/** The answer for a request the database could not serve: its code, message and `Retry-After`. */
export function unavailableAnswer(code: Unavailability): { code: Unavailability; message: string; retryAfter: number } {
  return { code, message: MESSAGES[code], retryAfter: RETRY_AFTER_SECONDS[code] };
}
