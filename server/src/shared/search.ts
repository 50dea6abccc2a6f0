import { DomainError, ErrorCode } from "./errors.js";

const MAX_SEARCH = 200;

/**
 * Checks a list's search text and turns it into a `%text%` LIKE pattern, lower-cased, with
 * LIKE's wildcards escaped so user text matches literally.
 */
export function containsPattern(text: string): string {
  if (text.length > MAX_SEARCH) {
    throw new DomainError(ErrorCode.BAD_USER_INPUT, `search is longer than ${MAX_SEARCH} characters.`, "search");
  }
  return `%${text
    .trim()
    .toLowerCase()
    .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * A `text%` LIKE pattern for a search by a prefix (as typed, case kept), with LIKE's wildcards
 * escaped: `kh_live_` must not match `khXliveX`, and a literal start lets the index find it.
 */
export function startsWithPattern(text: string): string {
  return `${text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
