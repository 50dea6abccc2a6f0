import pg from "pg";

type Callback = (error: Error | null, result: pg.QueryResult) => void;

/**
 * pg's `Client`, for the ORM's pool, whose promise-returning `query` hands pg a callback and
 * settles its own promise from it. Everything else is pg's, unchanged: the statement, its
 * parameters, the result, the error (its stack rewritten to the caller's, as pg does).
 *
 * Why: on Node 24, rows read through pg's own promise path outlive the young generation. With
 * `await client.query(text)`, a fifth of all that a loop of 50-row reads allocated was promoted to
 * the old generation (66 MB of 371 MB over 3,000 reads, each young collection moving ~8 MB), to be
 * freed by full collections only; with a callback, 0.9 MB of 382 MB. On the keys page that was
 * ~160 kB promoted per request, and the concurrent marking it caused was the largest item of its CPU
 * (docs/performance.md). Only the path without a callback is changed; a query object with its own
 * `submit` (a cursor) and calls with a callback go to pg as they are.
 */
export class KeyholderPgClient extends pg.Client {}

const pgQuery = pg.Client.prototype.query as (this: pg.Client, ...args: unknown[]) => unknown;

function query(this: pg.Client, ...args: unknown[]): unknown {
  const [config, values, callback] = args;
  const passThrough =
    typeof values === "function" ||
    typeof callback === "function" ||
    (typeof config === "object" && config !== null && typeof (config as { submit?: unknown }).submit === "function");
  if (passThrough) return pgQuery.apply(this, args);
  return new Promise<pg.QueryResult>((resolve, reject) => {
    const settle: Callback = (error, result) => (error ? reject(error) : resolve(result));
    pgQuery.call(this, config, values, settle);
  }).catch((error: unknown) => {
    // As pg does: the stack of an error read off the socket leads to the caller, not to it.
    if (error instanceof Error) Error.captureStackTrace(error);
    throw error;
  });
}

// pg's overloads cannot be written out by a subclass; the function above takes each of them.
KeyholderPgClient.prototype.query = query as pg.Client["query"];
