import { describe, expect, it } from "vitest";
import { digestSecret, displayPrefix, mintSecret, parseSecret } from "./api-key.secret.js";
import { Environment } from "./environment.js";

describe("key secrets", () => {
  it("carry their environment in the prefix and at least 128 random bits", () => {
    const live = mintSecret(Environment.PRODUCTION);
    const test = mintSecret(Environment.STAGING);
    expect(live.secret).toMatch(/^kh_live_[0-9A-Za-z]{36}$/);
    expect(test.secret).toMatch(/^kh_test_[0-9A-Za-z]{36}$/);
    // 30 random base62 characters: 30 * log2(62) ≈ 178 bits.
    expect(30 * Math.log2(62)).toBeGreaterThan(128);
    expect(parseSecret(live.secret)).toEqual({ environment: Environment.PRODUCTION });
    expect(parseSecret(test.secret)).toEqual({ environment: Environment.STAGING });
  });

  it("are unique, stored only as a SHA-256 digest, and displayed by a short prefix", () => {
    const seen = new Set(Array.from({ length: 2000 }, () => mintSecret(Environment.PRODUCTION).secret));
    expect(seen.size).toBe(2000);
    const minted = mintSecret(Environment.PRODUCTION);
    expect(minted.digest).toBe(digestSecret(minted.secret));
    expect(minted.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(minted.prefix).toBe(displayPrefix(minted.secret));
    expect(minted.prefix).toHaveLength(14);
    expect(minted.secret.startsWith(minted.prefix)).toBe(true);
  });

  it("are recognised offline: any single changed character fails the checksum", () => {
    const { secret } = mintSecret(Environment.PRODUCTION);
    const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    for (let i = 8; i < secret.length; i++) {
      const replacement = alphabet[(alphabet.indexOf(secret[i] as string) + 17) % 62];
      const tampered = secret.slice(0, i) + replacement + secret.slice(i + 1);
      expect(parseSecret(tampered), `position ${i}`).toBeNull();
    }
  });

  it("reject malformed input", () => {
    const { secret } = mintSecret(Environment.STAGING);
    for (const bad of [
      "",
      "kh_test_",
      secret.slice(0, -1),
      `${secret}x`,
      secret.replace("kh_test_", "kh_prod_"),
      ` ${secret}`,
    ]) {
      expect(parseSecret(bad)).toBeNull();
    }
  });
});
