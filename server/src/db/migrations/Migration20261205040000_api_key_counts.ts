import { Migration } from "@mikro-orm/migrations";

/**
 * An exact count of keys for the keys list's `totalCount`, kept by triggers in the transaction of
 * every write that changes it, whichever code path (or set-based SQL) does it.
 *
 * `api_key_count` counts keys by environment, holder kind, revoked or not, suspended or not and,
 * for unrevoked keys, the UTC day they expire (`infinity` for none, and for every revoked key).
 * A key expires with no write, so "active" and "expired" are sums over the days after and before
 * today plus today's keys read from the expiry index; days older than two days before the reader's
 * today are folded into one `-infinity` day, so the rows do not grow with the history.
 *
 * Concurrency, as `risk_key_count` (Migration20261204160000_risk_counts_per_transaction): each
 * transaction adds its changes to rows of its own (`xact` = its transaction id, never reused),
 * which no other transaction writes, so writers never wait on one another for the counts and no
 * change is lost; a count is the sum over `xact`. Reading folds committed rows into `xact = 0`
 * rows, one fold at a time (an advisory lock it only tries), in the same statement that reads
 * them from its snapshot, so folding changes no sum.
 *
 * A key's holder kind is read from `holder` without a lock: a holder's kind never changes (a
 * trigger refuses it), and a holder with keys cannot be deleted, so the kind a trigger reads is
 * the kind every later reader sees.
 */

const DEFINER = "security definer set search_path = pg_catalog, public, pg_temp";

/** Adds the keys of `delta` (environment, holder_id, revoked, suspended, expires_at, d = +1 or -1) to this transaction's rows. */
const keyDelta = (delta: string) => `
  insert into api_key_count as t (environment, holder_kind, revoked, suspended, expires_on, xact, n)
  select d.environment, h.kind, d.revoked, d.suspended, api_key_count_day(d.revoked, d.expires_at), txid_current(), sum(d.d)
    from (${delta}) d join holder h on h.id = d.holder_id
   group by 1, 2, 3, 4, 5 having sum(d.d) <> 0 order by 1, 2, 3, 4, 5
  on conflict (environment, holder_kind, revoked, suspended, expires_on, xact) do update set n = t.n + excluded.n;`;

const COLUMNS =
  "environment, holder_id, revoked_at is not null as revoked, suspended_at is not null as suspended, expires_at";

/** The old and the new row of a key differ in something the count depends on. */
const BUCKET_CHANGED = `o.environment <> n.environment or o.holder_id <> n.holder_id
  or (o.revoked_at is null) <> (n.revoked_at is null) or (o.suspended_at is null) <> (n.suspended_at is null)
  or o.expires_at is distinct from n.expires_at`;

