import { Migration } from "@mikro-orm/migrations";

/**
 * An exact summary for the risks overview's "services without a working key", kept by triggers in
 * the transaction of every write that changes it, so that the overview reads the services at risk
 * from an index instead of probing every live service for a working key.
 *
 * A key stops working when it expires, with no write, so the summary keeps times, not flags:
 *
 * - `risk_holder_works`: per holder, until when some key of it is active: the latest expiry of its
 *   unrevoked keys, `infinity` if one never expires, `-infinity` if it has none;
 * - `risk_service`: per service, its slug and until when some key works on it: the latest of its
 *   Billing collaborators' times, null when it is archived or has no Billing collaborator.
 *
 * A live service has no working key at `now` exactly when its time is at or before `now` (a key
 * expiring exactly at `now` has expired, as in `keyIsActive`); `risk_service_works_idx` lists them.
 * As before, the category asks only whether a key is active (unrevoked and unexpired), not whether
 * it is suspended, so suspension is not an input.
 *
 * The triggers recompute (never add a delta). Concurrency: every trigger locks the summary rows it
 * reads or recomputes before reading what they derive from, holders before services, each in id
 * order (against deadlocks):
 *
 * - a key write locks its holders' `risk_holder_works` rows (FOR UPDATE), recomputes them, then,
 *   for the holders whose time changed, locks and recomputes the services where they are Billing;
 * - a collaborator write locks its holders' rows (FOR SHARE) and then its services' rows, and
 *   recomputes those services;
 * - archiving, unarchiving or renaming a service recomputes its row under its lock.
 *
 * So a key written for a holder while a concurrent transaction makes that holder Billing on a
 * service meet on the holder's row: whichever waits reads the other's committed rows (the key
 * writer finds the new role and recomputes the service; the role writer reads the holder's new
 * time). Two writers to one service meet on its row, the second recomputing it from committed
 * data. The summary's holder rows are locked only when a key of that holder is written, and a
 * service's row only when a time or Billing role that feeds it changes.
 */

/** The time of the holder `holder` (an SQL expression), from `api_key_holder_works_idx` (one index probe). */
const holderTime = (
  holder: string,
) => `coalesce((select max(coalesce(k.expires_at, 'infinity'::timestamptz)) from api_key k
    where k.holder_id = ${holder} and k.revoked_at is null), '-infinity'::timestamptz)`;

/** The time of the service `s` (a row of `service`): null when archived or without a Billing collaborator. */
const SERVICE_TIME = `case when s.archived_at is null then
    (select max(w.works_until) from collaborator c join risk_holder_works w on w.holder_id = c.holder_id
      where c.service_id = s.id and c.role = 'BILLING') end`;

const DEFINER = "language plpgsql security definer set search_path = pg_catalog, public, pg_temp";

