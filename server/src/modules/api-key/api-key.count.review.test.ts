import pg from "pg";
import { describe, expect, it } from "vitest";
import { numbered } from "../../shared/sql.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { graphql, type TestApi, useTestApi } from "../../test-support/graphql.js";
import { expectKeyCountsExact } from "../../test-support/key-count.js";
import { finishedOrBlocked, withTwoTransactions } from "../../test-support/two-transactions.js";
import { keyCountSql } from "./api-key.count.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const DAY = 86_400_000;

const BY_STATUS = graphql(`
  query {
    active: apiKeys(first: 500, filter: { status: ACTIVE }) { totalCount nodes { id } }
    expired: apiKeys(first: 500, filter: { status: EXPIRED }) { totalCount nodes { id } }
    soon: apiKeys(first: 500, filter: { expiresWithinDays: 30 }) { totalCount nodes { id } }
  }
`);

/** The unfiltered key count's statement, which reads the kept summary (folding it as it goes). */
function unfilteredCount(now = new Date()): NonNullable<ReturnType<typeof keyCountSql>> {
  const count = keyCountSql({}, now);
  if (!count) throw new Error("the unfiltered count is read from the summary");
  return count;
}

/**
 * The unfiltered count as read on a connection of its own inside a transaction opened by `begin`,
 * after `beforeCount` has run there; the transaction is rolled back afterwards.
 */
async function countInOwnTransaction(
  begin: string,
  beforeCount: (client: pg.Client) => Promise<unknown> = async () => undefined,
): Promise<number> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query(begin);
    await beforeCount(client);
    const { text, values } = numbered(unfilteredCount());
    const { rows } = await client.query(text, values);
    return Number(rows[0]?.n);
  } finally {
    await client.query("rollback").catch(() => undefined);
    await client.end();
  }
}

/** Each status's totalCount, as read now, equals the rows it lists. */
async function expectTotalsMatchRows(): Promise<void> {
  const res = await api.execute(BY_STATUS);
  for (const [name, list] of Object.entries(res)) {
    expect(list.totalCount, name).toBe(list.nodes.length);
  }
}

describe("the kept key counts against callers and writes beyond the server's own paths", () => {
  it("stay exact for readers at the present after a reader whose clock runs days ahead has counted", async () => {
    const f = factories(db.em());
    const user = await f.user();
    await f.key(user, { expiresAt: new Date(Date.now() + 2 * DAY) });
    await f.key(user, { expiresAt: new Date(Date.now() + 10 * DAY) });
    await expectTotalsMatchRows();
    // One server whose clock is five days ahead (or any caller of the count with a later `now`)
    // folds every day before its "two days ago" into -infinity, for good.
    const ahead = unfilteredCount(new Date(Date.now() + 5 * DAY));
    await db.em().execute(ahead.text, [...ahead.params]);
    await expectTotalsMatchRows();
  });

  it("stay exact whatever day the fold is given: it is callable by the server's role with any `before`", async () => {
    const f = factories(db.em());
    const user = await f.user();
    await f.key(user, { expiresAt: new Date(Date.now() + 2 * DAY) });
    await db.em().execute("select api_key_count_fold('infinity'::date)");
    await expectTotalsMatchRows();
  });

  it("can be read in a read-only transaction (a hot standby, or a read-only request), as every other count can", async () => {
    const f = factories(db.em());
    await f.key(await f.user(), { expiresAt: new Date(Date.now() + 2 * DAY) });
    expect(await countInOwnTransaction("begin read only")).toBe(1);
  });

  it("stay exact when one update changes a key's id along with its state (the trigger pairs old and new rows by id)", async () => {
    const f = factories(db.em());
    const key = await f.key(await f.user(), { expiresAt: new Date(Date.now() + DAY) });
    const change = db
      .em()
      .execute("update api_key set id = gen_random_uuid(), revoked_at = now(), revoked_reason = 'x' where id = ?", [
        key.id,
      ]);
    // Refused, or counted: either way the counts equal a recount.
    await change.catch((e: Error) => expect(e.message).toMatch(/id never changes/));
    await expectKeyCountsExact(db);
  });

  it("can be read in a repeatable-read transaction after another reader has folded since its snapshot", async () => {
    const f = factories(db.em());
    await f.key(await f.user());
    const counted = await countInOwnTransaction("begin isolation level repeatable read", async (client) => {
      await client.query("select count(*) from api_key_count");
      // Another reader folds the key's row into its bucket's.
      const count = unfilteredCount();
      await db.em().execute(count.text, [...count.params]);
    });
    expect(counted).toBe(1);
  });

  it("are left empty by a truncate that runs while a reader folds", async () => {
    const f = factories(db.em());
    // Committed by a writer and not yet folded: its bucket has no folded row, so the fold inserts one.
    await f.key(await f.user());
    const { text, values } = numbered(unfilteredCount());
    await withTwoTransactions(db, async (reader, truncator) => {
      await reader.query(text, values);
      const truncate = truncator.query("truncate api_key cascade");
      // It waits for the reader, on one of the reader's rows or on the fold itself.
      expect(await finishedOrBlocked(db, truncator, truncate, { anyLock: true })).toBe("blocked");
      await reader.query("commit");
      await truncate;
      await truncator.query("commit");
    });
    expect(await db.em().execute("select count(*)::int as n from api_key_count")).toEqual([{ n: 0 }]);
  });
});

describe("the kept key counts' housekeeping", () => {
  /** A count in a transaction of its own, and whether it took the fold's lock or wrote. */
  async function countAndCost(): Promise<{ n: number; locked: boolean; wrote: boolean }> {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query("begin");
      const { text, values } = numbered(unfilteredCount());
      const { rows } = await client.query(text, values);
      const { rows: cost } = await client.query(
        `select exists (select from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()) as locked,
                pg_current_xact_id_if_assigned() is not null as wrote`,
      );
      await client.query("commit");
      return { n: Number(rows[0]?.n), ...(cost[0] as { locked: boolean; wrote: boolean }) };
    } finally {
      await client.end();
    }
  }

  it("fold only when a writer has left rows: between writes a count takes no lock and writes nothing", async () => {
    const f = factories(db.em());
    const user = await f.user();
    await f.key(user, { expiresAt: new Date(Date.now() + 2 * DAY) });
    expect(await countAndCost()).toEqual({ n: 1, locked: true, wrote: true });
    expect(await countAndCost()).toEqual({ n: 1, locked: false, wrote: false });
    expect(await countAndCost()).toEqual({ n: 1, locked: false, wrote: false });
    await f.key(user);
    expect(await countAndCost()).toEqual({ n: 2, locked: true, wrote: true });
    await expectKeyCountsExact(db);
  });

  it("are rebuilt with the days long past already folded, as the next read would leave them", async () => {
    const f = factories(db.em());
    const user = await f.user();
    for (const days of [3, 10, 400]) await f.key(user, { expiresAt: new Date(Date.now() - days * DAY) });
    const soon = new Date(Date.now() + 5 * DAY);
    await f.key(user, { expiresAt: soon });
    await db.em().execute("select api_key_count_rebuild()");
    const rows = await db
      .em()
      .execute("select expires_on::text as day, n::int from api_key_count where not revoked order by expires_on");
    expect(rows).toEqual([
      { day: "-infinity", n: 3 },
      { day: soon.toISOString().slice(0, 10), n: 1 },
    ]);
    await expectKeyCountsExact(db);
    await expectTotalsMatchRows();
  });
});
