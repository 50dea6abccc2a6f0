import type { EntityManager } from "@mikro-orm/postgresql";
import type { Keyset } from "../../shared/pagination.js";
import { allOf, joinSql, Sql, sql } from "../../shared/sql.js";
import { keyFilterConditions, keyIsActive, keyWorks } from "./api-key.conditions.js";
import type { ApiKeyFilter } from "./api-key.filter.js";
import { type ApiKeyOrder, orderBySql, orderOf } from "./api-key.order.js";
import { liveBillingSql, worksOnSlugsSql } from "./where-key-works.js";

// The statements other modules run on `api_key`, named for what they answer: the key table is
// written and read here only, and callers pass what they need.

/**
 * The key whose current or previous secret has the digest `$1` (node-postgres numbering), with
 * its holder and where its holder's keys work (`billing`: slugs, sorted),
 * for verification: one row or none. `extra` adds columns (SQL written by the caller).
 */
export function keyBySecretDigestSql(extra?: string): string {
  return `select k.id, k.environment, k.revoked_at is not null as revoked,
      k.suspended_at is not null as suspended, k.holder_id, h.email, h.kind,
      (extract(epoch from k.expires_at) * 1000)::float8 as expires_ms,
      k.secret_digest = $1 as current,
      (extract(epoch from k.previous_secret_expires_at) * 1000)::float8 as previous_until_ms,
      ${worksOnSlugsSql("k.holder_id", "array")} as billing${extra ? `,\n      ${extra}` : ""}
    from api_key k join holder h on h.id = k.holder_id
    where k.secret_digest = $1 or k.previous_secret_digest = $1`;
}

/**
 * The display prefixes of imported keys that have a digest, each once: the only foreign secrets
 * verification looks up are those starting with one of them (see ADR 0010).
 */
export function importedKeyPrefixesSql(): string {
  return "select distinct prefix from api_key where imported_at is not null and secret_digest is not null";
}

/**
 * A timestamptz as the API writes it: ISO 8601 in UTC with milliseconds and `Z`
 * (`2027-01-03T12:08:47.552Z`). Formatted in SQL because the pool's type parser leaves
 * timestamps as PostgreSQL text (`2027-01-03 12:08:47.552+00`).
 */
