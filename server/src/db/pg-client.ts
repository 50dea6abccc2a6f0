import pg from "pg";

type Callback = (error: Error | null, result: pg.QueryResult) => void;

/**
 * pg's `Client`, for the ORM's pool, whose promise-returning `query` hands pg a callback and
 * settles its own promise from it. Everything else is pg's, unchanged: the statement, its
 * parameters, the result, the error (its stack rewritten to the caller's, as pg does).
 *
 * Why: pg's own promise path sets `query.callback = (err, res) => …`, and V8 allocates a function
 * literal assigned to a property in the old generation. Such a closure, dead after its query, is a
 * root of every young collection until the next full one, and it holds the query with its rows:
 * with `await client.query(text)`, a loop of 3,000 50-row reads promoted 66 MB of the 371 MB it
 * allocated to the old generation; with a callback passed in, 0.9 MB of 382 MB. On the keys page
 * that was ~76 kB promoted per request, freed only by full collections (docs/performance.md).
 * pg assigns such a closure too when `query_timeout` is set: this pool leaves it unset (the
 * session's `statement_timeout` bounds statements).
 *
 * Calls with a callback (as an argument or in the config), query objects with their own `submit`
 * (a cursor) and a missing config go to pg as they are; a config object is copied, so pg's writing
 * the callback into it never reaches the caller's object.
 */
export class KeyholderPgClient extends pg.Client {}

const pgQuery = pg.Client.prototype.query as (this: pg.Client, ...args: unknown[]) => unknown;

/**
 * At most this many named prepared statements stay on one connection: PostgreSQL keeps each
 * (with its plans) until it is deallocated or the connection closes, and the texts a client can
 * have prepared (each order, direction, page size and selection of a list) are many more. Past
 * it, the statement used least recently is deallocated before a new one is prepared.
 */
export const MAX_PREPARED_PER_CONNECTION = 64;

/** The names prepared on each connection, least recently used first. */
const preparedOn = new WeakMap<pg.Client, Map<string, true>>();

/** Where pg notes the statements it has prepared on a connection, so as not to prepare them again. */
interface PreparedNotes {
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
}

/**
 * Notes that `name` is used on `client`; when that makes one too many, deallocates the least
 * recently used, queued before the statement that needs the room (pg runs a client's queries in
 * order), and makes pg forget it, so that a later use prepares it again.
 */
function usePrepared(client: pg.Client, name: string): void {
  let names = preparedOn.get(client);
  if (!names) {
    names = new Map();
    preparedOn.set(client, names);
  }
  if (names.delete(name) || names.size < MAX_PREPARED_PER_CONNECTION) {
    names.set(name, true);
    return;
  }
  const notes = (client as unknown as { connection: PreparedNotes }).connection;
  // Not one whose preparation is under way: pg would note it prepared once the server confirms.
  const oldest = [...names.keys()].find((n) => !(n in notes.submittedNamedStatements));
  names.set(name, true);
  if (oldest === undefined) return;
  names.delete(oldest);
  delete notes.parsedStatements[oldest];
  // A statement whose preparation failed is not there to deallocate: that error changes nothing.
  pgQuery.call(client, `deallocate "${oldest.replace(/"/g, '""')}"`, () => {});
}

function query(this: pg.Client, ...args: unknown[]): unknown {
  const [config, values, callback] = args;
  const options = typeof config === "object" && config !== null ? (config as Record<string, unknown>) : null;
  if (typeof options?.name === "string" && options.name) usePrepared(this, options.name);
  const passThrough =
    config == null ||
    typeof values === "function" ||
    typeof callback === "function" ||
    typeof options?.callback === "function" ||
    typeof options?.submit === "function";
  if (passThrough) return pgQuery.apply(this, args);
  const PromiseOfClient = (this as unknown as { _Promise?: PromiseConstructor })._Promise ?? Promise;
  return new PromiseOfClient<pg.QueryResult>((resolve, reject) => {
    const settle: Callback = (error, result) => (error ? reject(error) : resolve(result));
    pgQuery.call(this, options ? { ...options } : config, values, settle);
  }).catch((error: unknown) => {
    // As pg does: the stack of an error read off the socket leads to the caller, not to it.
    if (error instanceof Error) Error.captureStackTrace(error);
    throw error;
  });
}

// pg's overloads cannot be written out by a subclass; the function above takes each of them.
KeyholderPgClient.prototype.query = query as pg.Client["query"];
