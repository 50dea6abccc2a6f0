import { Migration } from "@mikro-orm/migrations";

/**
 * An exact count of the group emails at risk (fewer than 2 active members, as
 * `risk_group_few_members_idx` says), so that the risks overview reads a few rows instead of
 * counting every such group (20,000 at a million keys).
 *
 * A statement-level trigger on `risk_group` adds the change in groups at risk to a row of its own
 * transaction (`xact` = its transaction id, as `risk_key_count` does: see
 * Migration20261204160000_risk_counts_per_transaction), so writers never wait on one another for
 * the count and no change is lost; the count is the sum over `xact`. Every change of
 * `risk_group` (a new or deleted group, a recount of its members) goes through that table, in the
 * writing transaction, so the sum is exact whatever changed the members. Reading folds committed
 * rows into `xact = 0` in the statement that reads them, from its snapshot, so folding changes no
 * sum.
 */
const DEFINER = "security definer set search_path = pg_catalog, public, pg_temp";

/** HEALTHY_GROUP_MIN_ACTIVE_MEMBERS (group-email.entity.ts), as in `risk_group_few_members_idx`. */
const AT_RISK = "active_members < 2";

/** Adds `delta` to this transaction's row. */
const ADD = `if d <> 0 then
       insert into risk_group_count as t (xact, n) values (txid_current(), d)
       on conflict (xact) do update set n = t.n + excluded.n;
     end if;`;

const UP = [
  `create table "risk_group_count" ("xact" bigint not null, "n" bigint not null, primary key ("xact"));`,

  `create function risk_group_count_on_group() returns trigger language plpgsql ${DEFINER} as $$
   declare d bigint;
   begin
     if tg_op = 'INSERT' then
       select count(*) into d from new_groups where ${AT_RISK};
     elsif tg_op = 'DELETE' then
       select -count(*) into d from old_groups where ${AT_RISK};
     else
       select (select count(*) from new_groups where ${AT_RISK}) - (select count(*) from old_groups where ${AT_RISK}) into d;
     end if;
     ${ADD}
     return null;
   end $$;`,
  `create trigger risk_group_count_inserted after insert on risk_group referencing new table as new_groups
     for each statement execute function risk_group_count_on_group();`,
  `create trigger risk_group_count_updated after update on risk_group referencing old table as old_groups new table as new_groups
     for each statement execute function risk_group_count_on_group();`,
  `create trigger risk_group_count_deleted after delete on risk_group referencing old table as old_groups
     for each statement execute function risk_group_count_on_group();`,

  // TRUNCATE fires no DELETE trigger: the count starts again from what is left (nothing).
  `create function risk_group_count_on_truncate() returns trigger language plpgsql ${DEFINER} as $$
   begin
     delete from risk_group_count;
     return null;
   end $$;`,
  `create trigger risk_group_count_truncated after truncate on risk_group
     for each statement execute function risk_group_count_on_truncate();`,

  // Folds the committed rows of writing transactions into \`xact = 0\`; rows another fold holds are
  // skipped. The sum is unchanged, so anyone may call it.
  `create function risk_fold_group_count() returns void language sql ${DEFINER} as $$
     with gone as (
       delete from risk_group_count where xact <> 0 and ctid in (
         select ctid from risk_group_count where xact <> 0 for update skip locked)
       returning n)
     insert into risk_group_count as t (xact, n)
     select 0, sum(n) from gone having count(*) > 0
     on conflict (xact) do update set n = t.n + excluded.n
   $$;`,

  // Today's data, counted.
  `insert into risk_group_count (xact, n) select 0, count(*) from risk_group where ${AT_RISK};`,
];

const DOWN = `
  drop trigger risk_group_count_inserted on risk_group;
  drop trigger risk_group_count_updated on risk_group;
  drop trigger risk_group_count_deleted on risk_group;
  drop trigger risk_group_count_truncated on risk_group;
  drop function risk_fold_group_count(), risk_group_count_on_truncate(), risk_group_count_on_group();
  drop table "risk_group_count";`;

export class Migration20261205070000_risk_group_count extends Migration {
  override name = "Migration20261205070000_risk_group_count";

  override up(): void | Promise<void> {
    for (const statement of UP) this.addSql(statement);
  }

  override down(): void | Promise<void> {
    this.addSql(DOWN);
  }
}
