import { Migration } from "@mikro-orm/migrations";

/**
 * Exact summaries for the risks overview, kept by triggers in the transaction of every write that
 * changes them, whichever code path (or the bench's set-based seed) does it:
 *
 * - `risk_holder`: per holder, its class (USER_ACTIVE, USER_DEPARTED, GROUP) and whether it is a
 *   Billing collaborator on some unarchived service;
 * - `risk_key_count`: unrevoked keys counted by environment, holder class, holder billing and UTC
 *   expiry day (`infinity` for none), so "active now" is a sum over days after today plus today's
 *   keys read from the expiry index.
 *
 * Concurrency: a trigger locks the `risk_holder` rows it reads or recomputes before reading what
 * they derive from, so a concurrent change to the same holder waits and then reads committed data;
 * counts are added with `n = n + excluded.n` on conflict, which commutes.
 */
/**
 * Adds the keys of `delta` (environment, holder_id, expires_at, d = +1 or -1) to the counts: first
 * lock their holders' `risk_holder` rows against a concurrent change of class or billing, then
 * read those rows in a new statement (so after any such change committed).
 */
const keyDelta = (delta: string) => `
  perform 1 from risk_holder where holder_id in (select holder_id from (${delta}) d) order by holder_id for share;
  insert into risk_key_count as t (environment, holder_class, billing, expires_on, n)
  select d.environment, r.holder_class, r.billing, risk_expires_on(d.expires_at), sum(d.d)
    from (${delta}) d join risk_holder r on r.holder_id = d.holder_id
   group by 1, 2, 3, 4 having sum(d.d) <> 0 order by 1, 2, 3, 4
  on conflict (environment, holder_class, billing, expires_on) do update set n = t.n + excluded.n;`;

