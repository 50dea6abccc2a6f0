import { Migration } from "@mikro-orm/migrations";

/**
 * `risk_fold_key_counts` (Migration20261204161000_risk_fold_as_owner) also folds the days before
 * the database's today minus two into one `-infinity` day, as `api_key_count_fold` does for the
 * keys list's count (Migration20261205050000_api_key_count_fold_guarded).
 *
 * The risks overview sums only the days from tomorrow on (today's keys come from the expiry
 * index), but `risk_key_count` kept a row per bucket for every day a key ever expired on: 34,846
 * rows at a million keys, among which the overview's 1,320 rows of the days ahead lay on ~330
 * pages. With the past in one row per bucket, the rows stay about 4 buckets × the days ahead.
 *
 * As there: one fold at a time (an advisory lock it only tries; a reader that finds another fold
 * at work reads the rows as they are), rows written in one order, and nothing folded in a
 * read-only transaction or one above read committed. Sums over the days ahead are unchanged, so
 * anyone may call it.
 */

const DEFINER = "security definer set search_path = pg_catalog, public, pg_temp";

/**
 * The fold: committed rows of writing transactions into `xact = 0`, and with `pastDays` the days
 * before the database's today minus two into `-infinity`.
 */
const fold = (
  pastDays: boolean,
) => `create function risk_fold_key_counts() returns void language plpgsql ${DEFINER} as $$
   declare before date := (now() at time zone 'UTC')::date - 2;
   begin
     if current_setting('transaction_read_only')::boolean or current_setting('transaction_isolation') <> 'read committed' then
       return;
     end if;
     with turn as (select pg_try_advisory_xact_lock(hashtext('risk_fold_key_counts')) as mine),
     gone as (
       delete from risk_key_count where (select mine from turn) and ctid in (
         select ctid from risk_key_count
          where xact <> 0 ${pastDays ? "or (expires_on < before and expires_on > '-infinity'::date)" : ""}
            for update skip locked)
       returning environment, holder_class, billing,
                 ${pastDays ? "case when expires_on < before then '-infinity'::date else expires_on end" : "expires_on"} as expires_on, n)
     insert into risk_key_count as t (environment, holder_class, billing, expires_on, xact, n)
     select environment, holder_class, billing, expires_on, 0, sum(n) from gone
      group by 1, 2, 3, 4 order by 1, 2, 3, 4
     on conflict (environment, holder_class, billing, expires_on, xact) do update set n = t.n + excluded.n;
   end $$;`;

export class Migration20261205070100_risk_key_count_fold_past extends Migration {
  override name = "Migration20261205070100_risk_key_count_fold_past";

  override up(): void | Promise<void> {
    this.addSql("drop function risk_fold_key_counts();");
    this.addSql(fold(true));
    // Today's rows, folded into a table of their size: deleting the past days' rows would leave
    // them on as many pages as before, which a read of the days ahead still passes.
    this.addSql(`create temporary table risk_key_count_folded on commit drop as
      select environment, holder_class, billing,
             case when expires_on < (now() at time zone 'UTC')::date - 2 then '-infinity'::date else expires_on end as expires_on,
             0::bigint as xact, sum(n) as n
        from risk_key_count group by 1, 2, 3, 4 having sum(n) <> 0;`);
    this.addSql("truncate risk_key_count;");
    this.addSql(`insert into risk_key_count (environment, holder_class, billing, expires_on, xact, n)
      select environment, holder_class, billing, expires_on, xact, n from risk_key_count_folded order by 1, 2, 3, 4;`);
  }

  // Folds the writers' rows only again (keeping the guard and the one-at-a-time lock); the days
  // already folded stay one row, which changes no sum over the days ahead.
  override down(): void | Promise<void> {
    this.addSql("drop function risk_fold_key_counts();");
    this.addSql(fold(false));
  }
}
