import { DomainError, ErrorCode } from "./errors.js";
import { Sql } from "./sql.js";

const MAX_SEARCH = 200;

/**
 * Checks a list's search text and turns it into a `%text%` LIKE pattern, lower-cased, with
 * LIKE's wildcards escaped so user text matches literally.
 */
export function containsPattern(text: string): string {
  return `%${escapeLike(checked(text).toLowerCase())}%`;
}

/** The condition that any of `columns` (lower-cased ones, for `containsPattern`) contains `text`. */
export function anyContains(columns: readonly string[], text: string): Sql {
  const pattern = containsPattern(text);
  return new Sql(
    `(${columns.map((column) => `${column} like ?`).join(" or ")})`,
    columns.map(() => pattern),
  );
}

/**
 * Checks a list's search text and turns it into a tsquery that matches any lexeme starting with
 * the text, lower-cased (as `containsPattern`), taken as one literal lexeme: quotes and
 * backslashes doubled, so no character of it is tsquery syntax. Null when the text is empty, which
 * no lexeme prefix can state.
 */
export function lexemePrefixQuery(text: string): string | null {
  const lowered = checked(text).toLowerCase();
  return lowered ? `'${lowered.replace(/['\\]/g, (c) => c + c)}':*` : null;
}

/**
 * Checks a search text and turns it into a `text%` LIKE pattern (case kept), wildcards escaped:
 * `kh_live_` must not match `khXliveX`, and a literal start lets an index find it.
 */
export function prefixPattern(text: string): string {
  return `${escapeLike(checked(text))}%`;
}

function checked(text: string): string {
  if (text.length > MAX_SEARCH) {
    throw new DomainError(ErrorCode.BAD_USER_INPUT, `search is longer than ${MAX_SEARCH} characters.`, "search");
  }
  return text.trim();
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
