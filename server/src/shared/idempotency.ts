import { createHash } from "node:crypto";
import { z } from "zod";
import { DomainError, ErrorCode } from "./errors.js";
import { e } from "./validation.js";

/** An idempotency key as a caller sends it: 8 to 200 characters, or none. */
export const idempotencyKey = z
  .string()
  .min(8, { error: e(ErrorCode.OUT_OF_RANGE, "must be 8 to 200 characters") })
  .max(200, { error: e(ErrorCode.OUT_OF_RANGE, "must be 8 to 200 characters") })
  .nullish();

/** JSON with object keys sorted at every level, so equal parameters always read the same. */
function canonical(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * The SHA-256 (hex) of a request's parameters, stored with its idempotency key: the key then
 * stands for that request only. `undefined` and `null` count as the same (an omitted optional
 * field), and the order of an object's keys does not matter.
 */
export function requestHash(parameters: Record<string, unknown>): string {
  return createHash("sha256").update(canonical(parameters)).digest("hex");
}

/**
 * Refuses an idempotency key recorded for a request other than this one (IDEMPOTENCY_KEY_REUSED,
 * on `idempotencyKey`), as a retry must send exactly what the first call sent.
 */
export function expectSameRequest(recorded: string, hash: string, what: string): void {
  if (recorded !== hash) {
    throw new DomainError(
      ErrorCode.IDEMPOTENCY_KEY_REUSED,
      `That idempotency key was used for ${what} with other parameters.`,
      "idempotencyKey",
    );
  }
}
