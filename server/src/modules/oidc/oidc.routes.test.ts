import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpServer } from "../../http/server.js";
import { auditRows } from "../../test-support/audit.js";
import { createTestDatabase, type TestDatabase } from "../../test-support/database.js";
import { capturingLogger } from "../../test-support/log.js";
import { parseRoleMap } from "./oidc.settings.js";

/**
 * The sign-in routes when the provider cannot be reached: Keyholder starts without it (the
 * provider is asked only when someone signs in), and a sign-in comes back refused, not broken.
 */
describe("identity-provider sign-in without a reachable provider", () => {
  let db: TestDatabase;
  let app: FastifyInstance;
  const { logger, lines: logLines } = capturingLogger();

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createHttpServer({
      orm: db.orm,
      logger,
      production: false,
      authSettings: { sessionIdleMs: 60_000, sessionMaxMs: 3_600_000, identityProvider: { name: "Agency SSO" } },
      signInRateLimit: 2,
      oidc: {
        // Port 9 (discard) on loopback: nothing answers there.
        issuer: new URL("http://127.0.0.1:9/"),
        clientId: "keyholder",
        clientSecret: "a client secret for the tests",
        redirectUri: "http://127.0.0.1:4000/auth/oidc/callback",
        providerName: "Agency SSO",
        scopes: "openid email profile groups",
        roleClaim: "groups",
        roleMap: parseRoleMap("keyholder-admins=ADMIN"),
        allowHttp: true,
      },
    });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it("sends the browser back with IDENTITY_PROVIDER_ERROR, logs why, and counts the attempt against the address", async () => {
    const first = await app.inject({ method: "GET", url: "/auth/oidc/login?returnTo=/keys" });
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe("/?sign_in_error=IDENTITY_PROVIDER_ERROR");
    expect(first.headers["set-cookie"]).toBeUndefined();
    expect(logLines.join("")).toContain("identity provider unavailable");

    await app.inject({ method: "GET", url: "/auth/oidc/login" });
    const third = await app.inject({ method: "GET", url: "/auth/oidc/login" });
    expect(third.headers.location).toBe("/?sign_in_error=RATE_LIMITED");
    expect(Number(third.headers["retry-after"])).toBeGreaterThan(0);
  });

  it("refuses a callback that no sign-in started, without asking the provider or recording anything", async () => {
    const response = await app.inject({ method: "GET", url: "/auth/oidc/callback?code=abc&state=def" });
    expect(response.headers.location).toBe("/?sign_in_error=IDENTITY_PROVIDER_ERROR");
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(await auditRows(db)).toEqual([]);
  });
});
