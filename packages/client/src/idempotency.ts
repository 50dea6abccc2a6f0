/**
 * A stable idempotency key made of the parts that identify one piece of work, e.g. a leavers
 * file's row: the same parts always give the same key, so sending the work again (a retry, a
 * re-run of the whole file) acts once. `kh-` and 64 hex characters of SHA-256.
 *
 * @example
 * ```ts
 * const idempotencyKey = await idempotencyKeyOf("offboard", email, targetEmail, reason);
 * ```
 */
export async function idempotencyKeyOf(...parts: string[]): Promise<string> {
  // A separator that cannot occur in the parts' text keeps ("a", "bc") apart from ("ab", "c").
  const text = parts.map((part) => part.replaceAll("\\", "\\\\").replaceAll("\u001f", "\\u001f")).join("\u001f");
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return `kh-${Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}
