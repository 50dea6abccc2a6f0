import { execFileSync } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from "vitest";
import { freePort, graphql, type Started, scratchDatabase, startProcess, tempDir, waitFor } from "./support.js";

const STARTUP_MS = 90_000;

async function start(env: Record<string, string>): Promise<{ started: Started; base: string }> {
  const port = await freePort();
  // As `pnpm start` runs it: vitest's NODE_ENV=test would change what Apollo Server does on signals.
  const started = startProcess("main.js", [], {
    HOST: "127.0.0.1",
    PORT: String(port),
    NODE_ENV: "development",
    ...env,
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(
    () => started.output().includes("Press Ctrl-C to stop."),
    STARTUP_MS,
    () => `Keyholder did not start:\n${started.output()}`,
  );
  return { started, base };
}

function postgresRunningIn(dir: string): boolean {
  try {
    return execFileSync("pgrep", ["-f", `postgres.* ${dir}`], { encoding: "utf8" }).trim().length > 0;
  } catch {
    return false;
  }
}

describe("pnpm start on an embedded PostgreSQL", () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await tempDir("keyholder-e2e-data-");
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("creates the database, seeds the demo, prints a working sign-in, and stops cleanly on SIGINT", async () => {
    const { started, base } = await start({ DATABASE_URL: "", KEYHOLDER_DATA_DIR: dataDir });
    onTestFinished(() => void started.child.kill("SIGKILL"));
    const match = /Demo sign-in: (\S+) \/ (\S+)/.exec(started.output());
    expect(match).not.toBeNull();
    const [, email, password] = match as RegExpExecArray;

    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    // The console is served at / on the same port.
    const consolePage = await fetch(`${base}/`, { headers: { accept: "text/html" } });
    expect(consolePage.status).toBe(200);
    expect(await consolePage.text()).toContain('<div id="root">');
    const signIn = await graphql(
      base,
      "mutation($i: SignInInput!) { signIn(input: $i) { viewer { role } errors { code } } }",
      { i: { email, password } },
    );
    expect(signIn.body.data.signIn).toEqual({ viewer: { role: "ADMIN" }, errors: [] });
    const cookie = String(signIn.headers.get("set-cookie")).split(";")[0] as string;
    const keys = await graphql(
      base,
      "{ apiKeys { totalCount } services { totalCount } users { totalCount } }",
      {},
      { cookie },
    );
    expect(keys.body.data.apiKeys.totalCount).toBeGreaterThanOrEqual(100);
    expect(keys.body.data.services.totalCount).toBeGreaterThanOrEqual(20);
    expect(keys.body.data.users.totalCount).toBeGreaterThanOrEqual(40);
    expect(postgresRunningIn(`${dataDir}/pg`)).toBe(true);

    started.child.kill("SIGINT");
    expect(await started.exited).toBe(0);
    expect(started.output()).toContain('"msg":"stopped"');
    expect(postgresRunningIn(`${dataDir}/pg`)).toBe(false);
  });

  it("keeps the data across restarts (no second seeding, the same sign-in) and stops cleanly on a terminal's Ctrl-C", async () => {
    const { started, base } = await start({ DATABASE_URL: "", KEYHOLDER_DATA_DIR: dataDir });
    onTestFinished(() => void started.child.kill("SIGKILL"));
    expect(started.output()).not.toContain("seeded the demo organisation");
    expect(started.output()).not.toContain("creating the embedded PostgreSQL cluster");
    const [, email, password] = /Demo sign-in: (\S+) \/ (\S+)/.exec(started.output()) as RegExpExecArray;
    const signIn = await graphql(base, "mutation($i: SignInInput!) { signIn(input: $i) { errors { code } } }", {
      i: { email, password },
    });
    expect(signIn.body.data.signIn.errors).toEqual([]);
    // Ctrl-C in a terminal reaches PostgreSQL too (same process group); here it is done first.
    const postmaster = Number.parseInt(await readFile(join(dataDir, "pg", "postmaster.pid"), "utf8"), 10);
    process.kill(postmaster, "SIGINT");
    await waitFor(
      () => !postgresRunningIn(`${dataDir}/pg`),
      10_000,
      () => "PostgreSQL did not stop",
    );
    started.child.kill("SIGINT");
    expect(await started.exited).toBe(0);
    expect(started.output()).toContain('"msg":"stopped"');
    expect(postgresRunningIn(`${dataDir}/pg`)).toBe(false);
  });
});

describe("pnpm start with DATABASE_URL", () => {
  it("migrates that database, seeds nothing and prints no demo sign-in", async () => {
    const db = await scratchDatabase(inject("pgAdminUrl"));
    try {
      const { started, base } = await start({ DATABASE_URL: db.url });
      expect(started.output()).not.toContain("Demo sign-in");
      expect(started.output()).toContain("applied migrations");
      const anonymous = await graphql(base, "{ services { totalCount } }");
      expect(anonymous.body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
      started.child.kill("SIGTERM");
      expect(await started.exited).toBe(0);
    } finally {
      await db.drop();
    }
  });

  it("refuses to start with an invalid setting, naming it", async () => {
    const started = startProcess("main.js", [], { PORT: "not-a-port", DATABASE_URL: "mysql://nope" });
    expect(await started.exited).toBe(1);
    expect(started.output()).toContain("PORT");
    expect(started.output()).toContain("DATABASE_URL");
  });
});
