import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

describe("loadConfig", () => {
  it("applies defaults when nothing is set", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 4000, HOST: "127.0.0.1", NODE_ENV: "development", DB_POOL_MAX: 10 });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.KEYHOLDER_DATA_DIR).toMatch(/\.data$/);
  });

  it("has no metrics token unless one is set, and refuses a short one", () => {
    expect(loadConfig({}).METRICS_TOKEN).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: "a-long-enough-scrape-token" }).METRICS_TOKEN).toBe(
      "a-long-enough-scrape-token",
    );
    expect(() => loadConfig({ METRICS_TOKEN: "short" })).toThrowError(/METRICS_TOKEN/);
  });

  it("has no SCIM token unless one is set, refuses a short or spaced one, and completes no case by default", () => {
    expect(loadConfig({}).SCIM_TOKEN).toBeUndefined();
    expect(loadConfig({}).SCIM_AUTO_COMPLETE_EXACT).toBe(false);
    const token = "s".repeat(32);
    expect(loadConfig({ SCIM_TOKEN: token, SCIM_AUTO_COMPLETE_EXACT: "true" })).toMatchObject({
      SCIM_TOKEN: token,
      SCIM_AUTO_COMPLETE_EXACT: true,
    });
    expect(() => loadConfig({ SCIM_TOKEN: "s".repeat(31) })).toThrowError(/SCIM_TOKEN/);
    expect(() => loadConfig({ SCIM_TOKEN: `${token} x` })).toThrowError(/SCIM_TOKEN/);
    expect(() => loadConfig({ SCIM_AUTO_COMPLETE_EXACT: "maybe" })).toThrowError(/SCIM_AUTO_COMPLETE_EXACT/);
  });

  it("treats empty values as unset", () => {
    expect(loadConfig({ PORT: "", DATABASE_URL: "" }).PORT).toBe(4000);
  });

  it("parses flags and numbers", () => {
    const config = loadConfig({ PORT: "8080", KEYHOLDER_SEED_DEMO: "yes", DATABASE_URL: "postgresql://u@h/db" });
    expect(config.PORT).toBe(8080);
    expect(config.KEYHOLDER_SEED_DEMO).toBe(true);
    expect(loadConfig({ KEYHOLDER_SEED_DEMO: "false" }).KEYHOLDER_SEED_DEMO).toBe(false);
  });

  it("names every invalid variable in one clear error", () => {
    expect(() => loadConfig({ PORT: "http", DATABASE_URL: "mysql://x", LOG_LEVEL: "loud" })).toThrowError(ConfigError);
    try {
      loadConfig({ PORT: "99999", DATABASE_URL: "mysql://x" });
    } catch (error) {
      expect((error as Error).message).toContain("PORT");
      expect((error as Error).message).toContain("DATABASE_URL");
    }
  });

  it("defaults the invalidation heartbeat so a revocation reaches a stalled instance within 30 s", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ INVALIDATION_HEARTBEAT_MS: 5000, INVALIDATION_MAX_STALE_MS: 20000 });
    expect(config.INVALIDATION_MAX_STALE_MS).toBeLessThan(30_000);
    expect(loadConfig({ INVALIDATION_HEARTBEAT_MS: "200", INVALIDATION_MAX_STALE_MS: "1000" })).toMatchObject({
      INVALIDATION_HEARTBEAT_MS: 200,
      INVALIDATION_MAX_STALE_MS: 1000,
    });
    expect(() => loadConfig({ INVALIDATION_HEARTBEAT_MS: "5000", INVALIDATION_MAX_STALE_MS: "6000" })).toThrowError(
      /INVALIDATION_MAX_STALE_MS/,
    );
  });
});

describe("sign-in through an identity provider", () => {
  const OIDC = {
    OIDC_ISSUER: "https://login.agency.example/",
    OIDC_CLIENT_ID: "keyholder",
    OIDC_CLIENT_SECRET: "a client secret",
    OIDC_ROLE_MAP: "keyholder-admins=ADMIN,cn=ops,ou=groups=OPERATOR",
    KEYHOLDER_PUBLIC_URL: "https://keyholder.agency.example/",
  };

  it("is off, with passwords on, unless configured", () => {
    const config = loadConfig({});
    expect(config.OIDC_ISSUER).toBeUndefined();
    expect(config.PASSWORD_SIGN_IN).toBe(true);
  });

  it("accepts a complete setting and defaults the rest", () => {
    const config = loadConfig({ ...OIDC, PASSWORD_SIGN_IN: "false" });
    expect(config).toMatchObject({
      PASSWORD_SIGN_IN: false,
      KEYHOLDER_PUBLIC_URL: "https://keyholder.agency.example",
      OIDC_ROLE_CLAIM: "groups",
      OIDC_SCOPES: "openid email profile groups",
      OIDC_PROVIDER_NAME: "SSO",
    });
  });

  it("names each missing or unusable part", () => {
    const message = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return "";
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
    };
    const missing = message({ OIDC_ISSUER: OIDC.OIDC_ISSUER });
    for (const name of ["OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_ROLE_MAP", "KEYHOLDER_PUBLIC_URL"]) {
      expect(missing).toContain(`${name}: is required with OIDC_ISSUER`);
    }
    expect(message({ ...OIDC, OIDC_ISSUER: "http://login.agency.example" })).toContain("OIDC_ISSUER");
    expect(message({ ...OIDC, OIDC_ISSUER: "http://127.0.0.1:9000" })).toBe("");
    expect(message({ ...OIDC, OIDC_ROLE_MAP: "keyholder-admins=ROOT" })).toContain("OIDC_ROLE_MAP");
    expect(message({ ...OIDC, OIDC_SCOPES: "email profile" })).toContain("OIDC_SCOPES");
    expect(message({ PASSWORD_SIGN_IN: "false" })).toContain("PASSWORD_SIGN_IN: may be false only with OIDC_ISSUER");
  });
});
