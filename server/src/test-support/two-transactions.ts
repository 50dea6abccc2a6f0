import pg from "pg";
import type { TestDatabase } from "./database.js";

/**
 * Waits until `b`'s statement has either finished or is blocked on a lock, so that what the other
 * transaction does next (commit) happens after it got as far as it can on its own. By default only a
 * wait for another transaction's row counts as blocked; `anyLock` counts a wait on any lock (a table's,
 * say, as a truncate takes).
 */
export async function finishedOrBlocked(
  db: TestDatabase,
  b: pg.Client,
  statement: Promise<unknown>,
  { anyLock = false }: { anyLock?: boolean } = {},
): Promise<"finished" | "blocked"> {
  let done = false;
  void statement.then(
    () => (done = true),
    () => (done = true),
  );
  const pid = (b as unknown as { processID: number }).processID;
  for (;;) {
    if (done) return "finished";
    // Waiting on a lock (not, say, briefly for the table's file to grow).
    const [row] = await db
      .em()
      .execute("select wait_event_type, wait_event from pg_stat_activity where pid = ?", [pid]);
    if (row?.wait_event_type === "Lock" && (anyLock || ["transactionid", "tuple"].includes(row.wait_event))) {
      return "blocked";
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Two open transactions on their own connections, ended (rolled back if still open) after `work`. */
export async function withTwoTransactions(
  db: TestDatabase,
  work: (a: pg.Client, b: pg.Client) => Promise<unknown>,
): Promise<void> {
  const a = new pg.Client({ connectionString: db.url });
  const b = new pg.Client({ connectionString: db.url });
  await a.connect();
  await b.connect();
  try {
    await a.query("begin");
    await b.query("begin");
    await work(a, b);
  } finally {
    await a.end();
    await b.end();
  }
}
