import { anyContains, containsPattern, lexemePrefixQuery } from "../../shared/search.js";
import { allOf, Sql, sql } from "../../shared/sql.js";

/**
 * Texts shorter than this are searched by the LIKE alone: one or two characters start a large
 * share of all suffixes, so the index would read most of itself, while such a text matches so many
 * holders that walking the email order finds a page soon.
 */
const INDEXED_FROM = 3;

/**
 * How a search page picks its holders (`holderSearchPage`); tests choose each way with it.
 */
export interface HolderSearchWays {
  /**
   * How many holders it walks in email order before it asks anything else: a text that a fifth
   * of the holders there contain fills its page within the walk, and one that fewer contain is
   * answered from its matches alone.
   */
  walk: number;
  /** How many holders, in the order of their random ids, it then samples to guess how many match. */
  sample: number;
  /**
   * How many holders it may walk on in email order per holder it guesses matches, before it
   * reads every match from the suffix index instead: an entry of the email order costs the walk
   * no more than a match costs the index (its entry, its row, the LIKE, its place in the sort),
   * so a walk that gives up has cost about what the index then costs.
   */
  perMatch: number;
  /**
   * How much sooner than its end the walk on must expect to fill the page, were the guessed
   * matches spread evenly over the email order, for it to be tried at all: `limit × holders ÷
   * guess` entries, at most `guess × perMatch ÷ lead`. Matches are seldom spread evenly (the
   * holders that contain `user42` sort together), so a walk expected to fill the page only near its
   * end would mostly give up; the index reads the same matches for certain, and a text that few
   * holders contain for its registry's size goes there directly.
   */
  lead: number;
  /**
   * Below what share of the sample a search's count (`holderCountSql`) reads the suffix index:
   * with more of the holders matching, the LIKE of every row costs less.
   */
  countFromIndexBelow: number;
}

const WAYS: HolderSearchWays = { walk: 250, sample: 250, perMatch: 1, lead: 4, countFromIndexBelow: 0.5 };

/**
 * How many of the first `sample` holders in the order of their random ids meet `contains`: a
 * search's guess of how many holders contain its text, read from `holder_id_email_name_idx` alone.
 */
function sampleHits(contains: Sql, sample: number): Sql {
  return sql`(select count(*) from (select h.email, h.name from holder h order by h.id limit ${sample}) h
      where ${contains})`;
}

/** The condition that holder `h`'s email or lower-cased name contains `text` (`anyContains`). */
export function holderContains(text: string): Sql {
  return anyContains(["h.email", "lower(h.name)"], text);
}

/**
 * Whether the holder of id `holderId` (an expression of the caller's row, such as `k.holder_id`)
 * has an email containing `text`, as a scalar subquery: one probe by id per row (index-only,
 * from `holder_id_email_name_idx`), which PostgreSQL never turns into a hash of every matching
 * holder as it may an `exists` or an `in`. Null for no such holder.
 */
export function holderEmailContains(holderId: Sql, text: string): Sql {
  return sql`(select h.email like ${containsPattern(text)} from holder h where h.id = ${holderId})`;
}

/**
 * A statement selecting the `id` of every holder whose email contains `text`, from the suffix
 * index (`holderSearchPage`) when the text is long enough for it: entries read grow with the
 * holders that match, not with the registry. The LIKE decides (the index also holds the name's
 * suffixes); it is kept out of the index scan (`offset 0`), as a bitmap of the email's trigram
 * index combined with the suffix index would make PostgreSQL recompute the suffixes of every row.
 */
export function holdersWithEmailContaining(text: string): Sql {
  const like = sql`h.email like ${containsPattern(text)}`;
  const query = lexemePrefixQuery(text);
  if (query === null || [...text.trim()].length < INDEXED_FROM) return sql`select h.id from holder h where ${like}`;
  return sql`select h.id from (select h.id, h.email from holder h
      where holder_search_terms(h.email, h.name) @@ cast(${query} as tsquery) offset 0) h where ${like}`;
}

/**
 * A statement counting the holders that contain `text` and meet `conditions` (as `n`), the same
 * holders as `holderContains`: a list's `totalCount`. A text too short for the suffix index
 * (`INDEXED_FROM`) is counted with the LIKE alone. Else the count reads the suffix index, whose
 * entries grow with the matches (0.5 ms for `user42`'s ~900 of 100,000 holders, against 23 ms
 * for the LIKE of every holder), unless the same sample as the page's (`HolderSearchWays.sample`)
 * guesses that half the holders or more contain the text (`countFromIndexBelow`): then their
 * every suffix is read, more than the LIKE of each row costs (41 ms against 23 for a text every
 * holder contains). An uncorrelated subquery gates the two, so PostgreSQL runs only one.
 */
