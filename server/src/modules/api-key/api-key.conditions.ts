import { DomainError, ErrorCode } from "../../shared/errors.js";
import { parseId } from "../../shared/ids.js";
import { containsPattern, containsText, prefixPattern, trigramPiecePatterns } from "../../shared/search.js";
import { allOf, Sql, sql } from "../../shared/sql.js";
import { holderEmailContains, holdersWithEmailContaining } from "../holder/holder.search.js";
import type { ApiKeyFilter } from "./api-key.filter.js";
import { ApiKeySortField, SortDirection, sortValueSql } from "./api-key.order.js";
import { ApiKeyStatus } from "./api-key-status.js";
import { billingHoldersOnSql, keyWorksOnServiceSql } from "./where-key-works.js";

// Every condition on keys is defined once here, over `api_key k`, so the keys list, the holder's
// keys, the CSV export and the risks overview cannot drift apart on what a word means.

const DAY_MS = 86_400_000;

/** When a key was last used, or created if never: the expression `api_key_active_activity_idx` indexes. */
const LAST_ACTIVITY = sql`coalesce(k.last_used_at, k.created_at)`;

/** The longest window, in days, a filter may ask about (ten years). */
export const MAX_DAYS = 3650;

/**
 * The key works now: not revoked and not past its expiry. An expiry at exactly `now` has passed,
 * as in `ApiKey.statusAt`.
 */
export function keyIsActive(now: Date): Sql {
  return sql`k.revoked_at is null and (k.expires_at is null or k.expires_at > ${now})`;
}

/** Not revoked, and its expiry is at or before `now`. */
export function keyIsExpired(now: Date): Sql {
  return sql`k.revoked_at is null and k.expires_at <= ${now}`;
}

/**
 * Active and expiring within `days`: the expiry is after `now` and at or before `now + days`, so a
 * key expiring exactly `days` from now is included and one expiring now (already expired) is not.
 */
export function keyExpiresWithin(days: number, now: Date): Sql {
  // Not `keyIsActive` and a bound: both bounds on expires_at make one range of the expiry index.
  return expiryWithin(sql`k.expires_at`, days, now);
}

/**
 * `keyExpiresWithin` over the expiry sort's expression (`coalesce(expires_at, 'infinity')`, which
 * `api_key_expires_sort_idx` indexes with the id): the same keys, since a key in the window has an
 * expiry. The keys list filters with it, so a page in expiry order is a walk of that index from
 * `now` that stops after the page, instead of a sort of every key expiring in the window.
 */
function keyExpiresWithinInExpiryOrder(days: number, now: Date): Sql {
  return expiryWithin(EXPIRY_SORT, days, now);
}

/** The expiry sort's expression, which `api_key_expires_sort_idx` indexes: a key that never expires sorts last. */
const EXPIRY_SORT = new Sql(sortValueSql({ field: ApiKeySortField.EXPIRES_AT, direction: SortDirection.ASC }));

/** Not revoked, and `expiry` after `now` and at or before `now + days`. */
function expiryWithin(expiry: Sql, days: number, now: Date): Sql {
  return sql`k.revoked_at is null and ${expiry} > ${now} and ${expiry} <= ${new Date(now.getTime() + days * DAY_MS)}`;
}

/**
 * Active and not used for at least `days`: last used at or before `now − days`, or never used and
 * created at or before then. A key last used (or, never used, created) exactly `days` ago counts;
 * a key younger than `days` never does, used or not.
 */
export function keyUnusedFor(days: number, now: Date): Sql {
  return sql`${keyIsActive(now)} and ${LAST_ACTIVITY} <= ${unusedSince(days, now)}`;
}

/** The instant a key must not have been active after to be unused for `days`. */
function unusedSince(days: number, now: Date): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/** Active and used (or, never used, created) less than `days` ago: the active keys not `keyUnusedFor`. */
export function keyUsedWithin(days: number, now: Date): Sql {
  return sql`${keyIsActive(now)} and ${LAST_ACTIVITY} > ${new Date(now.getTime() - days * DAY_MS)}`;
}

/**
 * The key's holder is a user of `status`, asked of each key as a probe of the holder (of the small
 * `holder_departed_idx` for `DEPARTED`), not a join: for walks that stop after a page (see
 * `newestKeysWithHoldersSql`), where a join's cache costs more to set up than the page's probes.
 */
export function keyHolderIsUser(status: "ACTIVE" | "DEPARTED"): Sql {
  // The status is written into the text, so that the partial index's predicate matches it.
  return new Sql(
    `(select true from holder h where h.id = k.holder_id and h.kind = 'USER' and h.status = '${status}') is not null`,
  );
}

/**
 * The two-hop rule (`where-key-works.ts`): active and not suspended (verification refuses a
 * suspended key everywhere), and its holder is a BILLING collaborator on the (unarchived) service.
 */
