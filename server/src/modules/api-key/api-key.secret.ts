import { createHash, randomInt } from "node:crypto";
import { crc32 } from "node:zlib";
import { Environment } from "./environment.js";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** 30 base62 characters carry 178 bits, comfortably above the 128 required. */
const RANDOM_LENGTH = 30;
const CHECKSUM_LENGTH = 6;
const DISPLAY_RANDOM_CHARS = 6;

export const SECRET_PREFIXES = { [Environment.PRODUCTION]: "kh_live_", [Environment.STAGING]: "kh_test_" } as const;

const SECRET_PATTERN = new RegExp(
  `^(kh_live_|kh_test_)([0-9A-Za-z]{${RANDOM_LENGTH}})([0-9A-Za-z]{${CHECKSUM_LENGTH}})$`,
);

/** Encodes an unsigned 32-bit number as fixed-width base62. */
function base62Fixed(value: number, width: number): string {
  let out = "";
  let rest = value >>> 0;
  for (let i = 0; i < width; i++) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out;
}

function checksum(body: string): string {
  return base62Fixed(crc32(body), CHECKSUM_LENGTH);
}

/** A freshly minted secret: the plaintext (shown once), its digest and its display prefix. */
export interface MintedSecret {
  secret: string;
  digest: string;
  prefix: string;
}

/**
 * Mints a secret such as `kh_live_<30 random base62><6 base62 CRC32>`. The CRC32 tail lets a
 * scanner tell a real Keyholder key from random text offline.
 */
export function mintSecret(environment: Environment): MintedSecret {
  let random = "";
  for (let i = 0; i < RANDOM_LENGTH; i++) random += BASE62[randomInt(62)];
  const body = SECRET_PREFIXES[environment] + random;
  const secret = body + checksum(body);
  return { secret, digest: digestSecret(secret), prefix: displayPrefix(secret) };
}

/** Hex SHA-256 of a secret: the only form in which a secret is stored. */
export function digestSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** The public, displayable start of a secret. */
export function displayPrefix(secret: string): string {
  return secret.slice(0, SECRET_PREFIXES[Environment.PRODUCTION].length + DISPLAY_RANDOM_CHARS);
}

/**
 * Parses a presented secret without touching the database: the environment it was issued
 * for, or null when its shape or checksum is wrong.
 */
export function parseSecret(secret: string): { environment: Environment } | null {
  const match = SECRET_PATTERN.exec(secret);
  if (!match) return null;
  const [, prefix, random, tail] = match;
  if (checksum(`${prefix}${random}`) !== tail) return null;
  return {
    environment: prefix === SECRET_PREFIXES[Environment.PRODUCTION] ? Environment.PRODUCTION : Environment.STAGING,
  };
}
