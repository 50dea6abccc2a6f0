import { readdir } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test-support/database.js";
import { migrationsList } from "./migrations/index.js";
import { migrationsSourceDir } from "./orm.js";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

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

  it("index.ts lists every migration file in the folder, oldest first", async () => {
    const files = (await readdir(migrationsSourceDir))
      .filter((f) => /^Migration\d+.*\.ts$/.test(f))
      .map((f) => f.replace(/\.ts$/, ""))
      .sort();
    expect(migrationsList.map((m) => m.name)).toEqual(files);
  });
});