export function keyWorksOnService(serviceId: string, now: Date): Sql {
  return keyWorksOnServiceSql(sql`${serviceId}`, keyWorks(now));
}

/** Active and not suspended: the keys that work wherever their holder is Billing. */
export function keyWorks(now: Date): Sql {
  return sql`${keyIsActive(now)} and k.suspended_at is null`;
}

/**
 * The conditions of a keys filter, checked first: bad ids are `INVALID_ID`, a search over its limit
 * or a window out of range is `BAD_USER_INPUT`, each with the field it is about. All conditions
 * apply; none means every key.
 */
export function keyFilterConditions(filter: ApiKeyFilter, now: Date): Sql[] {
  const conditions: Sql[] = [];
  if (filter.search != null) {
    const { name, prefix, holder } = searchTerms(filter.search);
    // Each arm of the OR is an index condition (name trigrams, prefix, holder), so the three
    // combine as one bitmap.
    conditions.push(sql`(${name} or ${prefix} or ${holder})`);
  }
  if (filter.environment) conditions.push(sql`k.environment = ${filter.environment}`);
  if (filter.holderId) conditions.push(sql`k.holder_id = ${parseId(filter.holderId, "holderId")}`);
  if (filter.holderKind) {
    conditions.push(sql`k.holder_id in (select id from holder where kind = ${filter.holderKind})`);
  }
  if (filter.holderStatus) {
    conditions.push(
      sql`k.holder_id in (select id from holder where kind = 'USER' and status = ${filter.holderStatus})`,
    );
  }
  if (filter.suspended != null) {
    conditions.push(filter.suspended ? sql`k.suspended_at is not null` : sql`k.suspended_at is null`);
  }
  switch (filter.status) {
    case ApiKeyStatus.ACTIVE:
      conditions.push(keyIsActive(now));
      break;
    case ApiKeyStatus.EXPIRED:
      conditions.push(keyIsExpired(now));
      break;
    case ApiKeyStatus.REVOKED:
      conditions.push(sql`k.revoked_at is not null`);
      break;
  }
  if (filter.worksOnServiceId) {
    conditions.push(keyWorksOnService(parseId(filter.worksOnServiceId, "worksOnServiceId"), now));
  }
  if (filter.expiresWithinDays != null) {
    conditions.push(keyExpiresWithinInExpiryOrder(days(filter.expiresWithinDays, 0, "expiresWithinDays"), now));
  }
  if (filter.unusedForDays != null) {
    conditions.push(keyUnusedFor(days(filter.unusedForDays, 1, "unusedForDays"), now));
  }
  return conditions;
}

/**
 * What a search matches, one condition per way: its text anywhere in the key's name, case-insensitively;
 * the start of the key's prefix, case kept; anywhere in the holder's email (emails are lower-case).
 * The holders whose email matches come first, as an array (from the holders' suffix index), so the
 * holder's arm is an index condition.
 */
function searchTerms(text: string): { name: Sql; prefix: Sql; holder: Sql } {
  const pattern = containsPattern(text);
  return {
    name: sql`lower(k.name) like ${pattern}`,
    prefix: sql`k.prefix like ${prefixPattern(text)}`,
    holder: sql`k.holder_id = any(array(${holdersWithEmailContaining(text)}))`,
  };
}

/**
 * A search's keys as disjoint parts whose union is the search's condition in
 * `keyFilterConditions` but for its holder part: by prefix; by name and not by prefix (one part
 * or two, see `keyNameParts`); the third, by holder and neither, is `keyHolderSearch`. A list
 * walks each in its order and takes the first of their rows, instead of one bitmap of every
 * match. The prefix's part is then a range of
 * `api_key_prefix_created_idx` read from the index alone (a prefix such as `kh_live_ab` matches
 * one key in 384, whose creation the index holds), or, for a prefix most keys share (`kh_`), a
 * walk of the creation index that stops after the page. Checked as `keyFilterConditions` checks
 * the search.
 */
export function keySearchParts(text: string): Sql[] {
  const { prefix } = searchTerms(text);
  return [prefix, ...keyNameParts(text).map((byName) => sql`${byName} and not (${prefix})`)];
}

/** How many of the newest keys `keyNameParts` looks at to tell a text many keys contain from a rare one. */
const NEWEST_KEYS_LOOKED_AT = 200;

/**
 * The keys whose name contains a search's text, as disjoint parts whose union is `searchTerms`'
 * name condition. A text that one of the newest keys' names contains is common, and the planner's
 * choice for the name condition stands (a walk in the list's order that stops after the page).
 * Any other text is `keyNameByPieces`. Which of the two applies is decided by the look at the
 * newest keys, an uncorrelated subquery that each of the two parts runs once (one snapshot, so the
 * two agree; 200 keys read twice), and the part not chosen reads nothing more. The look ignores
 * the list's other filters. A text without pieces is one part, the name condition.
 */
