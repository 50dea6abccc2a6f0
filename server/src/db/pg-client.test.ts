import { setFlagsFromString } from "node:v8";
import pg from "pg";
import Cursor from "pg-cursor";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createOrm } from "../composition/orm.js";
import { KeyholderPgClient, MAX_PREPARED_PER_CONNECTION } from "./pg-client.js";

// Whether V8 holds an object in its young generation (a V8 intrinsic, for the test below).
setFlagsFromString("--allow-natives-syntax");
const inYoungGeneration = new Function("value", "return %InYoungGeneration(value)") as (value: unknown) => boolean;

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

  it(`keeps at most ${MAX_PREPARED_PER_CONNECTION} prepared statements, the most recently used, and prepares a dropped one again`, async () => {
    const prepared = async () =>
      (
        await ours.query<{ name: string }>(
          "select name from pg_prepared_statements where name like 'cap_%' order by name",
        )
      ).rows.map((r) => r.name);
    const run = (i: number) => ours.query({ name: `cap_${String(i).padStart(3, "0")}`, text: `select ${i}::int as n` });
    for (let i = 0; i < MAX_PREPARED_PER_CONNECTION; i++) expect((await run(i)).rows).toEqual([{ n: i }]);
    // The first is used again: the second is now the least recently used.
    await run(0);
    for (let i = MAX_PREPARED_PER_CONNECTION; i < MAX_PREPARED_PER_CONNECTION + 3; i++) await run(i);
    const names = await prepared();
    expect(names).toHaveLength(MAX_PREPARED_PER_CONNECTION);
    expect(names).toContain("cap_000");
    expect(names).not.toContain("cap_001");
    expect(names).not.toContain("cap_003");
    expect(names).toContain("cap_004");
    // A dropped one answers as before, prepared again.
    expect((await run(1)).rows).toEqual([{ n: 1 }]);
    expect(await prepared()).toContain("cap_001");
    expect(await prepared()).toHaveLength(MAX_PREPARED_PER_CONNECTION);
  });

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

  it("gives pg a callback that V8 holds in its young generation, where pg's own promise path does not", async () => {
    // pg's path assigns its closure to a property, which V8 allocates in the old generation: dead
    // after the query, it keeps the rows alive through young collections (see pg-client.ts).
    const callbackOf = async (client: pg.Client) => {
      const answered = client.query("select 1 as one");
      const active = (client as unknown as { _activeQuery: { callback: unknown } })._activeQuery;
      await answered;
      return inYoungGeneration(active.callback);
    };
    expect(await callbackOf(ours)).toBe(true);
    expect(await callbackOf(theirs)).toBe(false);
  });

  it("leaves the caller's config object as it was, and honours a callback in it", async () => {
    const config = { text: "select $1::int as n", values: [4] };
    expect((await ours.query(config)).rows).toEqual([{ n: 4 }]);
    expect(config).toEqual({ text: "select $1::int as n", values: [4] });
    // Handed to pg's own client afterwards, it is still a promise query, not a callback one.
    expect((await theirs.query(config)).rows).toEqual([{ n: 4 }]);
    const viaConfig = await new Promise<pg.QueryResult>((resolve, reject) => {
      const returned = ours.query({
        text: "select 5 as n",
        callback: (error: Error | null, result: pg.QueryResult) => (error ? reject(error) : resolve(result)),
      } as pg.QueryConfig);
      expect(returned).toBeUndefined();
    });
    expect(viaConfig.rows).toEqual([{ n: 5 }]);
    expect(() => ours.query(null as unknown as string)).toThrow(TypeError);
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
