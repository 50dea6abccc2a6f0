import pg from "pg";
import Cursor from "pg-cursor";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createOrm } from "../composition/orm.js";
import { KeyholderPgClient } from "./pg-client.js";

// The client the ORM's pool makes: every statement of the server goes through its `query`.
describe("KeyholderPgClient", () => {
  let ours: pg.Client;
  let theirs: pg.Client;

  beforeAll(async () => {
    ours = new KeyholderPgClient({ connectionString: inject("pgAdminUrl") });
    theirs = new pg.Client({ connectionString: inject("pgAdminUrl") });
    await Promise.all([ours.connect(), theirs.connect()]);
  });
  afterAll(async () => {
    await Promise.all([ours.end(), theirs.end()]);
  });

  const statement =
    "select g as n, 'row ' || g as label, now() - g * interval '1 day' as at from generate_series(1, $1::int) g";

  it("answers a promise with the same rows, fields and command as pg's own client", async () => {
    const [mine, pgs] = await Promise.all([ours.query(statement, [5]), theirs.query(statement, [5])]);
    expect(mine.rows.map((r) => [r.n, r.label])).toEqual(pgs.rows.map((r) => [r.n, r.label]));
    expect(mine.fields.map((f) => [f.name, f.dataTypeID])).toEqual(pgs.fields.map((f) => [f.name, f.dataTypeID]));
    expect([mine.command, mine.rowCount]).toEqual(["SELECT", 5]);
    const config = await ours.query({ text: "select $1::text as v", values: ["x"], rowMode: "array" });
    expect(config.rows).toEqual([["x"]]);
  });

  it("rejects with pg's error, its stack leading to the caller", async () => {
    async function readsAMissingTable() {
      return ours.query("select * from no_such_table_here");
    }
    const error = await readsAMissingTable().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(pg.DatabaseError);
    expect((error as pg.DatabaseError).code).toBe("42P01");
    expect((error as Error).stack).toContain("pg-client.test.ts");
    expect((error as Error).stack).not.toContain("onStreamRead");
    // The connection goes on answering.
    expect((await ours.query("select 1 as one")).rows).toEqual([{ one: 1 }]);
  });

  it("passes calls with a callback and submittable queries (cursors) to pg as they are", async () => {
    const viaCallback = await new Promise<pg.QueryResult>((resolve, reject) =>
      ours.query("select 2 as two", (error: Error | null, result: pg.QueryResult) =>
        error ? reject(error) : resolve(result),
      ),
    );
    expect(viaCallback.rows).toEqual([{ two: 2 }]);
    const cursor = ours.query(new Cursor(statement, [7]));
    expect(cursor).toBeInstanceOf(Cursor);
    const first = await cursor.read(3);
    const rest = await cursor.read(10);
    await cursor.close();
    expect([...first, ...rest].map((r) => r.n)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("is the client of the ORM's pool", async () => {
    const orm = await createOrm({ url: inject("pgAdminUrl"), poolMax: 1 });
    try {
      const pool = (await orm.em.getConnection().getNativeClient()) as pg.Pool & { Client: unknown };
      expect(pool.Client).toBe(KeyholderPgClient);
      expect(await orm.em.fork().execute("select 3 as three")).toEqual([{ three: 3 }]);
    } finally {
      await orm.close();
    }
  });
});
