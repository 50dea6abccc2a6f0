import { checkChecksummed, type MintedSecret, mintChecksummed, sha256Hex } from "../../shared/secrets.js";
import { Environment } from "./environment.js";

export const SECRET_PREFIXES = { [Environment.PRODUCTION]: "kh_live_", [Environment.STAGING]: "kh_test_" } as const;

export type { MintedSecret };

/** Mints a key secret such as `kh_live_<30 random base62><6 base62 CRC32>`. */
export function mintSecret(environment: Environment): MintedSecret {
  return mintChecksummed(SECRET_PREFIXES[environment]);
}

/** Hex SHA-256 of a secret: the only form in which a secret is stored. */
export const digestSecret = sha256Hex;

/** The public, displayable start of a key secret. */
export function displayPrefix(secret: string): string {
  return secret.slice(0, SECRET_PREFIXES[Environment.PRODUCTION].length + 6);
}

/**
 * Parses a presented key secret without touching the database: the environment it was issued
 * for, or null when its shape or checksum is wrong.
 */
export function parseSecret(secret: string): { environment: Environment } | null {
  const prefix = checkChecksummed(secret);
  if (prefix === SECRET_PREFIXES[Environment.PRODUCTION]) return { environment: Environment.PRODUCTION };
  if (prefix === SECRET_PREFIXES[Environment.STAGING]) return { environment: Environment.STAGING };
  return null;
}
