import { Migration } from "@mikro-orm/migrations";
import { Migration20261205050200_api_key_count_rebuild_waits } from "./Migration20261205050200_api_key_count_rebuild_waits.js";

/**
 * Reading the key counts (Migration20261205040000_api_key_counts) costs what the live rows cost,
 * not what the summary once held.
 *
 * - `api_key_count_fold` first asks the two indexes that find its work (the unfolded rows, the
 *   days long past) whether there is any, and runs the fold (now `api_key_count_fold_now`) only
 *   then: between writes, as on most reads, it takes no lock and scans no page of the table. The
 *   fold's scan otherwise read every page the table has had.
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

/**
 * The fold of Migration20261205050000_api_key_count_fold_guarded, kept as `api_key_count_fold_now`
 * (its guards and its `before` unchanged), called only when one of its two indexes has work for it.
 */
const FOLD_WHEN_NEEDED = `create function api_key_count_fold(before date) returns void language plpgsql ${DEFINER} as $$
   begin
     if exists (select from api_key_count where xact <> 0)
        or exists (select from api_key_count
                    where expires_on < least(before, (now() at time zone 'UTC')::date - 2) and expires_on > '-infinity'::date) then
       perform api_key_count_fold_now(before);
     end if;
   end $$;`;

/** Every row recomputed from the keys, each key's day long past already `-infinity`. */
const REBUILD_FOLDED = `create or replace function api_key_count_rebuild() returns void language plpgsql ${DEFINER} as $$
   begin
     lock table api_key in share mode;
     perform pg_advisory_xact_lock(hashtext('api_key_count_fold'));
     delete from api_key_count;
     with keyed as (
       select k.environment, h.kind, k.revoked_at is not null as revoked, k.suspended_at is not null as suspended,
              api_key_count_day(k.revoked_at is not null, k.expires_at) as day
         from api_key k join holder h on h.id = k.holder_id)
     insert into api_key_count (environment, holder_kind, revoked, suspended, expires_on, xact, n)
     select environment, kind, revoked, suspended,
            case when day < (now() at time zone 'UTC')::date - 2 then '-infinity'::date else day end, 0, count(*)
       from keyed group by 1, 2, 3, 4, 5;
   end $$;`;

export class Migration20261205070000_api_key_count_fold_when_needed extends Migration {
  override name = "Migration20261205070000_api_key_count_fold_when_needed";

  override up(): void | Promise<void> {
    this.addSql("alter function api_key_count_fold(date) rename to api_key_count_fold_now;");
    this.addSql(FOLD_WHEN_NEEDED);
    this.addSql(REBUILD_FOLDED);
    this.addSql("cluster api_key_count using api_key_count_pkey;");
    this.addSql("alter table api_key_count set without cluster;");
    this.addSql("analyze api_key_count;");
  }

  override async down(): Promise<void> {
    this.addSql("drop function api_key_count_fold(date);");
    this.addSql("alter function api_key_count_fold_now(date) rename to api_key_count_fold;");
    // The rebuild as that migration made it.
    const previous = new Migration20261205050200_api_key_count_rebuild_waits(this.driver, this.config);
    await previous.up();
    for (const query of previous.getQueries()) this.addSql(query);
  }
}