const UP = [
  `create table "risk_holder_works" ("holder_id" uuid not null, "works_until" timestamptz not null, primary key ("holder_id"));`,
  `create table "risk_service" ("service_id" uuid not null, "slug" varchar(63) not null, "works_until" timestamptz null, primary key ("service_id"));`,

  // Lock the services' rows, then recompute them in a statement that starts after any concurrent
  // writer of them committed.
  `create function risk_refresh_services(services uuid[]) returns void ${DEFINER} as $$
   begin
     perform 1 from risk_service where service_id = any(services) order by service_id for update;
     update risk_service r set works_until = c.works_until, slug = c.slug
       from (select s.id, s.slug, ${SERVICE_TIME} as works_until from service s where s.id = any(services)) c
      where r.service_id = c.id and (r.works_until, r.slug) is distinct from (c.works_until, c.slug);
   end $$;`,
  // Lock the holders' rows, recompute them, and recompute the services of those whose time changed.
  `create function risk_refresh_holder_works(holders uuid[]) returns void ${DEFINER} as $$
   declare changed uuid[];
   begin
     perform 1 from risk_holder_works where holder_id = any(holders) order by holder_id for update;
     with c as (select h.holder_id, ${holderTime("h.holder_id")} as works_until
                  from risk_holder_works h where h.holder_id = any(holders)),
          u as (update risk_holder_works r set works_until = c.works_until from c
                 where r.holder_id = c.holder_id and r.works_until <> c.works_until returning r.holder_id)
     select array_agg(holder_id) into changed from u;
     if changed is not null then
       perform risk_refresh_services(array(select distinct service_id from collaborator
                                           where holder_id = any(changed) and role = 'BILLING'));
     end if;
   end $$;`,
  // Every row recomputed from the tables, set-based: after a truncate, or a bulk load with the
  // triggers off.
  `create function risk_works_rebuild() returns void ${DEFINER} as $$
   begin
     delete from risk_service;
     delete from risk_holder_works;
     insert into risk_holder_works (holder_id, works_until)
     select h.id, coalesce(k.works_until, '-infinity'::timestamptz)
       from holder h
       left join (select holder_id, max(coalesce(expires_at, 'infinity'::timestamptz)) as works_until
                    from api_key where revoked_at is null group by holder_id) k on k.holder_id = h.id;
     insert into risk_service (service_id, slug, works_until)
     select s.id, s.slug, case when s.archived_at is null then b.works_until end
       from service s
       left join (select c.service_id, max(w.works_until) as works_until
                    from collaborator c join risk_holder_works w on w.holder_id = c.holder_id
                   where c.role = 'BILLING' group by c.service_id) b on b.service_id = s.id;
   end $$;`,
  ...["risk_refresh_services(uuid[])", "risk_refresh_holder_works(uuid[])", "risk_works_rebuild()"].map(
    (fn) => `revoke execute on function ${fn} from public;`,
  ),

  // Keys: the holders of the rows whose activity can have changed (revoked or unrevoked,
  // re-dated, moved); a batch of last-use times changes none.
  `create function risk_works_on_api_key() returns trigger ${DEFINER} as $$
   declare holders uuid[];
   begin
     if tg_op = 'INSERT' then
       select array_agg(distinct holder_id) into holders from new_keys where revoked_at is null;
     elsif tg_op = 'DELETE' then
       select array_agg(distinct holder_id) into holders from old_keys where revoked_at is null;
     else
       select array_agg(distinct x.holder_id) into holders
         from old_keys o join new_keys n using (id),
              lateral (values (o.holder_id), (n.holder_id)) x(holder_id)
        where (o.revoked_at is null) <> (n.revoked_at is null)
           or (n.revoked_at is null and (o.expires_at is distinct from n.expires_at or o.holder_id <> n.holder_id));
     end if;
     if holders is not null then perform risk_refresh_holder_works(holders); end if;
     return null;
   end $$;`,
  `create trigger risk_works_api_key_inserted after insert on api_key referencing new table as new_keys
     for each statement execute function risk_works_on_api_key();`,
  `create trigger risk_works_api_key_updated after update on api_key referencing old table as old_keys new table as new_keys
     for each statement execute function risk_works_on_api_key();`,
  `create trigger risk_works_api_key_deleted after delete on api_key referencing old table as old_keys
     for each statement execute function risk_works_on_api_key();`,

  // Billing roles, added, removed or changed: their holders' rows first (FOR SHARE), then the services.
  `create function risk_works_on_collaborator() returns trigger ${DEFINER} as $$
   declare holders uuid[]; services uuid[];
   begin
     if tg_op = 'INSERT' then
       select array_agg(distinct holder_id), array_agg(distinct service_id) into holders, services
         from new_collaborators where role = 'BILLING';
     elsif tg_op = 'DELETE' then
       select array_agg(distinct holder_id), array_agg(distinct service_id) into holders, services
         from old_collaborators where role = 'BILLING';
     else
       select array_agg(distinct holder_id), array_agg(distinct service_id) into holders, services
         from (select holder_id, service_id from old_collaborators where role = 'BILLING'
               union select holder_id, service_id from new_collaborators where role = 'BILLING') c;
     end if;
     if services is not null then
       perform 1 from risk_holder_works where holder_id = any(holders) order by holder_id for share;
       perform risk_refresh_services(services);
     end if;
     return null;
   end $$;`,
  `create trigger risk_works_collaborator_inserted after insert on collaborator referencing new table as new_collaborators
     for each statement execute function risk_works_on_collaborator();`,
  `create trigger risk_works_collaborator_updated after update on collaborator referencing old table as old_collaborators new table as new_collaborators
     for each statement execute function risk_works_on_collaborator();`,
  `create trigger risk_works_collaborator_deleted after delete on collaborator referencing old table as old_collaborators
     for each statement execute function risk_works_on_collaborator();`,

  // Holders and services come and go with their rows; a service archived, unarchived or renamed
  // is recomputed.
  `create function risk_works_on_holder() returns trigger ${DEFINER} as $$
   begin
     if tg_op = 'INSERT' then
       insert into risk_holder_works (holder_id, works_until) select id, '-infinity' from new_holders;
     else
       delete from risk_holder_works where holder_id in (select id from old_holders);
     end if;
     return null;
   end $$;`,
  `create trigger risk_works_holder_inserted after insert on holder referencing new table as new_holders
     for each statement execute function risk_works_on_holder();`,
  `create trigger risk_works_holder_deleted after delete on holder referencing old table as old_holders
     for each statement execute function risk_works_on_holder();`,
  `create function risk_works_on_service() returns trigger ${DEFINER} as $$
   declare services uuid[];
   begin
     if tg_op = 'INSERT' then
       insert into risk_service (service_id, slug, works_until) select id, slug, null from new_services;
     elsif tg_op = 'DELETE' then
       delete from risk_service where service_id in (select id from old_services);
     else
       select array_agg(n.id) into services from old_services o join new_services n using (id)
        where (o.archived_at is null) <> (n.archived_at is null) or o.slug <> n.slug;
       if services is not null then perform risk_refresh_services(services); end if;
     end if;
     return null;
   end $$;`,
  `create trigger risk_works_service_inserted after insert on service referencing new table as new_services
     for each statement execute function risk_works_on_service();`,
  `create trigger risk_works_service_updated after update on service referencing old table as old_services new table as new_services
     for each statement execute function risk_works_on_service();`,
  `create trigger risk_works_service_deleted after delete on service referencing old table as old_services
     for each statement execute function risk_works_on_service();`,

  // TRUNCATE fires no row or DELETE trigger (see the risk_counts_per_transaction migration).
  `create function risk_works_on_truncate() returns trigger ${DEFINER} as $$
   begin
     perform risk_works_rebuild();
     return null;
   end $$;`,
  ...["api_key", "collaborator", "holder", "service"].map(
    (table) =>
      `create trigger risk_works_${table}_truncated after truncate on ${table} for each statement execute function risk_works_on_truncate();`,
  ),

  // Today's data, summarised.
  "select risk_works_rebuild();",

  // A holder's time in one probe; the services at risk by their time, with their slugs (index only).
  `create index "api_key_holder_works_idx" on "api_key" ("holder_id", (coalesce(expires_at, 'infinity'::timestamptz))) where revoked_at is null;`,
  `create index "risk_service_works_idx" on "risk_service" ("works_until") include ("slug");`,
];

const DOWN = [
  `drop index "api_key_holder_works_idx";`,
  ...["api_key", "collaborator", "holder", "service"].map(
    (table) => `drop trigger risk_works_${table}_truncated on ${table};`,
  ),
  ...["inserted", "updated", "deleted"].flatMap((event) =>
    ["api_key", "collaborator", "service"].map((table) => `drop trigger risk_works_${table}_${event} on ${table};`),
  ),
  `drop trigger risk_works_holder_inserted on holder;`,
  `drop trigger risk_works_holder_deleted on holder;`,
  `drop function risk_works_on_truncate(), risk_works_on_service(), risk_works_on_holder(), risk_works_on_collaborator(),
     risk_works_on_api_key(), risk_works_rebuild(), risk_refresh_holder_works(uuid[]), risk_refresh_services(uuid[]);`,
  `drop table "risk_service";`,
  `drop table "risk_holder_works";`,
];

export class Migration20261205003000_risk_service_works extends Migration {
  override name = "Migration20261205003000_risk_service_works";

  override up(): void | Promise<void> {
    for (const statement of UP) this.addSql(statement);
  }

  override down(): void | Promise<void> {
    for (const statement of DOWN) this.addSql(statement);
  }
}
