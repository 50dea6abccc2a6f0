import { print } from "graphql";
import { describe, expect, it } from "vitest";
import { Role } from "../../shared/role.js";
import { auditRows } from "../../test-support/audit.js";
import { consoleUser, ME, SIGN_IN, signIn, withSession } from "../../test-support/console.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { createTestApi, graphql, type TestApi, useTestApi } from "../../test-support/graphql.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const EMAIL = "olive@agency.gov.example";
const PASSWORD = "correct horse battery";
const HOUR = 3_600_000;

const sessionRows = (userId: string) =>
  db
    .em()
    .execute<{ id: string; ended_at: Date | null; end_reason: string | null }[]>(
      "select id, ended_at, end_reason from session where user_id = ? order by created_at",
      [userId],
    );

describe("signIn", () => {
  it("sets an httpOnly, SameSite=Strict session cookie that then authenticates, and records the sign-in", async () => {
    const user = await consoleUser(db, EMAIL, Role.OPERATOR, PASSWORD);
    const before = Date.now();
    const { response, cookie, token, payload } = await signIn(api, " Olive@Agency.gov.example ", PASSWORD);
    expect(response.statusCode).toBe(200);
    expect(payload).toMatchObject({
      errors: [],
      viewer: { role: "OPERATOR", credentialKind: "SESSION", user: { id: user.id, email: EMAIL } },
    });
    expect(cookie).toMatchObject({ name: "kh_session", httpOnly: true, sameSite: "Strict", path: "/" });
    const expires = new Date(cookie?.expires as Date).getTime();
    expect(expires).toBeGreaterThan(before + 12 * HOUR - 5_000);
    expect(expires).toBeLessThan(Date.now() + 12 * HOUR + 5_000);
    // The cookie's Expires has whole seconds; the payload's time is the same instant.
    expect(Math.floor(new Date(payload.expiresAt).getTime() / 1000) * 1000).toBe(expires);

    const me = await withSession(api, token as string)(ME);
    expect(me.data?.me).toEqual({ role: "OPERATOR", credentialKind: "SESSION", user: { id: user.id, email: EMAIL } });

    const [session] = await sessionRows(user.id);
    expect(await auditRows(db)).toEqual([
      expect.objectContaining({
        action: "auth.signed_in",
        subjectType: "User",
        subjectId: user.id,
        actorId: user.id,
        credentialKind: "SESSION",
        credentialId: session?.id,
      }),
    ]);
  });

  it("answers a wrong password, an unknown email, and accounts that may not sign in alike: INVALID_CREDENTIALS", async () => {
    await consoleUser(db, EMAIL, Role.ADMIN, PASSWORD);
    const gone = await consoleUser(db, "gone@agency.gov.example", Role.ADMIN, PASSWORD);
    await db.em().execute("update holder set status = 'DEPARTED', departed_at = now() where id = ?", [gone.id]);
    // A password but no console role (access removed behind the API's back), and no password at all.
    const roleless = await consoleUser(db, "roleless@agency.gov.example", Role.VIEWER, PASSWORD);
    await db.em().execute("update holder set console_role = null where id = ?", [roleless.id]);
    await factories(db.em()).user({ email: "plain@agency.gov.example" });
    const attempts = await Promise.all([
      signIn(api, EMAIL, "wrong password here"),
      signIn(api, "nobody@agency.gov.example", PASSWORD),
      signIn(api, "gone@agency.gov.example", PASSWORD),
      signIn(api, "roleless@agency.gov.example", PASSWORD),
      signIn(api, "plain@agency.gov.example", PASSWORD),
      signIn(api, `${"x".repeat(300)}@agency.gov.example`, PASSWORD),
    ]);
    const messages = new Set<string>();
    for (const attempt of attempts) {
      expect(attempt.payload).toMatchObject({
        viewer: null,
        expiresAt: null,
        errors: [{ code: "INVALID_CREDENTIALS" }],
      });
      expect(attempt.cookie).toBeUndefined();
      messages.add(attempt.payload.errors[0].message);
    }
    expect(messages.size).toBe(1);
    expect(await db.em().execute("select id from session")).toEqual([]);
  });

  it("locks the account after five failures, even for the right password, and records the lock", async () => {
    const user = await consoleUser(db, EMAIL, Role.VIEWER, PASSWORD);
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await signIn(api, EMAIL, `wrong password ${i}`)).payload.errors[0].code);
    expect(codes).toEqual([
      "INVALID_CREDENTIALS",
      "INVALID_CREDENTIALS",
      "INVALID_CREDENTIALS",
      "INVALID_CREDENTIALS",
      "ACCOUNT_LOCKED",
    ]);
    const right = await signIn(api, EMAIL, PASSWORD);
    expect(right.payload.errors).toEqual([expect.objectContaining({ code: "ACCOUNT_LOCKED" })]);
    expect(right.payload.errors[0].message).toBe("Too many failed sign-ins; try again in 1 minute.");
    expect(right.cookie).toBeUndefined();
    expect(await auditRows(db)).toEqual([
      expect.objectContaining({
        action: "auth.account_locked",
        subjectType: "User",
        subjectId: user.id,
        after: { failedSignIns: 5, lockedUntil: expect.any(String) },
      }),
    ]);

    // Once the lock has passed, the right password works and the count starts again.
    await db.em().execute("update holder set locked_until = now() - interval '1 second' where id = ?", [user.id]);
    expect((await signIn(api, EMAIL, PASSWORD)).payload.errors).toEqual([]);
    const [row] = await db.em().execute("select failed_sign_ins, locked_until from holder where id = ?", [user.id]);
    expect(row).toEqual({ failed_sign_ins: 0, locked_until: null });
  });

  it("a successful sign-in resets the failure count", async () => {
    await consoleUser(db, EMAIL, Role.VIEWER, PASSWORD);
    for (let i = 0; i < 4; i++) await signIn(api, EMAIL, "nope nope nope");
    expect((await signIn(api, EMAIL, PASSWORD)).payload.errors).toEqual([]);
    for (let i = 0; i < 4; i++) {
      expect((await signIn(api, EMAIL, "nope nope nope")).payload.errors[0].code).toBe("INVALID_CREDENTIALS");
    }
  });
});

