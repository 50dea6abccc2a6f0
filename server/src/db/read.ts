import { createHash } from "node:crypto";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { QueryResultRow } from "pg";
import { numbered, type Sql } from "../shared/sql.js";
import { onQuery } from "./sql-counter.js";

/** How a read is sent. */
export interface ReadOptions {
  /**
   * Send it as a named prepared statement, so PostgreSQL parses it once per connection and, once
   * it has seen a few runs, may keep a generic plan instead of planning every run (planning the
   * keys page took as long as running it). Only for statements whose plan does not hang on their
   * values: no filter whose selectivity the values decide (a generic plan does not know them),
   * and no `limit` as a parameter (a generic plan assumes a tenth of the rows). `index-use.test.ts`
   * checks the plans of those that are, as generic plans.
   */
  prepare?: boolean;
}

/** The names of texts prepared lately, so that a page asked again is not hashed again. */
const preparedNames = new Map<string, string>();

/** How many names `preparedNames` keeps: past it, it starts again (the names stay the same). */
const PREPARED_NAMES_KEPT = 256;

/**
 * The name of `text` as a prepared statement: the same on every connection and in every process
 * for the same text. Each connection keeps its most recently used ones (`pg-client.ts`).
 */
function preparedName(text: string): string {
  let name = preparedNames.get(text);
  if (name === undefined) {
    if (preparedNames.size >= PREPARED_NAMES_KEPT) preparedNames.clear();
    name = `kh_${createHash("sha256").update(text).digest("hex").slice(0, 24)}`;
    preparedNames.set(text, name);
  }
  return name;
}

/**
 * The rows of a read, sent to PostgreSQL with its values as parameters (not written into the
 * text, as the ORM's `execute` does, so the text of a prepared statement is the same every run),
 * on the ORM's pool or, within a transaction, on the transaction's connection. Counted as any
 * statement (`sql-counter.ts`). Rows are as the pool's type parsers give them (timestamps as
 * text; `read-model.ts` reads both). Within a transaction the text goes through the ORM's own
 * formatting, which writes each `?` as a value even inside a quoted literal and spreads an array
 * into a list: a statement read that way has neither.
 */
export async function readRows<T extends object>(
  em: EntityManager,
  statement: Sql,
  options: ReadOptions = {},
): Promise<T[]> {
  // A read inside a transaction sees the transaction's writes: it goes on its connection.
  if (em.getTransactionContext()) return em.execute<T[]>(statement.text, [...statement.params]);
  const { text, values } = numbered(statement);
  const pool = await em.getConnection().getNativeClient();
  onQuery(text);
  const name = options.prepare ? preparedName(text) : undefined;
  return (await pool.query<T & QueryResultRow>(name ? { name, text, values } : { text, values })).rows;
}
