import { anyContains, lexemePrefixQuery } from "../../shared/search.js";
import { type Sql, sql } from "../../shared/sql.js";

/**
 * Texts shorter than this are searched by the LIKE alone: one or two characters start a large
 * share of all suffixes, so the index would read most of itself, while such a text matches so many
 * holders that walking the email order finds a page soon.
 */
const INDEXED_FROM = 3;

/**
 * The condition that holder `h`'s email or lower-cased name contains `text` (`anyContains`: case
 * folded, LIKE wildcards literal). For a text of three or more characters the same question is
 * also put to `holder_search_idx` (every suffix of both, Migration20261205070000_holder_search_terms):
 * a suffix starting with the text is exactly a place the text occurs, so the index finds every
 * match by reading the entries that start with the text, as many as there are matches. The LIKE
 * stays and decides; the index only narrows.
 */
export function holderContains(text: string): Sql {
  const contains = anyContains(["h.email", "lower(h.name)"], text);
  const query = lexemePrefixQuery(text);
  if (query === null || [...text.trim()].length < INDEXED_FROM) return contains;
  return sql`${contains} and holder_search_terms(h.email, h.name) @@ cast(${query} as tsquery)`;
}