const UP = [
  `create table "risk_holder" ("holder_id" uuid not null, "holder_class" text not null, "billing" boolean not null, primary key ("holder_id"));`,
  `create table "risk_key_count" ("environment" text not null, "holder_class" text not null, "billing" boolean not null, "expires_on" date not null, "n" bigint not null, primary key ("environment", "holder_class", "billing", "expires_on"));`,

  `create function risk_holder_class(kind text, status text) returns text language sql immutable as $$
     select case when kind = 'GROUP' then 'GROUP' when status = 'DEPARTED' then 'USER_DEPARTED' else 'USER_ACTIVE' end $$;`,
  `create function risk_expires_on(expires_at timestamptz) returns date language sql immutable as $$
     select coalesce((expires_at at time zone 'UTC')::date, 'infinity'::date) $$;`,
  `create function risk_billing(h uuid) returns boolean language sql stable as $$
     select exists (select 1 from collaborator c join service s on s.id = c.service_id
       where c.holder_id = h and c.role = 'BILLING' and s.archived_at is null) $$;`,

  // Recomputes billing for some holders: lock their rows first (in id order, against deadlocks),
  // then read collaborations in a statement that starts after any concurrent writer committed.
  `create function risk_refresh_billing(holders uuid[]) returns void language plpgsql as $$
   begin
     perform 1 from risk_holder where holder_id = any(holders) order by holder_id for update;
     update risk_holder r set billing = b.billing
       from (select holder_id, risk_billing(holder_id) as billing from risk_holder where holder_id = any(holders)) b
      where r.holder_id = b.holder_id and r.billing <> b.billing;
   end $$;`,

  `create function risk_on_holder() returns trigger language plpgsql as $$
   begin
     if tg_op = 'INSERT' then
       insert into risk_holder (holder_id, holder_class, billing)
       select id, risk_holder_class(kind, status), false from new_holders;
     elsif tg_op = 'UPDATE' then
       update risk_holder r set holder_class = risk_holder_class(n.kind, n.status)
         from new_holders n where r.holder_id = n.id and r.holder_class <> risk_holder_class(n.kind, n.status);
     else
       delete from risk_holder where holder_id in (select id from old_holders);
     end if;
     return null;
   end $$;`,
  `create trigger risk_holder_inserted after insert on holder referencing new table as new_holders
     for each statement execute function risk_on_holder();`,
  `create trigger risk_holder_updated after update on holder referencing new table as new_holders
     for each statement execute function risk_on_holder();`,
  `create trigger risk_holder_deleted after delete on holder referencing old table as old_holders
     for each statement execute function risk_on_holder();`,

  // A holder's class or billing changed: move its unrevoked keys to the new buckets.
  `create function risk_on_risk_holder() returns trigger language plpgsql as $$
   begin
     insert into risk_key_count as t (environment, holder_class, billing, expires_on, n)
     select k.environment, x.holder_class, x.billing, risk_expires_on(k.expires_at), sum(x.d)
       from (select o.holder_id, o.holder_class, o.billing, -1 as d from old_risk o join new_risk n using (holder_id)
              where (o.holder_class, o.billing) is distinct from (n.holder_class, n.billing)
             union all
             select n.holder_id, n.holder_class, n.billing, 1 from old_risk o join new_risk n using (holder_id)
              where (o.holder_class, o.billing) is distinct from (n.holder_class, n.billing)) x
       join api_key k on k.holder_id = x.holder_id and k.revoked_at is null
      group by 1, 2, 3, 4 having sum(x.d) <> 0 order by 1, 2, 3, 4
     on conflict (environment, holder_class, billing, expires_on) do update set n = t.n + excluded.n;
     return null;
   end $$;`,
  `create trigger risk_holder_changed after update on risk_holder referencing old table as old_risk new table as new_risk
     for each statement execute function risk_on_risk_holder();`,

  `create function risk_on_collaborator() returns trigger language plpgsql as $$
   declare holders uuid[];
   begin
     if tg_op = 'INSERT' then select array_agg(distinct holder_id) into holders from new_collaborators;
     elsif tg_op = 'DELETE' then select array_agg(distinct holder_id) into holders from old_collaborators;
     else
       select array_agg(distinct holder_id) into holders
         from (select holder_id from new_collaborators union select holder_id from old_collaborators) h;
     end if;
     if holders is not null then perform risk_refresh_billing(holders); end if;
     return null;
   end $$;`,
  `create trigger risk_collaborator_inserted after insert on collaborator referencing new table as new_collaborators
     for each statement execute function risk_on_collaborator();`,
  `create trigger risk_collaborator_updated after update on collaborator referencing old table as old_collaborators new table as new_collaborators
     for each statement execute function risk_on_collaborator();`,
  `create trigger risk_collaborator_deleted after delete on collaborator referencing old table as old_collaborators
     for each statement execute function risk_on_collaborator();`,

  `create function risk_on_service() returns trigger language plpgsql as $$
   declare holders uuid[];
   begin
     select array_agg(distinct c.holder_id) into holders
       from old_services o join new_services n using (id) join collaborator c on c.service_id = n.id
      where (o.archived_at is null) <> (n.archived_at is null) and c.role = 'BILLING';
     if holders is not null then perform risk_refresh_billing(holders); end if;
     return null;
   end $$;`,
  `create trigger risk_service_updated after update on service referencing old table as old_services new table as new_services
     for each statement execute function risk_on_service();`,

  // Keys: add what is new, take away what was, for the rows whose bucket can have changed (a
  // batch of last-use times changes none, and costs one join of the batch with itself).
  `create function risk_on_api_key() returns trigger language plpgsql as $$
   begin
     if tg_op = 'INSERT' then
       ${keyDelta("select environment, holder_id, expires_at, 1 as d from new_keys where revoked_at is null")}
     elsif tg_op = 'DELETE' then
       ${keyDelta("select environment, holder_id, expires_at, -1 as d from old_keys where revoked_at is null")}
     else
       ${keyDelta(`select o.environment, o.holder_id, o.expires_at, -1 as d from old_keys o join new_keys n using (id)
          where o.revoked_at is null and (n.revoked_at is not null or o.expires_at is distinct from n.expires_at
            or o.holder_id <> n.holder_id or o.environment <> n.environment)
         union all
         select n.environment, n.holder_id, n.expires_at, 1 from old_keys o join new_keys n using (id)
          where n.revoked_at is null and (o.revoked_at is not null or o.expires_at is distinct from n.expires_at
            or o.holder_id <> n.holder_id or o.environment <> n.environment)`)}
     end if;
     return null;
   end $$;`,
  `create trigger risk_api_key_inserted after insert on api_key referencing new table as new_keys
     for each statement execute function risk_on_api_key();`,
  `create trigger risk_api_key_updated after update on api_key referencing old table as old_keys new table as new_keys
     for each statement execute function risk_on_api_key();`,
  `create trigger risk_api_key_deleted after delete on api_key referencing old table as old_keys
     for each statement execute function risk_on_api_key();`,

  // Today's data, summarised.
  `insert into risk_holder (holder_id, holder_class, billing)
   select id, risk_holder_class(kind, status), risk_billing(id) from holder;`,
  `insert into risk_key_count (environment, holder_class, billing, expires_on, n)
   select k.environment, r.holder_class, r.billing, risk_expires_on(k.expires_at), count(*)
     from api_key k join risk_holder r on r.holder_id = k.holder_id where k.revoked_at is null
    group by 1, 2, 3, 4;`,

  `create index "risk_holder_not_billing_idx" on "risk_holder" ("holder_id") where not billing;`,
  `create index "api_key_active_expires_idx" on "api_key" ("expires_at") where revoked_at is null;`,
  `create index "api_key_active_activity_idx" on "api_key" ((coalesce(last_used_at, created_at))) include (expires_at, last_used_at, created_at) where revoked_at is null;`,
];

const DOWN = [
  `drop index "risk_holder_not_billing_idx";`,
  `drop index "api_key_active_activity_idx";`,
  `drop index "api_key_active_expires_idx";`,
  `drop trigger risk_api_key_inserted on api_key;`,
  `drop trigger risk_api_key_updated on api_key;`,
  `drop trigger risk_api_key_deleted on api_key;`,
  `drop trigger risk_service_updated on service;`,
  `drop trigger risk_collaborator_inserted on collaborator;`,
  `drop trigger risk_collaborator_updated on collaborator;`,
  `drop trigger risk_collaborator_deleted on collaborator;`,
  `drop trigger risk_holder_inserted on holder;`,
  `drop trigger risk_holder_updated on holder;`,
  `drop trigger risk_holder_deleted on holder;`,
  `drop table "risk_key_count";`,
  `drop table "risk_holder";`,
  `drop function risk_on_api_key(), risk_on_service(), risk_on_collaborator(), risk_on_risk_holder(), risk_on_holder(),
     risk_refresh_billing(uuid[]), risk_billing(uuid), risk_expires_on(timestamptz), risk_holder_class(text, text);`,
];

export class Migration20261204143000_risk_summaries extends Migration {
  override name = "Migration20261204143000_risk_summaries";

  override up(): void | Promise<void> {
    for (const statement of UP) this.addSql(statement);
  }

  override down(): void | Promise<void> {
    for (const statement of DOWN) this.addSql(statement);
  }
}
