import { readdir } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { migrationsSourceDir } from "../composition/orm.js";
import { type TestDatabase, useTestDatabase } from "../test-support/database.js";
import { migrationsList } from "./migrations/index.js";

let db: TestDatabase;

useTestDatabase(
  (created) => {
    db = created;
  },
  { reset: false },
);

describe("migrations", () => {
  it("leave nothing for the entities to change: the schema diff is empty", async () => {
    const diff = await db.orm.schema.getUpdateSchemaSQL({ wrap: false });
    expect(diff.trim()).toBe("");
  });

  it("are all recorded in the migrations table, in order, with none pending", async () => {
    const table = db.orm.config.get("migrations").tableName ?? "mikro_orm_migrations";
    const rows: { name: string }[] = await db.em().execute(`select name from "${table}" order by id`);
    expect(migrationsList.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.name)).toEqual(migrationsList.map((m) => m.name));
    expect(await db.orm.migrator.getPending()).toEqual([]);
  });

  it("undo audit subject sets by writing each set out as one row per subject, and redo", async () => {
    const sets = "Migration20261122145349_audit_subject_sets";
    const before = migrationsList[migrationsList.findIndex((m) => m.name === sets) - 1]?.name as string;
    const [a, b] = ["11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"];
    const sql = (text: string) => db.em().execute(text);
    await sql(
      `insert into audit_event (actor_label, credential_kind, action, subject_type, subject_id, subject_ids, reason)
       values ('system', 'SYSTEM', 'test.one', 'Test', 'one', null, null),
              ('system', 'SYSTEM', 'test.set', 'ApiKey', null, '{${a},${b}}', 'moved')`,
    );
    try {
      await db.orm.migrator.down({ to: before });
      expect(await sql("select action, subject_id, reason from audit_event order by id")).toEqual([
        { action: "test.one", subject_id: "one", reason: null },
        { action: "test.set", subject_id: a, reason: "moved" },
        { action: "test.set", subject_id: b, reason: "moved" },
      ]);
    } finally {
      await db.orm.migrator.up();
    }
    expect(await db.orm.migrator.getPending()).toEqual([]);
    expect((await db.orm.schema.getUpdateSchemaSQL({ wrap: false })).trim()).toBe("");
  });

  it("undo per-transaction risk counts by folding them into one row per bucket, and redo", async () => {
    const perTransaction = "Migration20261204160000_risk_counts_per_transaction";
    const before = migrationsList[migrationsList.findIndex((m) => m.name === perTransaction) - 1]?.name as string;
    const sql = (text: string) => db.em().execute(text);
    const counts = "select environment, sum(n)::int as n from risk_key_count group by 1 order by 1";
    await sql(`insert into holder (id, kind, email, name, status)
      values ('33333333-3333-4333-8333-333333333333', 'USER', 'fold@agency.gov.example', 'Fold', 'ACTIVE')`);
    const key = (n: number, environment: string) =>
      sql(`insert into api_key (id, name, environment, holder_id, prefix, secret_digest)
        values (gen_random_uuid(), 'k${n}', '${environment}', '33333333-3333-4333-8333-333333333333', 'kh_live_fold', repeat('${n}', 64))`);
    // Three transactions, three rows of one bucket, and one of another.
    await key(1, "PRODUCTION");
    await key(2, "PRODUCTION");
    await key(3, "PRODUCTION");
    await key(4, "STAGING");
    expect(await sql(counts)).toEqual([
      { environment: "PRODUCTION", n: 3 },
      { environment: "STAGING", n: 1 },
    ]);
    expect(await sql("select count(*)::int as rows from risk_key_count")).toEqual([{ rows: 4 }]);
    try {
      await db.orm.migrator.down({ to: before });
      expect(await sql("select environment, n::int from risk_key_count order by 1")).toEqual([
        { environment: "PRODUCTION", n: 3 },
        { environment: "STAGING", n: 1 },
      ]);
      await key(5, "STAGING");
    } finally {
      await db.orm.migrator.up();
    }
    await key(6, "STAGING");
    expect(await sql(counts)).toEqual([
      { environment: "PRODUCTION", n: 3 },
      { environment: "STAGING", n: 3 },
    ]);
    expect(await db.orm.migrator.getPending()).toEqual([]);
    expect((await db.orm.schema.getUpdateSchemaSQL({ wrap: false })).trim()).toBe("");
  });

  it("index.ts lists every migration file in the folder, oldest first", async () => {
    const files = (await readdir(migrationsSourceDir))
      .filter((f) => /^Migration\d+.*\.ts$/.test(f))
      .map((f) => f.replace(/\.ts$/, ""))
      .sort();
    expect(migrationsList.map((m) => m.name)).toEqual(files);
  });
});
