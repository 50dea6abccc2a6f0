import type { TestDatabase } from "./database.js";

/** A statement sent: its text, its parameters, and its name when it was sent as a prepared statement. */
export interface RecordedStatement {
  text: string;
  values: unknown[];
  name?: string;
}

function isQueryConfig(config: unknown): config is { text: string; values?: unknown[]; name?: string } {
  return typeof config === "object" && config !== null && typeof (config as { text?: unknown }).text === "string";
}

/** Every statement the ORM or the raw pool sends while `work` runs, with its parameters. */
export async function recordStatements(db: TestDatabase, work: () => Promise<unknown>): Promise<RecordedStatement[]> {
  const recorded: RecordedStatement[] = [];
  const connection = db.orm.em.getConnection() as unknown as {
    prepareQuery(query: unknown, params?: unknown[]): { formatted: string };
  };
  const pool = (await db.orm.em.getConnection().getNativeClient()) as unknown as {
    query(text: unknown, values?: unknown): Promise<unknown>;
  };
  const prepareQuery = connection.prepareQuery;
  const query = pool.query;
  // Both hooks only note the statement and pass it on unchanged.
  connection.prepareQuery = function (this: unknown, q: unknown, params?: unknown[]) {
    const prepared = prepareQuery.call(this, q, params);
    recorded.push({ text: prepared.formatted, values: [] });
    return prepared;
  };
  pool.query = function (this: unknown, text: unknown, values?: unknown) {
    if (typeof text === "string") recorded.push({ text, values: (values as unknown[]) ?? [] });
    else if (isQueryConfig(text)) recorded.push({ text: text.text, values: text.values ?? [], name: text.name });
    return query.call(this, text, values);
  };
  try {
    await work();
  } finally {
    connection.prepareQuery = prepareQuery;
    pool.query = query;
  }
  return recorded;
}