function isoUtc(column: Sql): Sql {
  return sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/**
 * The CSV export's statement, its columns in the file's order: the keys list's own filter conditions (`keyFilterConditions`, checked
 * there), in the order asked for or the list's default for that filter (`orderOf`). Throws a DomainError for a bad filter before anything is sent.
 *
 * Each key's holder and the holder's live Billing slugs come from one lateral subquery per holder,
 * not per key: `offset 0` keeps PostgreSQL from flattening it, so the planner puts a Memoize node
 * over it (keyed by the holder) and works the slugs out once per holder (10 keys per holder: a
 * tenth of the probes). The cache holds every holder of the export only when the session's
 * `work_mem` allows it (`EXPORT_WORK_MEM`, ~19 MB for 100,000 holders); with the default 4 MB
 * it evicts nearly every entry and the statement costs as much as one subquery per key.
 */
export function keysForExportSql(filter: ApiKeyFilter, order: ApiKeyOrder | null, now: Date): Sql {
  const active = keyIsActive(now);
  return sql`select k.id, k.name, k.environment,
    case when k.revoked_at is not null then 'REVOKED' when ${active} then 'ACTIVE' else 'EXPIRED' end as status,
    k.prefix, h.email, h.kind, h.status as holder_status,
    case when ${keyWorks(now)} then h.billing end as works_on,
    ${isoUtc(sql`k.last_used_at`)} as last_used_at, ${isoUtc(sql`k.expires_at`)} as expires_at
  from api_key k cross join lateral (
    select h.email, h.kind, h.status, ${new Sql(worksOnSlugsSql("h.id", { separator: ";" }))} as billing
      from holder h where h.id = k.holder_id offset 0) h
  where ${allOf(keyFilterConditions(filter, now))}
  order by ${new Sql(orderBySql(orderOf(filter, order)))}`;
}

/**
 * The `work_mem` the CSV export's session runs with: PostgreSQL caps the Memoize cache of
 * `keysForExportSql` at `work_mem × hash_mem_multiplier` (2 by default), so 32 MB keeps the
 * holders of a registry of ~300,000 holders (3M keys) cached; beyond that the cache evicts and
 * the export slows, never fails. Only the export's own session raises it, for its statement.
 */
export const EXPORT_WORK_MEM = "32MB";

/** A key as a move reads it: its holder, version, and whether it is revoked or active at `now`. */
export interface KeyToMove {
  id: string;
  name: string;
  prefix: string;
  holder_id: string;
  holder_email: string;
  version: number;
  revoked: boolean;
  active: boolean;
}

/**
 * Locks these keys FOR UPDATE, on the key table alone and in id order: a locking read through a
 * join can lose a row that a concurrent move just changed.
 */
export async function lockKeys(em: EntityManager, ids: readonly string[]): Promise<void> {
  await em.execute("select id from api_key where id = any(?::uuid[]) order by id for update", [`{${ids.join(",")}}`]);
}

/** These keys (those that exist), by id, with their holders' emails, as a move reads them. */
export function keysToMove(em: EntityManager, ids: readonly string[], now: Date): Promise<KeyToMove[]> {
  return em.execute<KeyToMove[]>(
    `select k.id, k.name, k.prefix, k.holder_id, h.email as holder_email, k.version, k.revoked_at is not null as revoked,
        (k.revoked_at is null and (k.expires_at is null or k.expires_at > ?)) as active
       from api_key k join holder h on h.id = k.holder_id
      where k.id = any(?::uuid[])
      order by k.id`,
    [now, `{${ids.join(",")}}`],
  );
}

/** A holder's active keys (id, name, prefix), by id. */
export function activeKeysOfHolder(
  em: EntityManager,
  holderId: string,
  now: Date,
): Promise<{ id: string; name: string; prefix: string }[]> {
  return em.execute<{ id: string; name: string; prefix: string }[]>(
    `select id, name, prefix from api_key
      where holder_id = ? and revoked_at is null and (expires_at is null or expires_at > ?) order by id`,
    [holderId, now],
  );
}

/** The slugs of the services each of these holders' keys work on while active (`liveBillingSql`), by holder then slug. */
export function liveBillingSlugsOf(
  em: EntityManager,
  holderIds: readonly string[],
): Promise<{ holder_id: string; slug: string }[]> {
  return em.execute<{ holder_id: string; slug: string }[]>(
    `select c.holder_id, s.slug ${liveBillingSql({ holder: "any(?::uuid[])" })}
      order by c.holder_id, s.slug`,
    [`{${holderIds.join(",")}}`],
  );
}

/** What an offboarding plans from: a holder's keys summed up in one row (see `readLeaverKeys`). */
export interface HolderKeySummary {
  count: number;
  first_undecided: string | null;
  revoked: string[];
  expired: string[];
  held: string[];
}

/**
 * A holder's keys in one row, however many: how many, the smallest id not among `decided`, the
 * revoked ones, the unrevoked ones past their expiry at `now`, and those among `decided`.
 */
export async function keySummaryOfHolder(
  em: EntityManager,
  holderId: string,
  decided: readonly string[],
  now: Date,
): Promise<HolderKeySummary | undefined> {
  const [row] = await em.execute<HolderKeySummary[]>(
    `select count(*)::int as count,
            min(k.id::text collate "C") filter (where not k.decided) as first_undecided,
            coalesce(array_agg(k.id) filter (where k.revoked), '{}') as revoked,
            coalesce(array_agg(k.id) filter (where not k.revoked and not k.live), '{}') as expired,
            coalesce(array_agg(k.id) filter (where k.decided), '{}') as held
       from (select id, revoked_at is not null as revoked, (expires_at is null or expires_at > ?) as live,
                    id = any(?::uuid[]) as decided
               from api_key where holder_id = ?) k`,
    [now, `{${decided.join(",")}}`, holderId],
  );
  return row;
}

/** How many keys each of these holders holds, and how many are active at `now` (holders without keys left out). */
export function keyCountsOfHolders(
  em: EntityManager,
  holderIds: readonly string[],
  now: Date,
): Promise<{ holder_id: string; count: number; active: number }[]> {
  return em.execute(
    `select holder_id, count(*)::int as count,
        (count(*) filter (where revoked_at is null and (expires_at is null or expires_at > ?)))::int as active
       from api_key where holder_id = any(?::uuid[]) group by holder_id`,
    [now, `{${holderIds.join(",")}}`],
  );
}

/** A key of a holder as a list of them reads it: whether it is active at `now`, and its creation time for cursors. */
export interface HeldKeyRow {
  holder_id: string;
  id: string;
  name: string;
  prefix: string;
  environment: string;
  active: boolean;
  /** As PostgreSQL writes it. */
  created_at: string;
}

/**
 * One page of a holder's keys, newest first (creation time, then id, both descending: the order of
 * `keysOfHoldersNewestFirst`), read with LIMIT along the holder's index, so a page costs the same
 * however many keys the holder has. `keyset` pages it (its cursor holds creation time and id).
 */
export async function keysOfHolderPage(
  em: EntityManager,
  holderId: string,
  now: Date,
  keyset: Keyset,
): Promise<HeldKeyRow[]> {
  const after = keyset.cursor(["date", "uuid"]);
  return em.execute<HeldKeyRow[]>(
    `select holder_id, id, name, prefix, environment, created_at,
        (revoked_at is null and (expires_at is null or expires_at > ?)) as active
       from api_key where holder_id = ?${after ? ` and (created_at, id) ${keyset.op} (?, ?)` : ""}
      order by created_at ${keyset.dir}, id ${keyset.dir} limit ?`,
    [now, holderId, ...(after ? [new Date(after[0]), after[1]] : []), keyset.limit],
  );
}

/** A holder's keys, newest first, each with whether it is active at `now`. */
export function keysOfHoldersNewestFirst(
  em: EntityManager,
  holderIds: readonly string[],
  now: Date,
): Promise<HeldKeyRow[]> {
  return em.execute(
    `select holder_id, id, name, prefix, environment, created_at,
        (revoked_at is null and (expires_at is null or expires_at > ?)) as active
       from api_key where holder_id = any(?::uuid[]) order by created_at desc, id desc`,
    [now, `{${holderIds.join(",")}}`],
  );
}

/** SQL: the holder `holder` (an SQL expression) holds a key in any state. No parameters. */
export function holderHoldsAnyKeySql(holder: string): string {
  return `exists (select 1 from api_key where holder_id = ${holder})`;
}

/**
 * SQL: the select list `count` (the holder's keys in any state) and `active` (those active at the
 * one `?` parameter, now) for the holder `holder` (an SQL expression). Both are counted from
 * indexes alone (`api_key_holder_idx` and `api_key_holder_active_created_idx`, which includes the
 * expiry): a holder's keys lie on as many heap pages as they have keys in a large registry.
 */
export function holderKeyCountsSql(holder: string): string {
  return `(select count(*)::int from api_key where holder_id = ${holder}) as count,
          (select count(*)::int from api_key where holder_id = ${holder} and revoked_at is null
              and (expires_at is null or expires_at > ?)) as active`;
}

/** SQL: the holder `holder` (an SQL expression) holds a key active at the one `?` parameter (now). */
export function holderHoldsActiveKeySql(holder: string): string {
  return `exists (select 1 from api_key k where k.holder_id = ${holder} and k.revoked_at is null
                     and (k.expires_at is null or k.expires_at > ?))`;
}

/**
 * SQL: a holder's active keys as one JSON array of `[id, name, prefix]`, by id, for the holder
 * `holder` (an SQL expression) at the one `?` parameter (now); `and` adds conditions (SQL
 * written by the caller, its parameters after now).
 */
export function activeKeysJsonSql(holder: string, and = ""): string {
  return `select coalesce(jsonb_agg(jsonb_build_array(k.id, k.name, k.prefix) order by k.id), '[]') as keys
           from api_key k
          where k.holder_id = ${holder} and k.revoked_at is null and (k.expires_at is null or k.expires_at > ?)${and}`;
}

/**
 * SQL: the hand-over of keys, the one UPDATE … RETURNING every change of holder runs (a
 * reassignment of one key or many, an offboarding's, inside its `with moved as (…)`); it locks
 * the keys it changes. The keys are `ids`, or every key `heldBy` a holder. Each goes to its own
 * target (`own`, by key id) or else to `fallback`, and gets a new version; the keys in `revoke` are
 * revoked on the way (`revokedReason`, `revokedBy`), so they change twice and their version goes up
 * by two. Returns per key its id, name, prefix, `target`, `revoking` (revoked here), `custody`
 * (revoked, here or before) and `live` (not past its expiry).
 */
export function handOverKeysSql(hand: {
  keys: { ids: readonly string[] } | { heldBy: string };
  own: ReadonlyMap<string, string>;
  fallback: string | null;
  revoke: readonly string[];
  revokedReason: string;
  revokedBy: string | null;
  now: Date;
}): Sql {
  const which =
    "heldBy" in hand.keys
      ? sql`k.holder_id = ${hand.keys.heldBy}`
      : sql`k.id = any(${`{${hand.keys.ids.join(",")}}`}::uuid[])`;
  const revoking = hand.revoke.length ? sql`k.id = any(${`{${hand.revoke.join(",")}}`}::uuid[])` : new Sql("false");
  const target = hand.own.size
    ? sql`coalesce((${JSON.stringify(Object.fromEntries(hand.own))}::jsonb ->> k.id::text)::uuid, ${hand.fallback}::uuid)`
    : sql`${hand.fallback}::uuid`;
  return sql`update api_key k
          set holder_id = ${target},
              version = k.version + case when ${revoking} then 2 else 1 end,
              updated_at = ${hand.now},
              revoked_at = case when ${revoking} then ${hand.now}::timestamptz else k.revoked_at end,
              revoked_reason = case when ${revoking} then ${hand.revokedReason}::text else k.revoked_reason end,
              revoked_by_id = case when ${revoking} then ${hand.revokedBy}::uuid else k.revoked_by_id end
        where ${which}
       returning k.id, k.name, k.prefix, k.holder_id as target, ${revoking} as revoking,
                 k.revoked_at is not null as custody, (k.expires_at is null or k.expires_at > ${hand.now}) as live`;
}

/** SQL: how many keys `k` match `where`, as a scalar subquery. */
export function countKeysSql(where: Sql): Sql {
  return sql`(select count(*) from api_key k where ${where})`;
}

/**
 * SQL: the newest `limit` keys `k` of those matching any of `parts` (disjoint conditions on `k`),
 * each part walked newest first (the order the keys list and its indexes use) and stopped at
 * `limit`, merged, and only then joined to their holders `h`; `columns` are the caller's, over `k`
 * and `h`. A condition on the holder is asked of each key walked (see `keyHolderIsUser`): as a join
 * inside the walk the planner puts a cache (Memoize) in front of the holder's probe sized for every
 * holder it expects the walk to pass, whose set-up alone took ~55 ms at a million keys (~5 at 10k)
 * before the first key was read.
 */
export function newestKeysWithHoldersSql(columns: Sql, parts: readonly Sql[], limit: number): Sql {
  const walk = (where: Sql) =>
    sql`(select * from api_key k where ${where} order by k.created_at desc, k.id desc limit ${limit})`;
  const keys =
    parts.length === 1
      ? walk(parts[0] as Sql)
      : sql`(select * from (${joinSql(parts.map(walk), " union all ")}) u
          order by u.created_at desc, u.id desc limit ${limit})`;
  // The holder of each of the page's keys is a probe of its primary key (a lateral subquery the
  // planner cannot turn into a join, so never a scan of every holder to hash).
  return sql`select ${columns} from ${keys} k
      cross join lateral (select * from holder where id = k.holder_id limit 1) h`;
}

/**
 * SQL: counts (`n`) of the keys `k` matching `where`, grouped by `by` (columns of `k` and of what
 * `join` adds: the caller's SQL, such as a summary per holder kept by another module).
 */
export function keyCountsSql(by: readonly string[], join: string, where: Sql): Sql {
  const positions = by.map((_, i) => i + 1).join(", ");
  return sql`select ${new Sql(by.join(", "))}, count(*) as n
        from api_key k ${new Sql(join)}
       where ${where}
       group by ${new Sql(positions)}`;
}
