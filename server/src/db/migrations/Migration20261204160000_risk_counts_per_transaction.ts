import { Migration } from "@mikro-orm/migrations";

/**
 * The risk key counts without a hot row. Before, every write added to one shared row per bucket
 * (environment, holder class, billing, expiry day) with `on conflict do update`, which locks that
 * row until the writer commits: an offboarding of 10,000 keys held up every key created, revoked or
 * moved in its bucket across the organisation until it committed, and two writers touching two
 * buckets in opposite orders deadlocked.
 *
 * Now each transaction adds to rows of its own (`xact` = its transaction id, never reused), which
 * no other transaction ever writes, so writers never wait on one another for the counts. The
 * counts are the sum over `xact`; the risks overview folds committed rows into the bucket's
 * `xact = 0` row in the same statement that reads them (see risk.service.ts), so the rows stay
 * few. Folding takes only committed rows, skips rows another fold holds, and reads the counts from
 * the statement's snapshot (before the fold), so it changes no sum.
 */
const upsert = (select: string, perTransaction: boolean) =>
  perTransaction
    ? `insert into risk_key_count as t (environment, holder_class, billing, expires_on, xact, n)
       select environment, holder_class, billing, expires_on, txid_current(), n from (${select}) s
       on conflict (environment, holder_class, billing, expires_on, xact) do update set n = t.n + excluded.n;`
    : `insert into risk_key_count as t (environment, holder_class, billing, expires_on, n)
       ${select}
       on conflict (environment, holder_class, billing, expires_on) do update set n = t.n + excluded.n;`;

/** As in Migration20261204143000_risk_summaries: lock the holders' rows, then count by their class. */
const keyDelta = (delta: string, perTransaction: boolean) => `
  perform 1 from risk_holder where holder_id in (select holder_id from (${delta}) d) order by holder_id for share;
  ${upsert(
    `select d.environment, r.holder_class, r.billing, risk_expires_on(d.expires_at) as expires_on, sum(d.d) as n
       from (${delta}) d join risk_holder r on r.holder_id = d.holder_id
      group by 1, 2, 3, 4 having sum(d.d) <> 0 order by 1, 2, 3, 4`,
    perTransaction,
  )}`;

const functions = (perTransaction: boolean) => [
  `create or replace function risk_on_risk_holder() returns trigger language plpgsql as $$
   begin
     ${upsert(
       `select k.environment, x.holder_class, x.billing, risk_expires_on(k.expires_at) as expires_on, sum(x.d) as n
          from (select o.holder_id, o.holder_class, o.billing, -1 as d from old_risk o join new_risk n using (holder_id)
                 where (o.holder_class, o.billing) is distinct from (n.holder_class, n.billing)
                union all
                select n.holder_id, n.holder_class, n.billing, 1 from old_risk o join new_risk n using (holder_id)
                 where (o.holder_class, o.billing) is distinct from (n.holder_class, n.billing)) x
          join api_key k on k.holder_id = x.holder_id and k.revoked_at is null
         group by 1, 2, 3, 4 having sum(x.d) <> 0 order by 1, 2, 3, 4`,
       perTransaction,
     )}
     return null;
   end $$;`,
  `create or replace function risk_on_api_key() returns trigger language plpgsql as $$
   begin
     if tg_op = 'INSERT' then
       ${keyDelta("select environment, holder_id, expires_at, 1 as d from new_keys where revoked_at is null", perTransaction)}
     elsif tg_op = 'DELETE' then
       ${keyDelta("select environment, holder_id, expires_at, -1 as d from old_keys where revoked_at is null", perTransaction)}
     else
       ${keyDelta(
         `select o.environment, o.holder_id, o.expires_at, -1 as d from old_keys o join new_keys n using (id)
          where o.revoked_at is null and (n.revoked_at is not null or o.expires_at is distinct from n.expires_at
            or o.holder_id <> n.holder_id or o.environment <> n.environment)
         union all
         select n.environment, n.holder_id, n.expires_at, 1 from old_keys o join new_keys n using (id)
          where n.revoked_at is null and (o.revoked_at is not null or o.expires_at is distinct from n.expires_at
            or o.holder_id <> n.holder_id or o.environment <> n.environment)`,
         perTransaction,
       )}
     end if;
     return null;
   end $$;`,
];

/**
 * TRUNCATE fires no row or DELETE trigger: without these, a truncated table (by its owner, e.g. a
 * reset script) would leave the summaries counting what is gone. A truncated `service` cascades
 * to `collaborator`, a truncated `holder` to all three.
 */
const TRUNCATE_TRIGGERS = [
  `create function risk_on_truncate() returns trigger language plpgsql as $$
   begin
     if tg_table_name = 'api_key' then delete from risk_key_count;
     elsif tg_table_name = 'holder' then delete from risk_holder;
     else update risk_holder set billing = false where billing;
     end if;
     return null;
   end $$;`,
  `create trigger risk_api_key_truncated after truncate on api_key for each statement execute function risk_on_truncate();`,
  `create trigger risk_holder_truncated after truncate on holder for each statement execute function risk_on_truncate();`,
  `create trigger risk_collaborator_truncated after truncate on collaborator for each statement execute function risk_on_truncate();`,
];

export class Migration20261204160000_risk_counts_per_transaction extends Migration {
  override name = "Migration20261204160000_risk_counts_per_transaction";

  override up(): void | Promise<void> {
    this.addSql(`alter table "risk_key_count" add column "xact" bigint not null default 0;`);
    this.addSql(`alter table "risk_key_count" alter column "xact" drop default;`);
    this.addSql(`alter table "risk_key_count" drop constraint "risk_key_count_pkey";`);
    this.addSql(
      `alter table "risk_key_count" add constraint "risk_key_count_pkey" primary key ("environment", "holder_class", "billing", "expires_on", "xact");`,
    );
    this.addSql(`create index "risk_key_count_unfolded_idx" on "risk_key_count" ("xact") where xact <> 0;`);
    for (const statement of functions(true)) this.addSql(statement);
    for (const statement of TRUNCATE_TRIGGERS) this.addSql(statement);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger risk_api_key_truncated on api_key;`);
    this.addSql(`drop trigger risk_holder_truncated on holder;`);
    this.addSql(`drop trigger risk_collaborator_truncated on collaborator;`);
    this.addSql(`drop function risk_on_truncate();`);
    for (const statement of functions(false)) this.addSql(statement);
    // Every transaction's rows folded into one per bucket, as before.
    this.addSql(`create temporary table risk_key_count_folded on commit drop as
      select environment, holder_class, billing, expires_on, sum(n) as n from risk_key_count group by 1, 2, 3, 4;`);
    this.addSql(`delete from "risk_key_count";`);
    this.addSql(`drop index "risk_key_count_unfolded_idx";`);
    this.addSql(`alter table "risk_key_count" drop constraint "risk_key_count_pkey";`);
    this.addSql(`alter table "risk_key_count" drop column "xact";`);
    this.addSql(
      `alter table "risk_key_count" add constraint "risk_key_count_pkey" primary key ("environment", "holder_class", "billing", "expires_on");`,
    );
    this.addSql(`insert into "risk_key_count" select * from risk_key_count_folded;`);
  }
}
