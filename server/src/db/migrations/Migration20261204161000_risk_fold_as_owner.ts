import { Migration } from "@mikro-orm/migrations";

/**
 * Reading the risks folds the key counts each writing transaction left in `risk_key_count` into
 * one row per bucket. The server's role only reads the summaries (it cannot set a count), so the
 * fold runs as the function's owner. It keeps every sum as it is, so anyone may call it.
 */
export class Migration20261204161000_risk_fold_as_owner extends Migration {
  override name = "Migration20261204161000_risk_fold_as_owner";

  override up(): void | Promise<void> {
    this.addSql(`create function risk_fold_key_counts() returns void language sql security definer
      set search_path = pg_catalog, public, pg_temp as $$
      with unfolded as (
        delete from risk_key_count where xact <> 0 and ctid in (
          select ctid from risk_key_count where xact <> 0 for update skip locked)
        returning environment, holder_class, billing, expires_on, n)
      insert into risk_key_count as t (environment, holder_class, billing, expires_on, xact, n)
      select environment, holder_class, billing, expires_on, 0, sum(n) from unfolded group by 1, 2, 3, 4
      on conflict (environment, holder_class, billing, expires_on, xact) do update set n = t.n + excluded.n
    $$;`);
    this.addSql("alter function risk_on_truncate() security definer set search_path = pg_catalog, public, pg_temp;");
  }

  override down(): void | Promise<void> {
    this.addSql("alter function risk_on_truncate() security invoker reset search_path;");
    this.addSql("drop function risk_fold_key_counts();");
  }
}
