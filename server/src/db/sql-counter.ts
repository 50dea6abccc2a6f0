import { AsyncLocalStorage } from "node:async_hooks";

/** Counts the SQL statements sent to PostgreSQL within one unit of work (a request, a test). */
export interface SqlCounter {
  count: number;
  statements?: string[];
}

const storage = new AsyncLocalStorage<SqlCounter>();

/** Runs `fn` with a fresh counter; every statement it issues, however deep, is counted. */
export async function countSql<T>(
  fn: () => Promise<T>,
  keepStatements = false,
): Promise<{ result: T; sql: SqlCounter }> {
  const counter: SqlCounter = keepStatements ? { count: 0, statements: [] } : { count: 0 };
  const result = await storage.run(counter, fn);
  return { result, sql: counter };
}

/** Starts counting for the rest of the current async context (used per HTTP request). */
export function enterSqlCounter(): SqlCounter {
  const counter: SqlCounter = { count: 0 };
  storage.enterWith(counter);
  return counter;
}

/** The ORM's `onQuery` hook: counts and passes the statement through unchanged. */
export function onQuery(sql: string): string {
  const counter = storage.getStore();
  if (counter) {
    counter.count++;
    counter.statements?.push(sql);
  }
  return sql;
}

/** The statements counted so far in the current unit of work; undefined outside one. */
export function currentSqlCount(): number | undefined {
  return storage.getStore()?.count;
}
