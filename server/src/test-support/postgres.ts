import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../db/embedded.js";
import { createLogger } from "../logger.js";

/** A PostgreSQL server the tests may create databases on. */
export interface TestPostgres {
  adminUrl: string;
  stop(): Promise<void>;
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The server the tests use: TEST_DATABASE_URL when set, else the PostgreSQL on 127.0.0.1:5432
 * when it answers, else an embedded PostgreSQL in a temporary directory.
 */
export async function acquireTestPostgres(): Promise<TestPostgres> {
  const configured = process.env.TEST_DATABASE_URL;
  if (configured) return { adminUrl: configured, stop: async () => {} };
  const local = "postgres://postgres@127.0.0.1:5432/postgres";
  if (await reachable(local)) return { adminUrl: local, stop: async () => {} };
  const dir = await mkdtemp(join(tmpdir(), "keyholder-test-pg-"));
  const embedded = await startEmbeddedPostgres(dir, createLogger("warn", process.stderr));
  return { adminUrl: embedded.url, stop: () => embedded.stop() };
}

/** The URL of another database on the same server. */
export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs one statement on the admin database. */
export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
