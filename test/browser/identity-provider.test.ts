import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  IDP_PEOPLE,
  type IdpAccount,
  startIdentityProvider,
  type TestIdentityProvider,
} from "../../server/src/test-support/identity-provider.ts";
import { freePort, type Started, scratchDatabase, startProcess, waitFor } from "../e2e/support.ts";
import { CHROMIUM, expectAccessible, failOnPageErrors, recordMeasurement, screenshot } from "./support.ts";

const { admin: ADMIN, viewer: VIEWER, outsider: OUTSIDER } = IDP_PEOPLE;

/**
 * The built console and server, configured for a real OpenID Connect provider (oidc-provider,
 * started here with a login form of its own) and with password sign-in switched off.
 */
describe("signing in to the console through the organisation's identity provider", () => {
  let idp: TestIdentityProvider;
  let server: Started;
  let browser: Browser;
  let base: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await scratchDatabase(inject("pgAdminUrl"));
    drop = db.drop;
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    idp = await startIdentityProvider({
      redirectUri: `${base}/auth/oidc/callback`,
      accounts: [ADMIN, VIEWER, OUTSIDER],
    });
    server = startProcess("main.js", [], {
      DATABASE_URL: db.url,
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "warn",
      KEYHOLDER_PUBLIC_URL: base,
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: idp.clientId,
      OIDC_CLIENT_SECRET: idp.clientSecret,
      OIDC_PROVIDER_NAME: "Agency SSO",
      OIDC_ROLE_MAP: "keyholder-admins=ADMIN,keyholder-operators=OPERATOR,keyholder-viewers=VIEWER",
      PASSWORD_SIGN_IN: "false",
    });
    await waitFor(
      () => server.output().includes("Press Ctrl-C to stop."),
      90_000,
      () => `Keyholder did not start:\n${server.output()}`,
    );
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
    });
  });

  afterAll(async () => {
    await browser?.close().catch(() => {});
    if (server && server.child.exitCode === null) {
      server.child.kill("SIGTERM");
      await server.exited;
    }
    await idp?.close();
    await drop?.();
  });

  /** A fresh browser (no session at Keyholder or at the provider) on `path`, at the sign-in screen. */
  async function atSignIn(path: string): Promise<Page> {
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    failOnPageErrors(page);
    await page.goto(path);
    await page.getByRole("link", { name: "Sign in with Agency SSO" }).waitFor();
    return page;
  }

  /** At the provider's own login form, as a person would fill it in. */
  async function logInAtProvider(page: Page, account: IdpAccount) {
    await page.getByRole("link", { name: "Sign in with Agency SSO" }).click();
    await page.waitForURL((url) => url.href.startsWith(idp.issuer));
    await page.getByRole("textbox", { name: "Username" }).fill(account.email);
    await page.getByLabel("Secret").fill(account.password);
    await page.getByRole("button", { name: "Log in" }).click();
  }

  it("signs in at the provider's form, back on the page asked for, with the role from the groups; signs out", async () => {
    const page = await atSignIn("/keys?status=ACTIVE");
    // Password sign-in is off: the screen offers the provider only.
    expect(await page.getByRole("textbox", { name: "Email" }).count()).toBe(0);
    await screenshot(page, "sign-in-identity-provider");
    await expectAccessible(page, "the sign-in screen with an identity provider");
    await logInAtProvider(page, ADMIN);
    const submitted = Date.now();

    await page.getByRole("heading", { level: 1, name: "API keys" }).waitFor();
    // From the provider's form to the console page: code exchange, UserInfo, account, session, console load.
    await recordMeasurement("oidcSignInFromProviderFormMs", Date.now() - submitted);
    expect(new URL(page.url()).pathname).toBe("/keys");
    expect(new URL(page.url()).search).toBe("?status=ACTIVE");
    expect(await page.getByTestId("account-email").textContent()).toBe(ADMIN.email);
    expect(await page.getByTestId("account-role").textContent()).toBe("ADMIN");

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("link", { name: "Sign in with Agency SSO" }).waitFor();
    await page.reload();
    await page.getByRole("link", { name: "Sign in with Agency SSO" }).waitFor();
    await page.context().close();
  });

  it("gives a person in the viewers' group the VIEWER role", async () => {
    const page = await atSignIn("/");
    await logInAtProvider(page, VIEWER);
    await expect.poll(() => page.getByTestId("account-role").textContent()).toBe("VIEWER");
    expect(await page.getByTestId("account-email").textContent()).toBe(VIEWER.email);
    await page.context().close();
  });

  it("refuses a person in none of the mapped groups, saying why, with no session", async () => {
    const page = await atSignIn("/");
    await logInAtProvider(page, OUTSIDER);
    await expect
      .poll(() => page.getByRole("alert").textContent())
      .toContain("none of the groups that may use Keyholder");
    await screenshot(page, "sign-in-identity-provider-refused");
    await expectAccessible(page, "a refused identity-provider sign-in");
    // The refusal is not left in the address bar, and a reload shows the plain sign-in screen.
    expect(new URL(page.url()).search).toBe("");
    await page.reload();
    await page.getByRole("link", { name: "Sign in with Agency SSO" }).waitFor();
    expect(await page.getByRole("alert").count()).toBe(0);
    expect(await page.getByTestId("account-role").count()).toBe(0);
    await page.context().close();
  });
});
