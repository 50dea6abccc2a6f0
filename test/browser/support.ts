import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject } from "vitest";
import {
  freePort,
  graphql,
  repoRoot,
  runCli,
  type Started,
  scratchDatabase,
  startProcess,
  waitFor,
} from "../e2e/support.js";

export const artifacts = join(repoRoot, "test/artifacts");

/** Debian's Chromium (never a downloaded one), headless, as STACK.md says works on these machines. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export type Account = "admin" | "operator" | "viewer";
const PASSWORD = "a long enough test password";
const ACCOUNTS: Record<Account, { email: string; role: string }> = {
  admin: { email: "console-admin@example.org", role: "ADMIN" },
  operator: { email: "console-operator@example.org", role: "OPERATOR" },
  viewer: { email: "console-viewer@example.org", role: "VIEWER" },
};

/** A real Keyholder (built server + built console) on a scratch database with the demo data, and a Chromium. */
export interface ConsoleUnderTest {
  base: string;
  browser: Browser;
  databaseUrl: string;
  server: Started;
  /** A fresh browser context signed in as `account`, on the overview (1400×900, light, unless told). */
  signedIn(account: Account, options?: ViewOptions): Promise<{ context: BrowserContext; page: Page }>;
  stop(): Promise<void>;
}

/** The window and colour scheme a context sees. */
export interface ViewOptions {
  viewport?: { width: number; height: number };
  colorScheme?: "light" | "dark";
}

/** A phone (390×844) and a laptop (1280×800), the widths the console is checked at. */
export const PHONE = { width: 390, height: 844 };
export const LAPTOP = { width: 1280, height: 800 };

export async function startConsole(pgAdminUrl: string): Promise<ConsoleUnderTest> {
  const db = await scratchDatabase(pgAdminUrl);
  const env = { DATABASE_URL: db.url };
  const must = async (args: string[], stdin?: string) => {
    const run = await runCli(args, env, stdin);
    if (run.code !== 0) throw new Error(`keyholder ${args.join(" ")} exited ${run.code}:\n${run.output}`);
  };
  await must(["db:seed"]);
  for (const { email, role } of Object.values(ACCOUNTS)) {
    await must(["admin:create", "--email", email, "--role", role], `${PASSWORD}\n`);
  }
  const port = await freePort();
  // Every view of every screen signs in afresh from 127.0.0.1, many times a minute: the per-address
  // sign-in limit (tested on its own in the server's tests) would refuse them.
  const server = startProcess("main.js", [], {
    ...env,
    HOST: "127.0.0.1",
    PORT: String(port),
    LOG_LEVEL: "warn",
    SIGN_IN_RATE_LIMIT: "0",
  });
  await waitFor(
    () => server.output().includes("Press Ctrl-C to stop."),
    90_000,
    () => `Keyholder did not start:\n${server.output()}`,
  );
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return {
    base,
    browser,
    databaseUrl: db.url,
    server,
    async signedIn(account, options = {}) {
      const context = await browser.newContext({
        viewport: options.viewport ?? { width: 1400, height: 900 },
        colorScheme: options.colorScheme ?? "light",
        baseURL: base,
      });
      await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
      const page = await context.newPage();
      failOnPageErrors(page);
      await page.goto("/");
      await signIn(page, ACCOUNTS[account].email, PASSWORD);
      // On a phone the header's account is hidden (it is in the ☰ menu), but still in the page.
      await expect.poll(() => page.getByTestId("account-role").textContent()).toBe(ACCOUNTS[account].role);
      return { context, page };
    },
    async stop() {
      await browser.close().catch(() => {});
      if (server.child.exitCode === null) {
        server.child.kill("SIGTERM");
        await server.exited;
      }
      await db.drop();
    },
  };
}

/**
 * The console under test for the tests of one describe block: started before them, stopped after.
 * Its fields are filled in once the block's tests run.
 */
export function useConsole(): ConsoleUnderTest {
  const kh = {} as ConsoleUnderTest;
  beforeAll(async () => {
    Object.assign(kh, await startConsole(inject("pgAdminUrl")));
  });
  afterAll(async () => {
    await kh.stop?.();
  });
  return kh;
}

/** The GraphQL API as the browser context's signed-in account; a response with errors fails the test. */
export function apiAs(base: string, context: BrowserContext) {
  return async (query: string, variables: Record<string, unknown> = {}) => {
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const res = await graphql(base, query, variables, { cookie });
    expect(res.body.errors).toBeUndefined();
    return res.body.data;
  };
}

export const accountEmail = (account: Account) => ACCOUNTS[account].email;
export const accountPassword = PASSWORD;

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByRole("textbox", { name: "Email" }).fill(email);
  await page.getByRole("textbox", { name: "Password" }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/**
 * An uncaught error in the page, or anything the Content Security Policy blocked, fails the
 * test that caused it instead of passing unseen.
 */
export function failOnPageErrors(page: Page): void {
  page.on("pageerror", (error) => {
    throw new Error(`uncaught error in the page: ${error.message}`);
  });
  page.on("console", (message) => {
    if (message.type() === "error" && message.text().includes("Content Security Policy")) {
      throw new Error(`blocked by the CSP: ${message.text()}`);
    }
  });
}

/** Saves a screenshot of the page as a test artifact (test/artifacts/screenshots/<name>.png). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(artifacts, "screenshots");
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/**
 * Runs axe-core on the page; serious and critical WCAG 2.1 A/AA violations fail the test, listed.
 * `everyImpact` fails on a violation of any impact, best practices (landmarks, regions) included.
 */
export async function expectAccessible(page: Page, screen: string, options: { everyImpact?: boolean } = {}) {
  const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
  // A dialog fading in has its text blended with the page behind: measured mid-transition (as a
  // loaded machine may catch it), its contrast fails. Check what stays on screen, once every finite
  // animation (not a spinner) has ended.
  await page.waitForFunction(
    () =>
      document
        .getAnimations()
        .every((a) => a.playState !== "running" || a.effect?.getComputedTiming().endTime === Number.POSITIVE_INFINITY),
    undefined,
    {
      timeout: 10_000,
    },
  );
  const result = await new AxeBuilder({ page })
    .withTags(options.everyImpact ? [...tags, "best-practice"] : tags)
    .analyze();
  const bad = result.violations
    .filter((v) => options.everyImpact || v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  // Soft: one run lists the violations of every screen it checks, not just the first.
  expect.soft(bad, `accessibility violations on ${screen}`).toEqual([]);
}

/** Appends a measured figure to test/artifacts/console-measurements.json and prints it. */
export async function recordMeasurement(name: string, value: unknown): Promise<void> {
  await mkdir(artifacts, { recursive: true });
  const file = join(artifacts, "console-measurements.json");
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(await (await import("node:fs/promises")).readFile(file, "utf8"));
  } catch {}
  all[name] = value;
  await writeFile(file, `${JSON.stringify(all, null, 2)}\n`);
  console.log(`[measure] ${name}: ${JSON.stringify(value)}`);
}
