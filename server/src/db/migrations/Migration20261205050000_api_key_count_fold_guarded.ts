import { Migration } from "@mikro-orm/migrations";

/**
 * `api_key_count_fold` (Migration20261205040000_api_key_counts) as a pure read's housekeeping:
 *
 * - It folds no day the database's own clock has not put at least two days in the past, whatever
 *   `before` it is given. Folding a day into `-infinity` cannot be undone (until a rebuild), and
 *   anyone may call the fold: a caller with a `before` ahead of the present (a server whose clock
 *   runs days ahead, or the server's role calling it by hand) would otherwise move keys that are
 *   still active into the expired ones for every reader.
 * - In a read-only transaction (a hot standby, a read-only request) it folds nothing, so the count
 *   read beside it still answers instead of failing on the fold's writes; nor in a repeatable-read
 *   or serializable one, where rows another fold has moved since its snapshot would fail it with a
 *   serialization error. Their committed rows wait for the next read-committed reader.
 */

const DEFINER = "security definer set search_path = pg_catalog, public, pg_temp";

const FOLD = `
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
     on conflict (environment, holder_kind, revoked, suspended, expires_on, xact) do update set n = t.n + excluded.n`;

export class Migration20261205050000_api_key_count_fold_guarded extends Migration {
  override name = "Migration20261205050000_api_key_count_fold_guarded";

  override up(): void | Promise<void> {
    this.addSql("drop function api_key_count_fold(date);");
    this.addSql(`create function api_key_count_fold(before date) returns void language plpgsql ${DEFINER} as $$
   begin
     if current_setting('transaction_read_only')::boolean or current_setting('transaction_isolation') <> 'read committed' then
       return;
     end if;
     before := least(before, (now() at time zone 'UTC')::date - 2);
     ${FOLD};
   end $$;`);
  }

  override down(): void | Promise<void> {
    this.addSql("drop function api_key_count_fold(date);");
    this.addSql(`create function api_key_count_fold(before date) returns void language sql ${DEFINER} as $$${FOLD}
   $$;`);
  }
}