export function holderCountSql(text: string, conditions: Sql[], ways = WAYS): Sql {
  const contains = holderContains(text);
  const where = allOf(conditions);
  const query = lexemePrefixQuery(text);
  const like = sql`select count(*) from holder h where ${contains} and ${where}`;
  if (query === null || [...text.trim()].length < INDEXED_FROM) return sql`select (${like}) as n`;
  const hits = sampleHits(contains, ways.sample);
  const sampled = sql`(select count(*) from (select 1 from holder h order by h.id limit ${ways.sample}) h)`;
  const below = new Sql(String(Number(ways.countFromIndexBelow)));
  return sql`select case when ${hits} < ${below} * ${sampled}
      then (select count(*) from holder h
             where ${contains} and holder_search_terms(h.email, h.name) @@ cast(${query} as tsquery) and ${where})
      else (${like}) end as n`;
}

/**
 * The ids of a page of holders `h` that contain `text` and meet `conditions`, in email order
 * `dir`, at most `limit`; null for a text too short for the suffix index (`INDEXED_FROM`).
 *
 * `holder_search_idx` (Migration20261205070000_holder_search_terms) holds every suffix of the email
 * and the lower-cased name; a suffix starting with the text is exactly a place the text occurs, so
 * the index finds every match by reading the entries that start with the text, as many as there
 * are matches, all of which are then sorted. That suits a text few holders contain. One that many
 * contain is found sooner by walking the email order with the LIKE alone, from an index that holds
 * the email and the name (`holder_email_name_idx`: no holder row is read): within the first `walk`
 * holders when its matches come early (`agency1`); else, when a sample of the holders says so many
 * match for the registry's size that the page should fill well before the walk's end (`lead`), by
 * walking on, as far as the index would read (`perMatch`), which finds a text whose matches come
 * late (`user`: 80,000 holders after 20,000 `team…` ones, ~200 pages where the index reads ~1,000
 * and sorts 80,000). A rarer one (`user42`: ~900 of 100,000) goes to the index directly. The LIKE
 * decides what matches in every way. One statement: its uncorrelated subqueries gate the three
 * ways, so PostgreSQL runs only those it needs.
 */
export function holderSearchPage(
  text: string,
  conditions: Sql[],
  dir: "asc" | "desc",
  limit: number,
  ways = WAYS,
): Sql | null {
  const query = lexemePrefixQuery(text);
  if (query === null || [...text.trim()].length < INDEXED_FROM) return null;
  const contains = holderContains(text);
  const where = allOf(conditions);
  const order = new Sql(`order by h.email ${dir}`);
  const walk = (columns: Sql, length: Sql) =>
    sql`select ${columns} from holder h where ${where} ${order} limit ${length}`;
  // Each walk stops at the page's last match; only a walk that found too few is counted to its end.
  const walked = (name: string, length: Sql) =>
    sql`${new Sql(name)} as materialized (
        select id from (${walk(sql`h.id, ${contains} as hit`, length)}) w where hit limit ${limit}),
      ${new Sql(`${name}_answered`)} as (select (select count(*) from ${new Sql(name)}) >= ${limit}
        or (select count(*) from (${walk(sql`1`, length)}) w) < ${length} as answered)`;
  // The holders' count is the planner's estimate, enough to choose a way.
  const holders = sql`(select greatest(reltuples, 1) from pg_class where oid = 'holder'::regclass)`;
  return sql`with ${walked("near", sql`${ways.walk}`)},
    guess as materialized (select n.holders, case when (select answered from near_answered) then 0
                                       else ${sampleHits(contains, ways.sample)} * n.holders / ${Math.max(ways.sample, 1)}
                                       end as matches
                             from (select ${holders} as holders) n),
    farther as materialized (select case when g.matches * g.matches * ${ways.perMatch} >= ${ways.lead * limit} * g.holders
                                         then ceil(g.matches * ${ways.perMatch})::bigint else 0 end as length
                               from guess g),
    ${walked("far", sql`(select length from farther)`)}
    select id from near where (select answered from near_answered)
    union all
    select id from far where not (select answered from near_answered) and (select answered from far_answered)
    union all
    select id from (select h.id from holder h
                     where not (select answered from near_answered) and not (select answered from far_answered)
                       and ${contains} and holder_search_terms(h.email, h.name) @@ cast(${query} as tsquery)
                       and ${where}
                     ${order} limit ${limit}) indexed`;
}
