import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const serverDist = join(repoRoot, "server/dist");
export const node = process.execPath;

/** A Keyholder process and everything it printed. */
export interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `node server/dist/<entry>` with the given environment, capturing stdout and stderr. */
export function startProcess(entry: string, args: string[], env: Record<string, string>, stdin?: string): Started {
  const child = spawn(node, ["--enable-source-maps", join(serverDist, entry), ...args], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: "info", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let text = "";
  child.stdout?.on("data", (chunk) => {
    text += String(chunk);
  });
  child.stderr?.on("data", (chunk) => {
    text += String(chunk);
  });
  if (stdin !== undefined) child.stdin?.end(stdin);
  else child.stdin?.end();
  const exited = new Promise<number | null>((resolveExit) => child.on("exit", (code) => resolveExit(code)));
  return { child, output: () => text, exited };
}

/** Runs a CLI command to completion. */
export async function runCli(args: string[], env: Record<string, string>, stdin?: string) {
  const started = startProcess("cli.js", args, env, stdin);
  const code = await started.exited;
  return { code, output: started.output() };
}

/** Waits until `predicate` holds, polling; throws with `describe()` after the timeout. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs: number, describe: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out: ${describe()}`);
}

/** A scratch database on the test PostgreSQL, dropped by the returned function. */
export async function scratchDatabase(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `kh_e2e_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export const tempDir = (prefix: string) => mkdtemp(join(tmpdir(), prefix));

/** POSTs GraphQL to a running Keyholder. */
export async function graphql(base: string, query: string, variables?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: response data is JSON whose shape each test asserts on.
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

/** A TCP port nothing listens on right now (the servers cannot report a port chosen by the OS). */
export async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === "object" && address ? address.port : 0));
    });
  });
}
