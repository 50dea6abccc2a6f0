import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const serverDist = join(repoRoot, "server/dist");

/** A running Keyholder built from this repository, with a token per role and the demo data. */
export interface RunningKeyholder {
  url: string;
  adminToken: string;
  viewerToken: string;
  /** The database settings it runs on, for a second server process on the same data. */
  databaseEnv: Record<string, string>;
  stop(): Promise<void>;
}

/** Builds the server (and with it this client) the way the end-to-end tests do. */
export function buildServer(): void {
  execFileSync("pnpm", ["--filter", "@keyholder/server", "build"], { cwd: repoRoot, stdio: "inherit" });
}

/**
 * Starts `node server/dist/main.js` on a fresh database — a scratch database on TEST_DATABASE_URL
 * or 127.0.0.1:5432 when one answers, else an embedded PostgreSQL in a temporary directory — after
 * seeding the demo organisation and issuing an ADMIN and a VIEWER access token with the CLI.
 */
export async function startKeyholder(): Promise<RunningKeyholder> {
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => {});
  };
  try {
    const env = await freshDatabase(cleanups);
    await cli(["db:seed"], env);
    await cli(
      ["admin:create", "--email", "client-admin@example.org", "--role", "ADMIN"],
      env,
      "an admin password of some length\n",
    );
    await cli(
      ["admin:create", "--email", "client-viewer@example.org", "--role", "VIEWER"],
      env,
      "a viewer password of some length\n",
    );
    const adminToken = lastLine(
      await cli(["token:issue", "--email", "client-admin@example.org", "--name", "client tests"], env),
    );
    const viewerToken = lastLine(
      await cli(["token:issue", "--email", "client-viewer@example.org", "--name", "client tests"], env),
    );
    const server = await startServer(env);
    cleanups.push(server.stop);
    return { url: server.url, adminToken, viewerToken, databaseEnv: env, stop: cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** Starts `node server/dist/main.js` on a free port with these settings; resolves once it listens. */
export async function startServer(env: Record<string, string>): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const server = spawnNode("main.js", [], { ...env, HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "warn" });
  try {
    await server.waitFor("Press Ctrl-C to stop.", 90_000);
  } catch (error) {
    await stopProcess(server.child);
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, stop: () => stopProcess(server.child) };
}

async function freshDatabase(cleanups: (() => Promise<void>)[]): Promise<Record<string, string>> {
  const adminUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch {
    await admin.end().catch(() => {});
    // No PostgreSQL here: the server and CLI start an embedded one in a directory of their own.
    const dataDir = await mkdtemp(join(tmpdir(), "keyholder-client-test-"));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    return { DATABASE_URL: "", KEYHOLDER_DATA_DIR: dataDir, KEYHOLDER_SEED_DEMO: "false" };
  }
  const name = `kh_client_${process.pid}_${Date.now()}`;
  await admin.query(`create database ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { DATABASE_URL: url.toString() };
}

/** Issues an access token for an existing console account with the CLI, as an operator would. */
export async function issueToken(env: Record<string, string>, email: string, name: string): Promise<string> {
  return lastLine(await cli(["token:issue", "--email", email, "--name", name], env));
}

async function cli(args: string[], env: Record<string, string>, stdin?: string): Promise<string> {
  const run = spawnNode("cli.js", args, env, stdin);
  const code = await run.exited;
  if (code !== 0) throw new Error(`keyholder ${args.join(" ")} exited ${code}:\n${run.output()}`);
  return run.output();
}

function spawnNode(entry: string, args: string[], env: Record<string, string>, stdin?: string) {
  const child = spawn(process.execPath, [join(serverDist, entry), ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let text = "";
  child.stdout.on("data", (chunk) => {
    text += String(chunk);
  });
  child.stderr.on("data", (chunk) => {
    text += String(chunk);
  });
  child.stdin.end(stdin);
  const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
  const waitFor = async (marker: string, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!text.includes(marker)) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`Keyholder did not start:\n${text}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { child, exited, output: () => text, waitFor };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((done) => child.once("exit", done));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

function lastLine(output: string): string {
  return output.trim().split("\n").pop()?.trim() ?? "";
}

async function freePort(): Promise<number> {
  return new Promise((done, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });
}