export function keyNameParts(text: string): Sql[] {
  const { name } = searchTerms(text);
  const byPieces = keyNameByPieces(text);
  if (!byPieces) return [name];
  const common = sql`exists (select from (select r.name from api_key r order by r.created_at desc, r.id desc limit ${NEWEST_KEYS_LOOKED_AT}) r
      where lower(r.name) like ${containsPattern(text)})`;
  return [sql`${common} and ${name}`, sql`not ${common} and ${byPieces}`];
}

/**
 * `searchTerms`' name condition through the text's short pieces (`trigramPiecePatterns`), each a
 * condition of its own that `api_key_name_trgm_idx` answers, so the index intersects their
 * posting lists by skipping, the rarest setting the pace, instead of reading the lists of the
 * trigrams nearly every name has ("key", "ey ") at each candidate of the rarest, as it does for a
 * LIKE of the whole text. The whole text is then checked on each key the index gives, with
 * `strpos`, which that index does not answer, so it adds no list to read. Null for a text without
 * pieces.
 */
export function keyNameByPieces(text: string): Sql | null {
  const pieces = trigramPiecePatterns(text);
  if (!pieces.length) return null;
  return allOf([
    ...pieces.map((piece) => sql`lower(k.name) like ${piece}`),
    sql`strpos(lower(k.name), ${containsText(text)}) > 0`,
  ]);
}

/**
 * The third part of a search (`keySearchParts`): keys whose holder's email contains the text and
 * whose name and prefix do not. Its holders can be a few (`user42`) or most of the registry
 * (`agency1`, `gov`), so a list picks its page at run time, in one statement (see
 * `ApiKeyRepository.page`): a walk of the keys in the page's order asking each key's holder,
 * which fills the page soon when most holders match; else each matching holder's own keys,
 * merged, when they are few; else that walk again, to the page.
 */
export interface KeyHolderSearch {
  /** The part's condition besides the holder: neither the name nor the prefix matches. */
  others: Sql;
  /** Whether key `k`'s holder matches: a primary-key probe (`holderEmailContains`). */
  holderMatches: Sql;
  /** A statement selecting the `id` of every matching holder, from the holders' suffix index. */
  holders: Sql;
}

/** The holder part of a search of `text` (`KeyHolderSearch`), checked as `keySearchParts` checks it. */
export function keyHolderSearch(text: string): KeyHolderSearch {
  const { name, prefix } = searchTerms(text);
  return {
    others: sql`not (${name}) and not (${prefix})`,
    holderMatches: holderEmailContains(sql`k.holder_id`, text),
    holders: holdersWithEmailContaining(text),
  };
}

/**
 * The keys of a filter as disjoint parts whose union is every key it matches: conditions to add to
 * `keyFilterConditions`, one per part, each of which an index walks in the list's order; a single
 * part (none to add) for most filters. A key unused since the window's start was created by then,
 * unless it was last used before it was created (imported with an earlier last use): the newest
 * unused keys come from a walk of the creation index that starts at the window's start, and those
 * few from their own partial index, instead of a walk past every key created within the window.
 */
export function keyFilterParts(filter: ApiKeyFilter, now: Date): Sql[] {
  if (filter.unusedForDays == null) return [];
  return keyUnusedForParts(days(filter.unusedForDays, 1, "unusedForDays"), now);
}

/** `keyUnusedFor`'s keys as the two disjoint parts of `keyFilterParts`, each walked newest first. */
export function keyUnusedForParts(days: number, now: Date): Sql[] {
  const since = unusedSince(days, now);
  return [sql`k.created_at <= ${since}`, sql`k.created_at > ${since} and k.last_used_at < k.created_at`];
}

/**
 * The holders a filter limits the keys to, as a statement selecting `holder_id` (each once), when
 * that set stays small however many keys the registry holds, or null: for `worksOnServiceId`, the
 * service's Billing collaborators. A list then walks each of their keys in its order and merges
 * the walks, instead of walking every key in its order to find the few of those holders.
 */
export function keyFilterHolders(filter: ApiKeyFilter): Sql | null {
  if (!filter.worksOnServiceId) return null;
  return billingHoldersOnSql(sql`${parseId(filter.worksOnServiceId, "worksOnServiceId")}`);
}

function days(value: number, min: number, field: string): number {
  if (!Number.isInteger(value) || value < min || value > MAX_DAYS) {
    throw new DomainError(ErrorCode.BAD_USER_INPUT, `${field} must be between ${min} and ${MAX_DAYS}.`, field);
  }
  return value;
}