describe("sessions", () => {
  it("signing out ends the session: the cookie is cleared and no longer authenticates", async () => {
    const user = await consoleUser(db, EMAIL, Role.VIEWER, PASSWORD);
    const { token } = await signIn(api, EMAIL, PASSWORD);
    const session = withSession(api, token as string);
    const out = await session(graphql(`mutation SignOut { signOut { signedOut } }`));
    expect(out.data).toEqual({ signOut: { signedOut: true } });
    expect(String(out.headers["set-cookie"])).toMatch(/^kh_session=;/);
    expect(await sessionRows(user.id)).toEqual([expect.objectContaining({ end_reason: "SIGNED_OUT" })]);

    const me = await session(ME);
    expect(me.status).toBe(200);
    expect(me.data).toBeNull();
    expect(me.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await auditRows(db)).map((e) => e.action)).toEqual(["auth.signed_in", "auth.signed_out"]);
  });

  it("a session idle for longer than the idle limit stops working; activity within it keeps it alive", async () => {
    const user = await consoleUser(db, EMAIL, Role.VIEWER, PASSWORD);
    const { token } = await signIn(api, EMAIL, PASSWORD);
    const session = withSession(api, token as string);

    await db
      .em()
      .execute("update session set last_seen_at = now() - interval '20 minutes' where user_id = ?", [user.id]);
    expect((await session(ME)).data?.me?.role).toBe("VIEWER");
    const [seen] = await db.em().execute("select last_seen_at > now() - interval '1 minute' as fresh from session");
    expect(seen).toEqual({ fresh: true });

    await db
      .em()
      .execute("update session set last_seen_at = now() - interval '31 minutes' where user_id = ?", [user.id]);
    const idle = await session(ME);
    expect(idle.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("a session past its absolute expiry stops working however active it is", async () => {
    const user = await consoleUser(db, EMAIL, Role.VIEWER, PASSWORD);
    const { token } = await signIn(api, EMAIL, PASSWORD);
    const session = withSession(api, token as string);
    expect((await session(ME)).data?.me?.role).toBe("VIEWER");
    await db.em().execute("update session set expires_at = now() - interval '1 second' where user_id = ?", [user.id]);
    const expired = await session(ME);
    expect(expired.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("an unknown cookie is treated as anonymous and cleared, not answered with 401", async () => {
    const res = await withSession(api, "not-a-session")(ME);
    expect(res.status).toBe(200);
    expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(String(res.headers["set-cookie"])).toMatch(/^kh_session=;/);
  });
});

describe("sign-in rate limit", () => {
  it("refuses an address's attempts beyond the limit per minute with 429 RATE_LIMITED and Retry-After", async () => {
    await consoleUser(db, EMAIL, Role.VIEWER, PASSWORD);
    const limited = await createTestApi(db, { signInRateLimit: 3 });
    try {
      for (let i = 0; i < 3; i++) {
        const attempt = await signIn(limited, `guess${i}@agency.gov.example`, PASSWORD);
        expect(attempt.response.statusCode).toBe(200);
        expect(attempt.payload.errors[0].code).toBe("INVALID_CREDENTIALS");
      }
      // Even the right password: the address has used up its attempts.
      const refused = await signIn(limited, EMAIL, PASSWORD);
      expect(refused.response.statusCode).toBe(429);
      expect(Number(refused.response.headers["retry-after"])).toBeGreaterThanOrEqual(1);
      expect(Number(refused.response.headers["retry-after"])).toBeLessThanOrEqual(60);
      expect(refused.payload).toMatchObject({ viewer: null, errors: [{ code: "RATE_LIMITED" }] });
      expect(refused.cookie).toBeUndefined();
      expect(await db.em().execute("select id from session")).toEqual([]);
      // Refused before the account is looked at: the failure count did not move.
      const [row] = await db.em().execute("select failed_sign_ins from holder where email = ?", [EMAIL]);
      expect(row).toEqual({ failed_sign_ins: 0 });
      // Other requests from that address, and sign-ins from others, go on.
      expect((await limited.gql(ME)).status).toBe(200);
      const other = await limited.app.inject({
        method: "POST",
        url: "/graphql",
        remoteAddress: "10.1.2.3",
        headers: { "content-type": "application/json" },
        payload: JSON.stringify({ query: print(SIGN_IN), variables: { input: { email: EMAIL, password: PASSWORD } } }),
      });
      expect(other.statusCode).toBe(200);
      expect(other.json().data.signIn.errors).toEqual([]);
    } finally {
      await limited.close();
    }
  });
});

describe("sign-in rate limit behind a proxy", () => {
  const attempt = (target: TestApi, forwardedFor: string) =>
    target.app.inject({
      method: "POST",
      url: "/graphql",
      remoteAddress: "192.0.2.10",
      headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor },
      payload: JSON.stringify({
        query: print(SIGN_IN),
        variables: { input: { email: EMAIL, password: "wrong password" } },
      }),
    });

  it("counts the address the proxy saw, not one the client wrote into X-Forwarded-For", async () => {
    for (const trustProxy of [false, true]) {
      const limited = await createTestApi(db, { signInRateLimit: 2, trustProxy });
      try {
        // The client writes a new address each time; its own proxy appends the real one.
        const statuses = [];
        for (let i = 0; i < 4; i++) statuses.push((await attempt(limited, `10.9.0.${i}, 203.0.113.7`)).statusCode);
        expect({ trustProxy, statuses }).toEqual({ trustProxy, statuses: [200, 200, 429, 429] });
        // Behind a proxy, another client (as the proxy reports it) has its own count.
        const other = await attempt(limited, "203.0.113.8");
        expect({ trustProxy, status: other.statusCode }).toEqual({ trustProxy, status: trustProxy ? 200 : 429 });
      } finally {
        await limited.close();
      }
    }
  });
});
