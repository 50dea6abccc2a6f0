import { Migration } from "@mikro-orm/migrations";

/**
 * Reading the key counts (Migration20261205040000_api_key_counts) costs what the live rows cost,
 * not what the summary once held.
 *
 * - The fold first asks the two indexes that find its work (the unfolded rows, the days long past)
 *   whether there is any, and returns without its lock or a scan of the table when there is none,
 *   as on every read between writes. Its scan otherwise read every page the table has had.
 * - The rebuild writes the days long past as the fold would leave them (`-infinity`). It wrote a
 *   row per past expiry day, which the next read deleted: a registry with years of expired keys
 *   (28,000 rows for the 1M-key bench registry) left its ~750 live rows scattered over hundreds of
 *   emptied pages (234 against 9 at 10k keys), which every count then read, and the day index
 *   full of dead entries, which every fold walked.
 *
 * - A summary already so spread is rewritten once, compactly (its rows only: a few hundred; key
 *   writers wait for the rewrite, as their triggers write to the table).
 *
 * None changes a sum: the fold still moves only committed rows, and what it skips is nothing;
 * the rebuild's rows are those the fold would make of it; the rewrite moves rows as they are.
 */

const DEFINER = "security definer set search_path = pg_catalog, public, pg_temp";

/** As Migration20261205050000_api_key_count_fold_guarded, with the probe for work when `probe`. */
const fold = (
  probe: boolean,
) => `create or replace function api_key_count_fold(before date) returns void language plpgsql ${DEFINER} as $$
   begin
     if current_setting('transaction_read_only')::boolean or current_setting('transaction_isolation') <> 'read committed' then
       return;
     end if;
     before := least(before, (now() at time zone 'UTC')::date - 2);${
       probe
         ? `
     -- Nothing committed to fold and no day to fold away: each probe is one descent of an index.
     if not exists (select from api_key_count where xact <> 0)
        and not exists (select from api_key_count where expires_on < before and expires_on > '-infinity'::date) then
       return;
     end if;`
         : ""
     }
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
     on conflict (environment, holder_kind, revoked, suspended, expires_on, xact) do update set n = t.n + excluded.n;
   end $$;`;

/** As Migration20261205050200_api_key_count_rebuild_waits, the days long past folded when `folded`. */
const rebuild = (folded: boolean) => {
  const day = "api_key_count_day(k.revoked_at is not null, k.expires_at)";
  const bucket = folded
    ? `case when ${day} < (now() at time zone 'UTC')::date - 2 then '-infinity'::date else ${day} end`
    : day;
  return `create or replace function api_key_count_rebuild() returns void language plpgsql ${DEFINER} as $$
   begin
     lock table api_key in share mode;
     perform pg_advisory_xact_lock(hashtext('api_key_count_fold'));
     delete from api_key_count;
     insert into api_key_count (environment, holder_kind, revoked, suspended, expires_on, xact, n)
     select k.environment, h.kind, k.revoked_at is not null, k.suspended_at is not null, ${bucket}, 0, count(*)
       from api_key k join holder h on h.id = k.holder_id group by 1, 2, 3, 4, 5;
   end $$;`;
};

export class Migration20261205070000_api_key_count_fold_when_needed extends Migration {
  override name = "Migration20261205070000_api_key_count_fold_when_needed";

  override up(): void | Promise<void> {
    this.addSql(fold(true));
    this.addSql(rebuild(true));
    this.addSql("cluster api_key_count using api_key_count_pkey;");
    this.addSql("alter table api_key_count set without cluster;");
  }

  override down(): void | Promise<void> {
    this.addSql(rebuild(false));
    this.addSql(fold(false));
  }
}
