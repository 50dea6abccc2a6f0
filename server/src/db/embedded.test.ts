import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKeyholder } from "../app.js";
import { loadConfig } from "../config.js";
import { createLogger } from "../logger.js";
import { startEmbeddedPostgres } from "./embedded.js";

let dir: string;
const quiet = createLogger("warn", process.stderr);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "keyholder-embedded-roles-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// The first start seeds the demo organisation, as the runtime role.
const start = () =>
  startKeyholder(
    loadConfig({
      KEYHOLDER_DATA_DIR: dir,
      PORT: "0",
      KEYHOLDER_CONSOLE_DIR: "/nonexistent",
    }),
    quiet,
  );

async function ownersOfTables(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ owner: string }>(
      "select distinct tableowner as owner from pg_tables where schemaname = 'public' order by 1",
    );
    return rows.map((r) => r.owner);
  } finally {
    await client.end();
  }
}

describe("the embedded PostgreSQL", () => {
  it("runs the server as keyholder_app, which cannot touch the audit trail's protection; keyholder_owner owns the schema, also after an upgrade", async () => {
    let keyholder = await start();
    try {
      expect(keyholder.seeded).toBe(true);
      const em = keyholder.orm.em.fork();
      expect(await em.execute("select current_user as role")).toEqual([{ role: "keyholder_app" }]);
      await expect(em.execute("alter table audit_event disable trigger user")).rejects.toThrow(/must be owner/);
      await expect(em.execute("drop trigger audit_event_append_only on audit_event")).rejects.toThrow(/must be owner/);
      await expect(em.execute("delete from audit_event")).rejects.toThrow(/permission denied/);
      await expect(em.execute("truncate audit_event")).rejects.toThrow(/permission denied/);
    } finally {
      await keyholder.stop();
    }

    // A data directory from before the roles: the superuser owned everything.
    const cluster = await startEmbeddedPostgres(dir, quiet);
    try {
      expect(await ownersOfTables(cluster.url)).toEqual(["keyholder_owner"]);
      const admin = new pg.Client({ connectionString: cluster.url });
      await admin.connect();
      await admin.query(`do $$ declare t record; begin
        for t in select tablename from pg_tables where schemaname = 'public' loop
          execute format('alter table %I owner to keyholder', t.tablename);
        end loop; end $$`);
      await admin.end();
      expect(await ownersOfTables(cluster.url)).toEqual(["keyholder"]);
    } finally {
      await cluster.stop();
    }

    keyholder = await start();
    try {
      const em = keyholder.orm.em.fork();
      await expect(em.execute("alter table audit_event disable trigger user")).rejects.toThrow(/must be owner/);
      const owners = await em.execute("select distinct tableowner as owner from pg_tables where schemaname = 'public'");
      expect(owners).toEqual([{ owner: "keyholder_owner" }]);
    } finally {
      await keyholder.stop();
    }
  }, 120_000);
});
