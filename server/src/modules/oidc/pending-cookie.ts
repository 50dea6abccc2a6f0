import { createHmac, timingSafeEqual } from "node:crypto";
import { PENDING_SIGN_IN_MS, type PendingSignIn } from "./oidc.client.js";

/** The cookie that carries a sign-in in progress from `/auth/oidc/login` to the callback. */
export const PENDING_COOKIE = "kh_oidc";

/**
 * Seals the pending sign-in for its cookie: JSON, base64url, with an HMAC keyed by the client
 * secret, so that whichever instance the provider sends the person back to can check that
 * Keyholder wrote it and nobody changed the return path or the PKCE verifier.
 */
export function sealPending(pending: PendingSignIn, key: string): string {
  const body = Buffer.from(JSON.stringify(pending)).toString("base64url");
  return `${body}.${mac(body, key)}`;
}

/**
 * The pending sign-in from its cookie; null when absent, malformed, not written by Keyholder, or
 * older than PENDING_SIGN_IN_MS (the cookie's Max-Age is only the browser's word: a copied cookie
 * would otherwise open forever).
 */
export function openPending(cookie: string | undefined, key: string, now = Date.now()): PendingSignIn | null {
  if (!cookie || cookie.length > 4096) return null;
  const [body = "", tag = ""] = cookie.split(".");
  const expected = Buffer.from(mac(body, key));
  const given = Buffer.from(tag);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const value = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Partial<PendingSignIn>;
    const { state, nonce, codeVerifier, returnTo, issuedAt } = value;
    if ([state, nonce, codeVerifier, returnTo].some((v) => typeof v !== "string")) return null;
    if (typeof issuedAt !== "number" || !(now - issuedAt >= -60_000 && now - issuedAt <= PENDING_SIGN_IN_MS))
      return null;
    return value as PendingSignIn;
  } catch {
    return null;
  }
}

function mac(body: string, key: string): string {
  return createHmac("sha256", key).update(`kh_oidc:${body}`).digest("base64url");
}

// Printable ASCII only, as a browser writes a path (percent-encoded): a raw character beyond it
// cannot go in the Location header, and Node would fail the callback after the session was opened.
const RETURN_PATH = /^\/(?![/\\])[\x21-\x5b\x5d-\x7e]{0,1999}$/;

/**
 * A console path to come back to: same-origin only (no `//host`), printable ASCII without `\`,
 * never the sign-in routes themselves.
 */
export function safeReturnPath(value: unknown): string {
  return typeof value === "string" && RETURN_PATH.test(value) && !value.startsWith("/auth/") ? value : "/";
}
