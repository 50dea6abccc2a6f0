import type { EntityManager } from "@mikro-orm/postgresql";
import { allOf, joinSql, type Sql, sql } from "../../shared/sql.js";
import { keyFilterConditions, keyUsedWithin } from "./api-key.conditions.js";
import type { ApiKeyFilter } from "./api-key.filter.js";
import { ApiKeyStatus } from "./api-key-status.js";

const DAY_MS = 86_400_000;

/** Days older than this many days before today are folded into one (`-infinity`) when counting. */
const FOLD_AFTER_DAYS = 2;

/**
 * The unrevoked keys whose expiry falls in `(after, until]`, a key that never expires being after
 * every instant; null for no bound. The same instants as `keyIsActive` (after now),
 * `keyIsExpired` (until now) and `keyExpiresWithin` (after now, until now + days).
 */
interface ExpiryWindow {
  after: Date | null;
  until: Date | null;
}

/**
 * One statement that counts the keys matching `filter` from the trigger-kept `api_key_count`
 * (Migration20261205040000_api_key_counts), or null when the filter asks about more than the
 * summary's categories (search, a holder or its status, a service): their count is then a count of
 * the filter's rows. Keys unused for N days are the active ones less those used within N days,
 * read from the activity index: that range grows with the keys in use, not with the registry. Time enters as UTC expiry days: whole days from the summary,
 * the (at most two) days an instant of the window falls in from the expiry index, so what is read
 * does not grow with the keys. The statement also folds committed per-transaction rows
 * (`api_key_count_fold`); the count reads its own snapshot, taken before the fold.
 */
export function keyCountSql(filter: ApiKeyFilter, now: Date): Sql | null {
  if (filter.search != null || filter.holderId || filter.holderStatus || filter.worksOnServiceId) return null;
  // Checked as the list checks it (a bad window is BAD_USER_INPUT either way).
  keyFilterConditions(filter, now);
  const categories = { environment: filter.environment, holderKind: filter.holderKind, suspended: filter.suspended };
  const kept: Sql[] = [];
  if (filter.environment) kept.push(sql`c.environment = ${filter.environment}`);
  if (filter.holderKind) kept.push(sql`c.holder_kind = ${filter.holderKind}`);
  if (filter.suspended != null) kept.push(sql`c.suspended = ${filter.suspended}`);

  let count: Sql;
  const windowed = filter.expiresWithinDays != null;
  const unused = filter.unusedForDays;
  if (filter.status === ApiKeyStatus.REVOKED || filter.status === ApiKeyStatus.EXPIRED) {
    // Expiring soon and unused both mean active: none is revoked or expired. Rare; the rows' count says so.
    if (windowed || unused != null) return null;
  }
  if (unused != null) {
    if (windowed) return null;
    // The active keys are those unused for the days and those used within them (`keyUsedWithin`),
    // the latter an index range over the recently active keys, however many keys lie before it.
    const categorical = keyFilterConditions(categories, now);
    count = sql`${unrevokedIn({ after: now, until: null }, kept, categorical)} - ${counted([...categorical, keyUsedWithin(unused, now)])}`;
  } else if (filter.status === ApiKeyStatus.REVOKED) {
    count = summed([...kept, sql`c.revoked`]);
  } else if (filter.status == null && !windowed) {
    count = summed(kept);
  } else {
    const window: ExpiryWindow =
      filter.status === ApiKeyStatus.EXPIRED
        ? { after: null, until: now }
        : {
            after: now,
            until: windowed ? new Date(now.getTime() + (filter.expiresWithinDays as number) * DAY_MS) : null,
          };
    count = unrevokedIn(window, kept, keyFilterConditions(categories, now));
  }
  return sql`select ${keyCountFoldSql(now)} is null as folded, (${count})::bigint as n`;
}

/**
 * Folds the summary's committed per-transaction rows into one row per bucket, and the days
 * before `now − FOLD_AFTER_DAYS` into one: every count does it, and a scheduled job does it too so
 * that the rows do not pile up while nobody reads a count (`notify/jobs.ts`). With nothing to
 * fold (the function asks its two indexes first) it takes no lock and writes nothing.
 */
export function keyCountFoldSql(now: Date): Sql {
  const foldBefore = utcDay(new Date(now.getTime() - FOLD_AFTER_DAYS * DAY_MS));
  return sql`api_key_count_fold(cast(${foldBefore} as date))`;
}

/** The summary's keys in `conditions` (over `api_key_count c`). */
function summed(conditions: Sql[]): Sql {
  return sql`(select coalesce(sum(c.n), 0) from api_key_count c where ${allOf(conditions)})`;
}

/** Keys matching `conditions` (over `api_key k`), read from the table: for instants within one day. */
function counted(conditions: Sql[]): Sql {
  return sql`(select count(*) from api_key k where ${allOf(conditions)})`;
}

/**
 * Unrevoked keys in the summary's categories `kept` (the same as `categories` over the key table)
 * whose expiry is in `window`: the summary's whole days strictly between the window's two days,
 * and the keys of the days its bounds fall in, from the expiry index.
 */
function unrevokedIn({ after, until }: ExpiryWindow, kept: Sql[], categories: Sql[]): Sql {
  const unrevoked = [...categories, sql`k.revoked_at is null`];
  const days = [...kept, sql`not c.revoked`];
  if (after) days.push(sql`c.expires_on > cast(${utcDay(after)} as date)`);
  if (until) days.push(sql`c.expires_on < cast(${utcDay(until)} as date)`);
  const parts = [summed(days)];
  if (after && until && utcDay(after) === utcDay(until)) {
    parts.push(counted([...unrevoked, sql`k.expires_at > ${after}`, sql`k.expires_at <= ${until}`]));
  } else {
    if (after) parts.push(counted([...unrevoked, sql`k.expires_at > ${after}`, sql`k.expires_at < ${nextDay(after)}`]));
    if (until)
      parts.push(counted([...unrevoked, sql`k.expires_at >= ${startOfDay(until)}`, sql`k.expires_at <= ${until}`]));
  }
  return joinSql(parts, " + ");
}

/** The UTC day of `at`, as `YYYY-MM-DD`: the summary's `expires_on` of a key expiring then. */
function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

function startOfDay(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}

function nextDay(at: Date): Date {
  return new Date(startOfDay(at).getTime() + DAY_MS);
}

/** Runs the fold on its own (the scheduled job's half for this summary). */
export async function foldKeyCounts(em: EntityManager, now: Date): Promise<void> {
  const fold = sql`select ${keyCountFoldSql(now)} is null as folded`;
  await em.execute(fold.text, [...fold.params]);
}