const UP = [
  `create table "api_key_count" ("environment" text not null, "holder_kind" text not null, "revoked" boolean not null, "suspended" boolean not null, "expires_on" date not null, "xact" bigint not null, "n" bigint not null, primary key ("environment", "holder_kind", "revoked", "suspended", "expires_on", "xact"));`,
  `create index "api_key_count_unfolded_idx" on "api_key_count" ("xact") where xact <> 0;`,
  `create index "api_key_count_day_idx" on "api_key_count" ("expires_on");`,

  `create function api_key_count_day(revoked boolean, expires_at timestamptz) returns date language sql immutable as $$
     select case when revoked then 'infinity'::date else coalesce((expires_at at time zone 'UTC')::date, 'infinity'::date) end $$;`,

  `create function api_key_count_on_key() returns trigger language plpgsql ${DEFINER} as $$
   begin
     if tg_op = 'INSERT' then
       ${keyDelta(`select ${COLUMNS}, 1 as d from new_keys`)}
     elsif tg_op = 'DELETE' then
       ${keyDelta(`select ${COLUMNS}, -1 as d from old_keys`)}
     else
       ${keyDelta(`select o.environment, o.holder_id, o.revoked_at is not null as revoked, o.suspended_at is not null as suspended, o.expires_at, -1 as d
            from old_keys o join new_keys n using (id) where ${BUCKET_CHANGED}
          union all
          select n.environment, n.holder_id, n.revoked_at is not null, n.suspended_at is not null, n.expires_at, 1
            from old_keys o join new_keys n using (id) where ${BUCKET_CHANGED}`)}
     end if;
     return null;
   end $$;`,
  `create trigger api_key_count_inserted after insert on api_key referencing new table as new_keys
     for each statement execute function api_key_count_on_key();`,
  `create trigger api_key_count_updated after update on api_key referencing old table as old_keys new table as new_keys
     for each statement execute function api_key_count_on_key();`,
  `create trigger api_key_count_deleted after delete on api_key referencing old table as old_keys
     for each statement execute function api_key_count_on_key();`,

  // Every row recomputed from the keys, set-based: after a truncate, or a bulk load with the
  // triggers off.
  `create function api_key_count_rebuild() returns void language plpgsql ${DEFINER} as $$
   begin
     delete from api_key_count;
     insert into api_key_count (environment, holder_kind, revoked, suspended, expires_on, xact, n)
     select k.environment, h.kind, k.revoked_at is not null, k.suspended_at is not null,
            api_key_count_day(k.revoked_at is not null, k.expires_at), 0, count(*)
       from api_key k join holder h on h.id = k.holder_id group by 1, 2, 3, 4, 5;
   end $$;`,
  "revoke execute on function api_key_count_rebuild() from public;",
  `create function api_key_count_on_truncate() returns trigger language plpgsql ${DEFINER} as $$
   begin
     delete from api_key_count;
     return null;
   end $$;`,
  `create trigger api_key_count_truncated after truncate on api_key for each statement execute function api_key_count_on_truncate();`,

  // The counts depend on the holder's kind, read when a key is written.
  `create function holder_kind_unchanged() returns trigger language plpgsql as $$
   begin
     raise exception 'a holder''s kind never changes' using errcode = 'check_violation';
   end $$;`,
  `create trigger holder_kind_unchanged before update of kind on holder for each row
     when (old.kind is distinct from new.kind) execute function holder_kind_unchanged();`,

  // Folds committed rows of writing transactions, and days before \`before\`, into one row per
  // bucket (\`xact = 0\`); days before it become \`-infinity\`. One fold at a time: a reader that
  // finds another folding skips it. Sums are unchanged, so anyone may call it.
  `create function api_key_count_fold(before date) returns void language sql ${DEFINER} as $$
     with turn as (select pg_try_advisory_xact_lock(hashtext('api_key_count_fold')) as mine),
     gone as (
       delete from api_key_count where (select mine from turn) and ctid in (
         select ctid from api_key_count
          where xact <> 0 or (expires_on < before and expires_on > '-infinity'::date)
            for update skip locked)
       returning environment, holder_kind, revoked, suspended,
                 case when expires_on < before then '-infinity'::date else expires_on end as expires_on, n)
     insert into api_key_count as t (environment, holder_kind, revoked, suspended, expires_on, xact, n)
     select environment, holder_kind, revoked, suspended, expires_on, 0, sum(n) from gone
      group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
     on conflict (environment, holder_kind, revoked, suspended, expires_on, xact) do update set n = t.n + excluded.n
   $$;`,

  "select api_key_count_rebuild();",
];

const DOWN = [
  "drop trigger holder_kind_unchanged on holder;",
  "drop function holder_kind_unchanged();",
  "drop trigger api_key_count_truncated on api_key;",
  "drop trigger api_key_count_inserted on api_key;",
  "drop trigger api_key_count_updated on api_key;",
  "drop trigger api_key_count_deleted on api_key;",
  `drop function api_key_count_fold(date), api_key_count_on_truncate(), api_key_count_rebuild(), api_key_count_on_key(),
     api_key_count_day(boolean, timestamptz);`,
  `drop table "api_key_count";`,
];

export class Migration20261205040000_api_key_counts extends Migration {
  override name = "Migration20261205040000_api_key_counts";

  override up(): void | Promise<void> {
    for (const statement of UP) this.addSql(statement);
  }

  override down(): void | Promise<void> {
    for (const statement of DOWN) this.addSql(statement);
  }
}
