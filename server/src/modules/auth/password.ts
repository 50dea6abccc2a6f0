import { randomBytes } from "node:crypto";
import { Algorithm, hash, verify } from "@node-rs/argon2";
import { ErrorCode, ValidationError } from "../../shared/errors.js";

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. */
const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 256;

/** Checks a new password against the policy; throws WEAK_PASSWORD with the reason. */
export function checkPasswordPolicy(password: string, email: string, field = "password"): void {
  const problem =
    password.length < MIN_PASSWORD_LENGTH
      ? `must be at least ${MIN_PASSWORD_LENGTH} characters`
      : password.length > MAX_PASSWORD_LENGTH
        ? `must be at most ${MAX_PASSWORD_LENGTH} characters`
        : password.toLowerCase().includes(email.split("@")[0]?.toLowerCase() ?? "\u0000")
          ? "must not contain the account's email name"
          : null;
  if (problem) throw new ValidationError([{ field, code: ErrorCode.WEAK_PASSWORD, message: `${field} ${problem}.` }]);
}

/** Hashes a password with argon2id. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** Verifies a password against a stored argon2id hash; false for a malformed hash. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash of a random password, verified against when the account does not exist, so the
 *  answer takes as long either way. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(24).toString("base64url"));
  return decoy;
}

/** A random password for a new or reset account: 20 characters, about 119 bits. */
export function generatePassword(): string {
  return randomBytes(15).toString("base64url").slice(0, 20);
}
