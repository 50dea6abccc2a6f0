import { hash, randomBytes, randomInt } from "node:crypto";
import { crc32 } from "node:zlib";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** 30 base62 characters carry 178 bits, comfortably above the 128 required. */
export const RANDOM_LENGTH = 30;
const CHECKSUM_LENGTH = 6;
/** How many random characters the public display prefix keeps after the type prefix. */
const DISPLAY_RANDOM_CHARS = 6;

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
 * Hex SHA-256: the only form in which a secret is stored. (The one-shot `crypto.hash` costs half
 * of `createHash` for a secret-sized input; the verify and API paths hash one per request.)
 */
export function sha256Hex(secret: string): string {
  return hash("sha256", secret);
}

/**
 * Mints `<typePrefix><30 random base62><6 base62 CRC32>`, like GitHub's tokens: the CRC32 tail
 * lets a scanner tell a real secret from random text offline, without a database.
 */
export function mintChecksummed(typePrefix: string): MintedSecret {
  let random = "";
  for (let i = 0; i < RANDOM_LENGTH; i++) random += BASE62[randomInt(62)];
  const body = typePrefix + random;
  const secret = body + checksum(body);
  return { secret, digest: sha256Hex(secret), prefix: secret.slice(0, typePrefix.length + DISPLAY_RANDOM_CHARS) };
}

const SHAPE = new RegExp(`^([a-z_]+_)([0-9A-Za-z]{${RANDOM_LENGTH}})([0-9A-Za-z]{${CHECKSUM_LENGTH}})$`);

/** The type prefix of a well-formed secret with a valid checksum, or null. Touches no database. */
export function checkChecksummed(secret: string): string | null {
  const match = SHAPE.exec(secret);
  if (!match) return null;
  const [, prefix, random, tail] = match;
  return checksum(`${prefix}${random}`) === tail ? (prefix as string) : null;
}

/** An opaque random token (sessions): 256 bits, base64url. */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}
