import { execFileSync } from "node:child_process";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { repoRoot, tempDir } from "./support.js";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

/**
 * Builds the server and the console once (the tests run the real `node server/dist/main.js` and
 * `cli.js`, which serves `console/dist` to the browser tests) and
 * picks the PostgreSQL to create scratch databases on: TEST_DATABASE_URL, else 127.0.0.1:5432.
 */
export default async function setup(project: TestProject) {
  // KEYHOLDER_E2E_PREBUILT=1 skips the build: the root's `pnpm test` sets it, its typecheck step
  // having just run `pnpm -r build` (a second console build costs some 30 CPU seconds); set it by
  // hand when iterating on the tests against existing builds.
  if (process.env.KEYHOLDER_E2E_PREBUILT !== "1") {
    execFileSync("pnpm", ["--filter", "@keyholder/server", "--filter", "@keyholder/console", "build"], {
      cwd: repoRoot,
      stdio: "inherit",
      // vitest sets NODE_ENV=test, which would make Vite build React's development bundle.
      env: { ...process.env, NODE_ENV: "production" },
    });
  }
  const configured = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  if (await reachable(configured)) {
    project.provide("pgAdminUrl", configured);
    return;
  }
  // No PostgreSQL here: run an embedded one for the scratch databases, as the server tests do.
  const { startEmbeddedPostgres } = await import("@keyholder/server/db/embedded");
  const { createLogger } = await import("@keyholder/server/logger");
  const embedded = await startEmbeddedPostgres(
    await tempDir("keyholder-e2e-pg-"),
    createLogger("warn", process.stderr),
  );
  project.provide("pgAdminUrl", embedded.url);
  return () => embedded.stop();
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}
