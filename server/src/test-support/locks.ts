import pg from "pg";
import type { TestDatabase } from "./database.js";

/** An open transaction on a connection of its own. */
export interface OpenTransaction {
  // biome-ignore lint/suspicious/noExplicitAny: rows are what the test's own SQL selects.
  query<R extends pg.QueryResultRow = any>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
  release(): Promise<void>;
}

/**
 * A second connection holding an open transaction: what it writes stays uncommitted, so a request
 * that needs the same rows waits for it. That makes an interleaving of concurrent requests
 * certain instead of likely. `release` rolls back and closes.
 */
export async function openTransaction(db: TestDatabase): Promise<OpenTransaction> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query("begin");
  return {
    query: (sql, params) => client.query(sql, params),
    async release() {
      await client.query("rollback");
      await client.end();
    },
  };
}

/** How many sessions of the test database wait for a lock now. */
async function waiting(db: TestDatabase): Promise<number> {
  const [row] = await db
    .em()
    .execute<{ n: number }[]>(
      "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
    );
  return row?.n ?? 0;
}

/**
 * Polls until `count` sessions wait for a lock, or `settled` reports that the request being
 * watched finished instead (then it did not wait). No fixed delay: the test's timeout is the limit.
 */
export async function untilWaiting(db: TestDatabase, count: number, settled: () => boolean = () => false) {
  while (!settled() && (await waiting(db)) < count) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** A promise with a flag telling whether it settled. */
export function tracked<T>(promise: Promise<T>): { promise: Promise<T>; settled: () => boolean } {
  let done = false;
  const watched = promise.finally(() => {
    done = true;
  });
  return { promise: watched, settled: () => done };
}

/**
 * Sends `request` while another transaction holds what `hold` takes in it, waits until the request
 * waits on that transaction, runs `beforeCommit` there, commits, and answers the request's result.
 */
export async function afterWaitingOnCommit<T>(
  db: TestDatabase,
  hold: (tx: OpenTransaction) => Promise<unknown>,
  request: () => Promise<T>,
  beforeCommit: (tx: OpenTransaction) => Promise<unknown> = async () => undefined,
): Promise<T> {
  const tx = await openTransaction(db);
  try {
    await hold(tx);
    const sent = tracked(request());
    await untilWaiting(db, 1, sent.settled);
    await beforeCommit(tx);
    await tx.query("commit");
    return await sent.promise;
  } finally {
    await tx.release();
  }
}
