import { resolve } from "node:path";
import { freePort } from "../e2e/support.ts";
import { type Child, runToCompletion, spawnChild, waitUntilReady } from "./children.ts";
import { repoRoot, serverDir } from "./paths.ts";

/** A server the bench talks to over HTTP. */
export interface RunningServer {
  child: Child;
  /** The GraphQL endpoint. */
  url: string;
  /** Scheme, host and port, for other routes. */
  base: string;
}

/** Builds server/dist with the server's own build script (tsc), as a release would. */
export async function buildServer(): Promise<void> {
  await runToCompletion("server build", "pnpm", ["--filter", "@keyholder/server", "build"], { cwd: repoRoot });
}

/** Applies the server's migrations to `databaseUrl` through its CLI. */
export async function migrateDatabase(databaseUrl: string): Promise<void> {
  await runToCompletion("db:migrate", process.execPath, [resolve(serverDir, "dist/cli.js"), "db:migrate"], {
    cwd: serverDir,
    env: { DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" },
  });
}

/**
 * Starts `node server/dist/main.js` on a free port, configured as in production. Settings that
 * change the work done per request are pinned so the caller's environment cannot skew the run.
 * Extra node flags (e.g. --cpu-prof) go before the script; `distDir` picks another build of the
 * server (e.g. an earlier commit's, to compare in one run).
 */
export async function startKeyholder(
  databaseUrl: string,
  nodeFlags: string[] = [],
  distDir = resolve(serverDir, "dist"),
): Promise<RunningServer> {
  const port = await freePort();
  const child = spawnChild("keyholder", process.execPath, [...nodeFlags, resolve(distDir, "main.js")], {
    cwd: serverDir,
    env: {
      DATABASE_URL: databaseUrl,
      HOST: "127.0.0.1",
      PORT: String(port),
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      DB_POOL_MAX: "10",
      KEYHOLDER_SEED_DEMO: "false",
      // The limiters' work is measured; their quotas must not throttle the load.
      API_RATE_LIMIT: "1000000000",
      VERIFY_RATE_LIMIT: "1000000000",
    },
  });
  const base = `http://127.0.0.1:${port}`;
  await waitUntilReady(child, `${base}/readyz`);
  return { child, url: `${base}/graphql`, base };
}

/**
 * Runs a baseline server script of this directory (`node <script>`, TypeScript by type stripping)
 * on a free port, with DATABASE_URL, HOST, PORT and `env`, and waits for its /readyz.
 */
export async function startBaselineScript(
  name: string,
  script: string,
  databaseUrl: string,
  env: NodeJS.ProcessEnv = {},
): Promise<RunningServer> {
  const port = await freePort();
  const child = spawnChild(name, process.execPath, [resolve(import.meta.dirname, script)], {
    env: { ...env, DATABASE_URL: databaseUrl, HOST: "127.0.0.1", PORT: String(port) },
  });
  const base = `http://127.0.0.1:${port}`;
  await waitUntilReady(child, `${base}/readyz`);
  return { child, url: `${base}/graphql`, base };
}

/** Starts the bare `node:http` + `pg` baseline server of test/bench/baseline-server.ts. */
export function startBaseline(databaseUrl: string): Promise<RunningServer> {
  return startBaselineScript("baseline", "baseline-server.ts", databaseUrl);
}
