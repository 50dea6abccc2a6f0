import { hasUnstorableCharacters } from "../../shared/text.js";
import { ScimError } from "./scim-error.js";

/** A filter Keyholder can answer: one attribute compared for equality with a string. */
export interface ScimFilter {
  attribute: string;
  value: string;
}

// `attr eq "value"`, the shape Okta and Entra send when they look a resource up before creating it
// (RFC 7644 §3.4.2.2). The value is a JSON string, so escaped quotes inside it are allowed.
const EQUALITY = /^\s*([A-Za-z][\w.:[\]" -]*?)\s+eq\s+("(?:[^"\\]|\\.)*")\s*$/i;

/**
 * Parses `filter` for the attributes a resource type supports (compared case-insensitively, as
 * RFC 7643 makes attribute names). Anything else is refused with 400 `invalidFilter`, so an
 * identity provider never mistakes an unsupported filter for "no such resource".
 */
export function parseFilter(filter: string | undefined, supported: Record<string, string>): ScimFilter | null {
  if (filter === undefined || filter.trim() === "") return null;
  if (filter.length > 1000) throw new ScimError(400, "The filter is too long.", "invalidFilter");
  const match = EQUALITY.exec(filter);
  if (!match) {
    throw new ScimError(400, 'Only `<attribute> eq "<value>"` filters are supported.', "invalidFilter");
  }
  // Names compared without case or spaces, on both sides: `emails[type eq "work"].value` is one.
  const key = (name: string) => name.toLowerCase().replace(/\s+/g, "");
  const attribute = Object.entries(supported).find(([name]) => key(name) === key(match[1] as string))?.[1];
  if (!attribute) {
    throw new ScimError(
      400,
      `Filtering on ${match[1]} is not supported; use one of: ${[...new Set(Object.values(supported))].join(", ")}.`,
      "invalidFilter",
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(match[2] as string);
  } catch {
    throw new ScimError(400, "The filter's value is not a valid string.", "invalidFilter");
  }
  // `\u0000` or a lone surrogate decodes to text PostgreSQL cannot compare: refused, not a 500.
  if (hasUnstorableCharacters(value as string)) {
    throw new ScimError(400, "The filter's value contains NUL characters or unpaired surrogates.", "invalidFilter");
  }
  return { attribute, value: value as string };
}

/** `startIndex` and `count` of a list request (RFC 7644 §3.4.2.4), checked. */
export function parsePage(query: { startIndex?: string; count?: string }, maxCount: number) {
  const number = (text: string | undefined, name: string, fallback: number) => {
    if (text === undefined || text === "") return fallback;
    if (!/^-?\d{1,9}$/.test(text)) throw new ScimError(400, `${name} must be an integer.`, "invalidValue");
    return Number(text);
  };
  // Non-positive values are read as 1 and 0, as the RFC says; a count above the maximum is capped.
  const startIndex = Math.max(1, number(query.startIndex, "startIndex", 1));
  const count = Math.min(maxCount, Math.max(0, number(query.count, "count", maxCount)));
  return { startIndex, count };
}
