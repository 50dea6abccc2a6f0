import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHttpServer } from "../../http/server.js";
import { createLogger } from "../../logger.js";
import { createRequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { auditRows } from "../../test-support/audit.js";
import { createTestDatabase, type TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { HttpBrowser } from "../../test-support/http-browser.js";
import {
  IDP_PEOPLE,
  type IdpAccount,
  startIdentityProvider,
  type TestIdentityProvider,
} from "../../test-support/identity-provider.js";
import { capturingLogger } from "../../test-support/log.js";
import { User } from "../holder/user/user.entity.js";
import { UserStatus } from "../holder/user/user-status.js";
import { OIDC_CALLBACK_PATH, parseRoleMap } from "./oidc.settings.js";
import { signInWithIdentity } from "./oidc-sign-in.service.js";
import { PENDING_COOKIE } from "./pending-cookie.js";

const { admin: ADA, viewer: VIC, outsider: NOBODY } = IDP_PEOPLE;

let db: TestDatabase;
let idp: TestIdentityProvider;
let app: FastifyInstance;
let base: string;
const { logger, lines: logLines } = capturingLogger();

beforeAll(async () => {
  db = await createTestDatabase();
  // Keyholder's address is needed before the provider starts (it is the client's redirect URI).
  const { createServer } = await import("node:net");
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  base = `http://127.0.0.1:${port}`;
  const redirectUri = `${base}${OIDC_CALLBACK_PATH}`;
  idp = await startIdentityProvider({ redirectUri });
  app = await createHttpServer({
    orm: db.orm,
    logger,
    production: false,
    databaseUrl: db.url,
    authSettings: {
      sessionIdleMs: 30 * 60_000,
      sessionMaxMs: 12 * 3_600_000,
      passwordSignIn: false,
      identityProvider: { name: "Agency SSO" },
    },
    oidc: {
      issuer: new URL(idp.issuer),
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      redirectUri,
      providerName: "Agency SSO",
      scopes: "openid email profile groups",
      roleClaim: "groups",
      roleMap: parseRoleMap("keyholder-admins=ADMIN,keyholder-operators=OPERATOR,keyholder-viewers=VIEWER"),
      allowHttp: true,
    },
  });
  await app.listen({ port, host: "127.0.0.1" });
});

afterAll(async () => {
  await app?.close();
  await idp?.close();
  await db?.drop();
});

beforeEach(async () => {
  await db.reset();
  idp.accounts.clear();
  for (const account of [ADA, VIC, NOBODY]) idp.accounts.set(account.email, { ...account });
});

/** From Keyholder's sign-in link to the provider's login form. */
async function toLoginForm(browser: HttpBrowser, returnTo = "/keys") {
  const atForm = await browser.follow(`${base}/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`);
  expect(atForm.url.startsWith(idp.issuer)).toBe(true);
  expect(atForm.response.status).toBe(200);
  const html = await atForm.response.text();
  const action = (kind: string) =>
    new URL(new RegExp(`action="([^"]+/${kind})"`).exec(html)?.[1] ?? "", atForm.url).href;
  return { login: action("login"), abort: action("abort") };
}

/** Back on Keyholder, outside the sign-in routes: where the callback sent the browser. */
const backOnKeyholder = (target: URL) => target.origin === base && !target.pathname.startsWith("/auth/oidc/");

async function signInThroughProvider(
  browser: HttpBrowser,
  account: { email: string; password: string },
  returnTo?: string,
) {
  const form = await toLoginForm(browser, returnTo);
  return browser.follow(form.login, { form: { login: account.email, password: account.password } }, backOnKeyholder);
}

// biome-ignore lint/suspicious/noExplicitAny: the answer's shape is asserted by each test.
type Answer = { data?: any; errors?: { extensions: { code: string } }[] };

/** POSTs GraphQL to the running Keyholder, with the browser's session cookie when given one. */
async function graphql(query: string, browser?: HttpBrowser): Promise<Answer> {
  const session = browser?.cookies(base).get("kh_session");
  const response = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(session ? { cookie: `kh_session=${session}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as Answer;
}

const me = (browser: HttpBrowser) => graphql("{ me { role credentialKind user { email name } } }", browser);

const userByEmail = (email: string) => db.em().findOne(User, { email });

describe("sign-in through the organisation's identity provider", () => {
  it("creates the account with the role its groups map to, opens a session, and returns to the deep link", async () => {
    const browser = new HttpBrowser();
    const done = await signInThroughProvider(browser, ADA, "/keys?status=ACTIVE");
    expect(done.url).toBe(`${base}/keys?status=ACTIVE`);
    // The pending sign-in is spent; the session cookie is set.
    expect(browser.cookies(base).has(PENDING_COOKIE)).toBe(false);
    expect(browser.cookies(base).get("kh_session")).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    // Nothing secret travelled in a URL on the way.
    expect(done.hops.join(" ")).not.toContain(idp.clientSecret);

    expect((await me(browser)).data?.me).toEqual({
      role: "ADMIN",
      credentialKind: "SESSION",
      user: { email: ADA.email, name: ADA.name },
    });
    const user = await userByEmail(ADA.email);
    expect(user).toMatchObject({ consoleRole: Role.ADMIN, status: UserStatus.ACTIVE, name: ADA.name });
    expect((await auditRows(db)).map((r) => [r.action, r.subjectId, r.actorLabel, r.after?.method ?? null])).toEqual([
      ["user.created", user?.id, ADA.email, null],
      ["auth.signed_in", user?.id, ADA.email, "OIDC"],
    ]);
  });

  it("takes the role from the provider's groups at every sign-in, lowering it too", async () => {
    const f = factories(db.em());
    const existing = await f.user({ email: VIC.email, name: "Old Name" });
    await db.em().nativeUpdate(User, { id: existing.id }, { consoleRole: Role.ADMIN });

    const browser = new HttpBrowser();
    await signInThroughProvider(browser, VIC);
    expect((await me(browser)).data?.me).toMatchObject({ role: "VIEWER", user: { name: VIC.name } });
    const rows = await auditRows(db);
    expect(rows.find((r) => r.action === "user.console_access_changed")).toMatchObject({
      subjectId: existing.id,
      before: expect.objectContaining({ consoleRole: "ADMIN", name: "Old Name" }),
      after: expect.objectContaining({ consoleRole: "VIEWER", name: VIC.name }),
    });

    // Moved to the operators' group at the provider: the next sign-in says so.
    const vic = idp.accounts.get(VIC.email) as IdpAccount;
    vic.groups = ["keyholder-operators"];
    const again = new HttpBrowser();
    await signInThroughProvider(again, VIC);
    expect((await me(again)).data?.me.role).toBe("OPERATOR");
  });

  it("gives no session to someone in none of the mapped groups, and records the refusal", async () => {
    const browser = new HttpBrowser();
    const done = await signInThroughProvider(browser, NOBODY);
    expect(done.url).toBe(`${base}/?sign_in_error=NO_CONSOLE_ROLE`);
    expect(browser.cookies(base).has("kh_session")).toBe(false);
    expect((await me(browser)).errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
    expect(await userByEmail(NOBODY.email)).toBeNull();
    const [refusal, ...others] = await auditRows(db);
    expect(others).toEqual([]);
    expect(refusal).toMatchObject({
      action: "auth.sign_in_refused",
      subjectType: "Identity",
      after: { method: "OIDC", code: "NO_CONSOLE_ROLE", email: NOBODY.email, groups: ["staff"] },
    });
  });

  it("takes console access away from someone the provider has removed from every mapped group", async () => {
    const first = new HttpBrowser();
    await signInThroughProvider(first, ADA);
    expect((await me(first)).data?.me.role).toBe("ADMIN");
    const ada = (await userByEmail(ADA.email)) as User;
    await db.em().nativeUpdate(User, { id: ada.id }, { passwordHash: "$argon2id$v=19$m=1,t=1,p=1$c2FsdA$aGFzaA" });

    // Removed from the admins' group (and from every other mapped one) at the provider.
    (idp.accounts.get(ADA.email) as IdpAccount).groups = ["staff"];
    const again = new HttpBrowser();
    expect((await signInThroughProvider(again, ADA)).url).toBe(`${base}/?sign_in_error=NO_CONSOLE_ROLE`);
    expect(again.cookies(base).has("kh_session")).toBe(false);
    // Demoting would have lowered the role at once; removal must not leave more: no role, no password,
    // and the session already open no longer works.
    const [row] = await db
      .em()
      .execute<{ role: string | null; hash: string | null }[]>(
        "select console_role as role, password_hash as hash from holder where id = ?",
        [ada.id],
      );
    expect(row).toEqual({ role: null, hash: null });
    expect((await me(first)).errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
    const rows = await auditRows(db);
    expect(rows.find((r) => r.action === "user.console_access_changed")).toMatchObject({
      subjectId: ada.id,
      before: expect.objectContaining({ consoleRole: "ADMIN" }),
      after: expect.objectContaining({ consoleRole: null }),
    });
    expect(rows.at(-1)).toMatchObject({ action: "auth.sign_in_refused", after: { code: "NO_CONSOLE_ROLE" } });
  });

  it("refuses another of the provider's subjects asserting the email of an account already signed in to", async () => {
    const first = new HttpBrowser();
    await signInThroughProvider(first, ADA);
    const ada = (await userByEmail(ADA.email)) as User;
    // Someone else at the provider (a guest who typed Ada's address, or a new person given it).
    const impostor = { ...ADA, name: "Mallory", password: "not ada at all", subject: "guest-mallory" };
    idp.accounts.set("mallory@guest.example", impostor);
    const browser = new HttpBrowser();
    const done = await signInThroughProvider(browser, { email: "mallory@guest.example", password: impostor.password });
    expect(done.url).toBe(`${base}/?sign_in_error=EMAIL_TAKEN`);
    expect(browser.cookies(base).has("kh_session")).toBe(false);
    expect(await userByEmail(ADA.email)).toMatchObject({ id: ada.id, name: ADA.name, consoleRole: Role.ADMIN });
    // Nor can someone else's groups take the account's access away.
    impostor.groups = ["staff"];
    expect(
      (await signInThroughProvider(new HttpBrowser(), { email: "mallory@guest.example", password: impostor.password }))
        .url,
    ).toBe(`${base}/?sign_in_error=EMAIL_TAKEN`);
    expect((await me(first)).data?.me.role).toBe("ADMIN");
    expect((await auditRows(db)).filter((r) => r.action === "auth.sign_in_refused")).toMatchObject([
      { subjectId: ada.id, after: { code: "EMAIL_TAKEN" } },
      { subjectId: ada.id, after: { code: "EMAIL_TAKEN" } },
    ]);
    // Ada herself still signs in.
    expect((await signInThroughProvider(new HttpBrowser(), ADA)).url).toBe(`${base}/keys`);
  });

  it("follows a subject whose address changed at the provider to the account of its new address", async () => {
    const renamed: IdpAccount = { ...VIC, subject: "vic-at-the-provider" };
    idp.accounts.set(VIC.email, renamed);
    await signInThroughProvider(new HttpBrowser(), VIC);
    renamed.email = "victoria@agency.gov.example";
    const browser = new HttpBrowser();
    expect((await signInThroughProvider(browser, VIC)).url).toBe(`${base}/keys`);
    expect((await me(browser)).data?.me.user.email).toBe(renamed.email);
    const links = await db
      .em()
      .execute<{ email: string }[]>(
        "select h.email from oidc_identity i join holder h on h.id = i.user_id where i.subject = ?",
        [renamed.subject],
      );
    expect(links).toEqual([{ email: renamed.email }]);
  });

  it("leaves the account as it was when the provider sends no role claim at all", async () => {
    const first = new HttpBrowser();
    await signInThroughProvider(first, ADA);
    // Not "in no group" but "did not say" (a misconfigured claim, Entra's group overage).
    (idp.accounts.get(ADA.email) as unknown as { groups?: string[] }).groups = undefined;
    expect((await signInThroughProvider(new HttpBrowser(), ADA)).url).toBe(`${base}/?sign_in_error=NO_CONSOLE_ROLE`);
    expect((await userByEmail(ADA.email))?.consoleRole).toBe(Role.ADMIN);
    expect((await me(first)).data?.me.role).toBe("ADMIN");
  });

  it("refuses a departed user and an address the provider has not verified", async () => {
    const f = factories(db.em());
    const gone = await f.user({ email: ADA.email, status: UserStatus.DEPARTED });
    const browser = new HttpBrowser();
    expect((await signInThroughProvider(browser, ADA)).url).toBe(`${base}/?sign_in_error=USER_DEPARTED`);
    (idp.accounts.get(VIC.email) as IdpAccount).emailVerified = false;
    // A fresh browser: this one has a session at the provider as Ada.
    expect((await signInThroughProvider(new HttpBrowser(), VIC)).url).toBe(
      `${base}/?sign_in_error=IDENTITY_INCOMPLETE`,
    );
    expect(browser.cookies(base).has("kh_session")).toBe(false);
    expect((await auditRows(db)).map((r) => [r.action, r.subjectType, r.after?.code])).toEqual([
      ["auth.sign_in_refused", "User", "USER_DEPARTED"],
      ["auth.sign_in_refused", "Identity", "IDENTITY_INCOMPLETE"],
    ]);
    expect((await auditRows(db))[0]?.subjectId).toBe(gone.id);
  });

  it("lets in nobody whose account the provider no longer has, and comes back refused when they give up", async () => {
    idp.accounts.delete(ADA.email);
    const browser = new HttpBrowser();
    const form = await toLoginForm(browser);
    const refused = await browser.follow(form.login, { form: { login: ADA.email, password: ADA.password } });
    expect(refused.response.status).toBe(401);
    expect(refused.url.startsWith(idp.issuer)).toBe(true);
    const cancelled = await browser.follow(form.abort, { form: {} }, backOnKeyholder);
    expect(cancelled.url).toBe(`${base}/?sign_in_error=IDENTITY_PROVIDER_ERROR`);
    expect(browser.cookies(base).has("kh_session")).toBe(false);
    expect(await userByEmail(ADA.email)).toBeNull();
  });

  it("refuses a callback whose pending sign-in is missing, altered or already used", async () => {
    // Stop at the callback to replay it in different ways.
    const browser = new HttpBrowser();
    const form = await toLoginForm(browser);
    const atCallback = await browser.follow(
      form.login,
      { form: { login: ADA.email, password: ADA.password } },
      (target) => target.pathname === OIDC_CALLBACK_PATH,
    );
    const callback = atCallback.url;
    const pending = browser.cookies(base).get(PENDING_COOKIE) as string;
    expect(pending).toBeTruthy();

    const withoutCookie = new HttpBrowser();
    expect((await withoutCookie.follow(callback, {}, backOnKeyholder)).url).toBe(
      `${base}/?sign_in_error=IDENTITY_PROVIDER_ERROR`,
    );
    const altered = new HttpBrowser();
    const [body = "", tag] = pending.split(".");
    const json = JSON.parse(Buffer.from(body, "base64url").toString());
    const forged = Buffer.from(JSON.stringify({ ...json, returnTo: "/tokens" })).toString("base64url");
    altered.cookies(base).set(PENDING_COOKIE, `${forged}.${tag}`);
    expect((await altered.follow(callback, {}, backOnKeyholder)).url).toBe(
      `${base}/?sign_in_error=IDENTITY_PROVIDER_ERROR`,
    );

    // The genuine one works once; its code cannot be spent again.
    expect((await browser.follow(callback, {}, backOnKeyholder)).url).toBe(`${base}/keys`);
    const replay = new HttpBrowser();
    replay.cookies(base).set(PENDING_COOKIE, pending);
    expect((await replay.follow(callback, {}, backOnKeyholder)).url).toBe(
      `${base}/?sign_in_error=IDENTITY_PROVIDER_ERROR`,
    );
    expect(replay.cookies(base).has("kh_session")).toBe(false);
    // One session in all.
    const sessions = await db.em().execute<{ n: number }[]>("select count(*)::int as n from session");
    expect(sessions[0]?.n).toBe(1);
  });

  it("returns only to a path of this Keyholder", async () => {
    for (const returnTo of ["//evil.example/x", "https://evil.example/", "/\\evil.example", "/auth/oidc/login", "/€"]) {
      const browser = new HttpBrowser();
      expect((await signInThroughProvider(browser, VIC, returnTo)).url).toBe(`${base}/`);
    }
  });

  it("ends the session on sign-out", async () => {
    const browser = new HttpBrowser();
    await signInThroughProvider(browser, ADA);
    expect((await graphql("mutation { signOut { signedOut } }", browser)).data).toEqual({
      signOut: { signedOut: true },
    });
    // The cookie the browser still holds no longer opens anything.
    const kept = browser.cookies(base).get("kh_session");
    const stale = new HttpBrowser();
    stale.cookies(base).set("kh_session", kept ?? "none");
    expect((await me(stale)).errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
  });

  it("tells the console how to sign in, and refuses passwords when they are switched off", async () => {
    const f = factories(db.em());
    await f.user({ email: "pat@agency.gov.example" });
    expect((await graphql("{ signInMethods { password identityProvider { name signInPath } } }")).data).toEqual({
      signInMethods: { password: false, identityProvider: { name: "Agency SSO", signInPath: "/auth/oidc/login" } },
    });
    const refused = await graphql(
      'mutation { signIn(input: {email: "pat@agency.gov.example", password: "whatever it is"}) { viewer { role } errors { code } } }',
    );
    expect(refused.data.signIn).toEqual({ viewer: null, errors: [{ code: "PASSWORD_SIGN_IN_OFF" }] });
  });

  it("makes one account of the same person's first sign-ins at the same moment, each with its session", async () => {
    const identity = { subject: "s-1", email: "twin@agency.gov.example", name: "Twin", groups: ["keyholder-viewers"] };
    const settings = { roleMap: parseRoleMap("keyholder-viewers=VIEWER"), issuer: new URL(idp.issuer) };
    const auth = { sessionIdleMs: 60_000, sessionMaxMs: 3_600_000 };
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) =>
        signInWithIdentity(
          createRequestContext({ em: db.orm.em, requestId: `r${i}`, log: createLogger("silent") }),
          identity,
          settings,
          auth,
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(5).fill("fulfilled"));
    const users = await db.em().find(User, { email: identity.email });
    expect(users).toHaveLength(1);
    const sessions = await db
      .em()
      .execute<{ n: number }[]>("select count(*)::int as n from session where user_id = ?", [users[0]?.id]);
    expect(sessions[0]?.n).toBe(5);
    expect((await auditRows(db)).filter((r) => r.action === "user.created")).toHaveLength(1);
  });

  it("keeps the provider's secrets and codes out of the log", async () => {
    const browser = new HttpBrowser();
    const done = await signInThroughProvider(browser, ADA);
    const code = new URL(done.hops.find((h) => h.includes(OIDC_CALLBACK_PATH)) ?? "").searchParams.get("code");
    expect(code).toBeTruthy();
    const log = logLines.join("");
    expect(log).not.toContain(idp.clientSecret);
    expect(log).not.toContain(code as string);
    expect(log).not.toContain(browser.cookies(base).get("kh_session") as string);
  });
});
