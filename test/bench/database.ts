import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { onCleanup } from "./cleanup.ts";
import { progress } from "./log.ts";

/** The default server: the PostgreSQL these machines (and CI) run, trust auth. */
const DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";

/** A throwaway database created for one bench run. */
export interface BenchDatabase {
  name: string;
  url: string;
  /** A connection to the cluster's maintenance database, for catalog queries during the run. */
  admin: pg.Client;
  /** True when the cluster runs on this machine, so its backends' /proc entries are readable. */
  local: boolean;
}

/** What `startEmbeddedPostgres` in server/dist/db/embedded.js returns. */
interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  return client;
}

/**
 * Starts a private embedded PostgreSQL in a temporary directory (removed at cleanup). Loaded at
 * run time from the server's build so that type-checking this package never needs server/dist.
 */
async function startEmbedded(): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), "kh-bench-pg-"));
  onCleanup(() => rm(dataDir, { recursive: true, force: true }));
  const modulePath: string = "@keyholder/server/db/embedded";
  const { startEmbeddedPostgres } = (await import(modulePath)) as {
    startEmbeddedPostgres(dir: string, logger: unknown): Promise<EmbeddedDatabase>;
  };
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  const embedded = await startEmbeddedPostgres(dataDir, quiet);
  onCleanup(() => embedded.stop());
  return embedded.url;
}

function isLocal(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "127.0.0.1" || host === "localhost" || host === "::1" || host === "";
}

/**
 * Creates a fresh, uniquely named database on KH_BENCH_ADMIN_URL (default: the local server on
 * 127.0.0.1:5432), or on an embedded PostgreSQL when that server does not answer. The database
 * is dropped at cleanup, with `force` so lingering connections cannot keep it alive, unless
 * `keep` is set: then its name and URL are printed at cleanup and it stays for a later look (an
 * embedded server's data directory is removed at cleanup, so only a database on a standing
 * server can be kept).
 */
export async function createBenchDatabase({ keep = false }: { keep?: boolean } = {}): Promise<BenchDatabase> {
  let adminUrl = process.env.KH_BENCH_ADMIN_URL || DEFAULT_ADMIN_URL;
  let admin: pg.Client;
  let embedded = false;
  try {
    admin = await connect(adminUrl);
  } catch (error) {
    progress(
      `  ${adminUrl.replace(/\/\/[^@]*@/, "//")} unreachable (${(error as Error).message}): using embedded PostgreSQL`,
    );
    adminUrl = await startEmbedded();
    embedded = true;
    admin = await connect(adminUrl);
  }
  onCleanup(() => admin.end());
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const name = `kh_bench_${stamp}_${process.pid}`;
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  if (keep && embedded) throw new Error("--keep needs a standing PostgreSQL server (KH_BENCH_ADMIN_URL)");
  onCleanup(async () => {
    if (keep) progress(`kept database ${name}: ${url.toString()}`);
    else await admin.query(`drop database if exists ${name} with (force)`);
  });
  return { name, url: url.toString(), admin, local: isLocal(adminUrl) };
}
