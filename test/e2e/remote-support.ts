import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, inject } from "vitest";
import { freePort, runCli, type Started, scratchDatabase, startProcess, waitFor } from "./support.js";

/** A real Keyholder on a scratch database with the demo organisation, and an OPERATOR token for scripts. */
export interface SeededKeyholder {
  url: string;
  token: string;
  /** Issues another access token for the same account, with `role` (as `token:issue` on the host). */
  issueToken(role: string): Promise<string>;
  server: Started;
  stop(): Promise<void>;
}

/**
 * Seeds a scratch database with the CLI, issues an access token as a script would get one, and
 * starts `node server/dist/main.js` on it; `stop()` ends the server and drops the database.
 */
export async function startSeededKeyholder(pgAdminUrl: string): Promise<SeededKeyholder> {
  const db = await scratchDatabase(pgAdminUrl);
  const env = { DATABASE_URL: db.url };
  const must = async (args: string[], stdin?: string) => {
    const run = await runCli(args, env, stdin);
    if (run.code !== 0) throw new Error(`keyholder ${args.join(" ")} exited ${run.code}:\n${run.output}`);
    return run.output;
  };
  await must(["db:seed"]);
  await must(["admin:create", "--email", "hr-feed@example.org", "--role", "OPERATOR"], "a long enough password\n");
  const token = (await must(["token:issue", "--email", "hr-feed@example.org", "--name", "leavers feed"]))
    .trim()
    .split("\n")
    .pop() as string;
  const port = await freePort();
  const server = startProcess("main.js", [], { ...env, HOST: "127.0.0.1", PORT: String(port) });
  const stop = async () => {
    if (server.child.exitCode === null) {
      server.child.kill("SIGTERM");
      await server.exited;
    }
    await db.drop();
  };
  try {
    await waitFor(
      () => server.output().includes("Press Ctrl-C to stop."),
      90_000,
      () => `Keyholder did not start:\n${server.output()}`,
    );
  } catch (error) {
    server.child.kill("SIGKILL");
    await db.drop();
    throw error;
  }
  const issueToken = async (role: string) =>
    (await must(["token:issue", "--email", "hr-feed@example.org", "--name", `${role} script`, "--role", role]))
      .trim()
      .split("\n")
      .pop() as string;
  return { url: `http://127.0.0.1:${port}`, token, issueToken, server, stop };
}

/** What a test file of the remote CLI works with: the seeded Keyholder, a scratch folder, and the CLI's environment for it. */
export interface RemoteCliSetup {
  keyholder: SeededKeyholder;
  dir: string;
  /** KEYHOLDER_URL and KEYHOLDER_TOKEN for the seeded Keyholder. */
  remote: Record<string, string>;
}

/**
 * A seeded Keyholder and a scratch folder (named from `prefix`) for the tests of one file: made
 * before them and handed to `created`, removed after.
 */
export function useRemoteCli(prefix: string, created: (setup: RemoteCliSetup) => void): void {
  let setup: RemoteCliSetup | undefined;
  beforeAll(async () => {
    const keyholder = await startSeededKeyholder(inject("pgAdminUrl"));
    const remote = { KEYHOLDER_URL: keyholder.url, KEYHOLDER_TOKEN: keyholder.token };
    setup = { keyholder, remote, dir: await mkdtemp(join(tmpdir(), prefix)) };
    created(setup);
  });
  afterAll(async () => {
    await setup?.keyholder.stop();
    if (setup) await rm(setup.dir, { recursive: true, force: true });
  });
}
