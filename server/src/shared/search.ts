import { DomainError, ErrorCode } from "./errors.js";
import { Sql } from "./sql.js";

const MAX_SEARCH = 200;

/**
 * Checks a list's search text and turns it into a `%text%` LIKE pattern, lower-cased, with
 * LIKE's wildcards escaped so user text matches literally.
 */
export function containsPattern(text: string): string {
  return `%${escapeLike(containsText(text))}%`;
}

/** Checks a list's search text and lower-cases it: the text `containsPattern` matches, unescaped. */
export function containsText(text: string): string {
  return checked(text).toLowerCase();
}

/** The most pieces `trigramPiecePatterns` gives: enough to narrow a text down, few enough to plan quickly. */
const MAX_PIECES = 8;

/**
 * `%piece%` LIKE patterns of short pieces of a search text (lower-cased, as `containsPattern`),
 * each of which a text containing the search text contains, and each of which pg_trgm turns into
 * one or two trigrams: three ASCII letters or digits; two after, or before, an ASCII character
 * that is neither (a word's start or end, so the trigram holds the padding of a word boundary);
 * one after such a character at the text's end. A trigram index answers each pattern as its own
 * scan key, so its posting lists are intersected by skipping, the rarest setting the pace: one
 * LIKE of the whole text is one key, whose rarest trigram gives the candidates and every other
 * trigram's list is read at each of them, which for trigrams every name has ("key", "ey ") is
 * the whole list. Letters outside ASCII are left out (whether pg_trgm counts one as a letter
 * depends on the locale, and a pattern without a trigram would read the whole index). At most
 * `MAX_PIECES`, spread over the text; none for a text without such a piece.
 */
export function trigramPiecePatterns(text: string): string[] {
  const lowered = containsText(text);
  const pieces = new Set<string>();
  for (let i = 0; i < lowered.length; i++) {
    const piece = [lowered.slice(i, i + 3), lowered.slice(i, i + 2)].find((p) => TRIGRAM_PIECE.test(p));
    if (piece) pieces.add(piece);
  }
  const all = [...pieces];
  const step = all.length / MAX_PIECES;
  const spread = step > 1 ? Array.from({ length: MAX_PIECES }, (_, i) => all[Math.floor(i * step)] as string) : all;
  return spread.map((piece) => `%${escapeLike(piece)}%`);
}

/** An ASCII letter or digit (lower case), which pg_trgm counts as a word's in every locale. */
const ALNUM = "[a-z0-9]";
/** Any other printable ASCII character, which ends a word in every locale. */
const NON_WORD = "[\\x20-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7e]";
const TRIGRAM_PIECE = new RegExp(`^(?:${ALNUM}{3}|${NON_WORD}${ALNUM}{2}|${ALNUM}{2}${NON_WORD}|${NON_WORD}${ALNUM})$`);

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
