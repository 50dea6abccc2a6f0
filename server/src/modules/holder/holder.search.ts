import { anyContains, containsPattern, lexemePrefixQuery } from "../../shared/search.js";
import { allOf, Sql, sql } from "../../shared/sql.js";

/**
 * Texts shorter than this are searched by the LIKE alone: one or two characters start a large
 * share of all suffixes, so the index would read most of itself, while such a text matches so many
 * holders that walking the email order finds a page soon.
 */
const INDEXED_FROM = 3;

/**
 * How many holders a search page walks in email order before it asks the suffix index instead: a
 * text that a fifth of the holders there contain fills its page within the walk, and one that
 * fewer contain is answered from its matches alone.
 */
const WALK = 250;

/** The condition that holder `h`'s email or lower-cased name contains `text` (`anyContains`). */
export function holderContains(text: string): Sql {
  return anyContains(["h.email", "lower(h.name)"], text);
}

/**
 * Whether the holder of id `holderId` (an expression of the caller's row, such as `k.holder_id`)
 * has an email containing `text`, as a scalar subquery: one primary-key probe per row, which
 * PostgreSQL never turns into a hash of every matching holder as it may an `exists` or an `in`.
 * Null for no such holder.
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
 * The ids of a page of holders `h` that contain `text` and meet `conditions`, in email order
 * `dir`, at most `limit`; null for a text too short for the suffix index (`INDEXED_FROM`).
 *
 * `holder_search_idx` (Migration20261205070000_holder_search_terms) holds every suffix of the email
 * and the lower-cased name; a suffix starting with the text is exactly a place the text occurs, so
 * the index finds every match by reading the entries that start with the text, as many as there
 * are matches. Its function is costly to evaluate row by row, and a text that most holders
 * contain would read a match per holder, so the page first walks `WALK` holders in email order with
 * the LIKE alone; only when that walk neither fills the page nor reaches the end does the index
 * answer, with the LIKE still deciding what matches. One statement either way. `walkFirst` is
 * how many holders the walk reads (0: the index answers).
 */
export function holderSearchPage(
  text: string,
  conditions: Sql[],
  dir: "asc" | "desc",
  limit: number,
  walkFirst = WALK,
): Sql | null {
  const query = lexemePrefixQuery(text);
  if (query === null || [...text.trim()].length < INDEXED_FROM) return null;
  const contains = holderContains(text);
  const where = allOf(conditions);
  const order = new Sql(`order by h.email ${dir}`);
  const walk = (columns: Sql) => sql`select ${columns} from holder h where ${where} ${order} limit ${walkFirst}`;
  // The walk stops at the page's last match; only a walk that found too few is counted to the end.
  return sql`with near as materialized (
      select id, email from (${walk(sql`h.id, h.email, ${contains} as hit`)}) w where hit limit ${limit}),
    walked as (select (select count(*) from near) >= ${limit}
                   or (select count(*) from (${walk(sql`1`)}) w) < ${walkFirst} as answered)
    select id from near where (select answered from walked)
    union all
    select id from (select h.id from holder h
                     where not (select answered from walked) and ${contains}
                       and holder_search_terms(h.email, h.name) @@ cast(${query} as tsquery) and ${where}
                     ${order} limit ${limit}) indexed`;
}
