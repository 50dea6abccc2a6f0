import { Migration } from "@mikro-orm/migrations";

/**
 * Emptying or rebuilding the key counts (Migration20261205040000_api_key_counts) waits for a fold
 * under way, and a rebuild for the key writers too. A fold that had moved committed rows into a
 * bucket row of its own when a truncate emptied the counts left that row behind once it
 * committed (the truncate's delete had not seen it), counting keys that no longer exist; a
 * rebuild racing writers could count a key both in its recount and in the writer's row.
 */

const DEFINER = "security definer set search_path = pg_catalog, public, pg_temp";
const FOLD_LOCK = "perform pg_advisory_xact_lock(hashtext('api_key_count_fold'));";

const truncated = (
  wait: string,
) => `create or replace function api_key_count_on_truncate() returns trigger language plpgsql ${DEFINER} as $$
   begin
     ${wait}
     delete from api_key_count;
     return null;
   end $$;`;

const rebuild = (
  wait: string,
) => `create or replace function api_key_count_rebuild() returns void language plpgsql ${DEFINER} as $$
   begin
     ${wait}
     delete from api_key_count;
     insert into api_key_count (environment, holder_kind, revoked, suspended, expires_on, xact, n)
     select k.environment, h.kind, k.revoked_at is not null, k.suspended_at is not null,
            api_key_count_day(k.revoked_at is not null, k.expires_at), 0, count(*)
       from api_key k join holder h on h.id = k.holder_id group by 1, 2, 3, 4, 5;
   end $$;`;

export class Migration20261205050200_api_key_count_rebuild_waits extends Migration {
  override name = "Migration20261205050200_api_key_count_rebuild_waits";

  override up(): void | Promise<void> {
    this.addSql(truncated(FOLD_LOCK));
    this.addSql(rebuild(`lock table api_key in share mode;\n     ${FOLD_LOCK}`));
  }

  override down(): void | Promise<void> {
    this.addSql(truncated(""));
    this.addSql(rebuild(""));
  }
}
