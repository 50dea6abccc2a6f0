import { Migration } from "@mikro-orm/migrations";

/**
 * An exact summary for the risks overview's "group emails with few members": per group email, its
 * email and how many of its members are active users, kept by triggers in the transaction of every
 * write that changes it. The overview then reads the groups at risk from a partial index instead
 * of counting the members of every group.
 *
 * The triggers recount the affected groups (never add a delta), so a count is right whatever
 * deleted the memberships (a cascade from a deleted user or group included). Concurrency: a
 * trigger locks the `risk_group` rows it recounts (in id order, against deadlocks) before reading
 * the memberships, so two writers to one group recount one after the other, the second seeing
 * the first's committed rows. A membership's trigger also locks its users' `holder` rows (FOR
 * SHARE) before reading their status: a concurrent change of that status waits for it, and its own
 * trigger then reads the membership committed; or it changed first, and the recount reads the new
 * status.
 */
const RECOUNT = `
  perform 1 from risk_group where group_id = any(groups) order by group_id for update;
  update risk_group r set active_members = c.n
    from (select g.group_id, (select count(*)::int from group_membership m join holder u on u.id = m.user_id
                               where m.group_id = g.group_id and u.status = 'ACTIVE') as n
            from risk_group g where g.group_id = any(groups)) c
   where r.group_id = c.group_id and r.active_members <> c.n;`;

const UP = [
  `create table "risk_group" ("group_id" uuid not null, "email" varchar(254) not null, "active_members" int not null, primary key ("group_id"));`,

  `create function risk_recount_groups(groups uuid[]) returns void language plpgsql security definer
     set search_path = pg_catalog, public, pg_temp as $$
   begin ${RECOUNT}
   end $$;`,
  "revoke execute on function risk_recount_groups(uuid[]) from public;",

  `create function risk_group_on_membership() returns trigger language plpgsql security definer
     set search_path = pg_catalog, public, pg_temp as $$
   declare groups uuid[];
   begin
     if tg_op = 'INSERT' then
       perform 1 from holder where id in (select user_id from new_memberships) order by id for share;
       select array_agg(distinct group_id) into groups from new_memberships;
     elsif tg_op = 'DELETE' then
       perform 1 from holder where id in (select user_id from old_memberships) order by id for share;
       select array_agg(distinct group_id) into groups from old_memberships;
     else
       perform 1 from holder where id in (select user_id from new_memberships union select user_id from old_memberships)
         order by id for share;
       select array_agg(distinct group_id) into groups
         from (select group_id from new_memberships union select group_id from old_memberships) g;
     end if;
     if groups is not null then perform risk_recount_groups(groups); end if;
     return null;
   end $$;`,
  `create trigger risk_group_membership_inserted after insert on group_membership referencing new table as new_memberships
     for each statement execute function risk_group_on_membership();`,
  `create trigger risk_group_membership_updated after update on group_membership referencing old table as old_memberships new table as new_memberships
     for each statement execute function risk_group_on_membership();`,
  `create trigger risk_group_membership_deleted after delete on group_membership referencing old table as old_memberships
     for each statement execute function risk_group_on_membership();`,

  // A new group email starts with no members; a renamed one keeps its row's email in step; a user
  // who joins or leaves the active staff is recounted in every group they belong to.
  `create function risk_group_on_holder() returns trigger language plpgsql security definer
     set search_path = pg_catalog, public, pg_temp as $$
   declare groups uuid[];
   begin
     if tg_op = 'INSERT' then
       insert into risk_group (group_id, email, active_members)
       select id, email, 0 from new_holders where kind = 'GROUP';
     elsif tg_op = 'DELETE' then
       delete from risk_group where group_id in (select id from old_holders where kind = 'GROUP');
     else
       update risk_group r set email = n.email from new_holders n where r.group_id = n.id and r.email <> n.email;
       select array_agg(distinct m.group_id) into groups
         from old_holders o join new_holders n using (id) join group_membership m on m.user_id = n.id
        where o.status is distinct from n.status;
       if groups is not null then perform risk_recount_groups(groups); end if;
     end if;
     return null;
   end $$;`,
  `create trigger risk_group_holder_inserted after insert on holder referencing new table as new_holders
     for each statement execute function risk_group_on_holder();`,
  `create trigger risk_group_holder_updated after update on holder referencing old table as old_holders new table as new_holders
     for each statement execute function risk_group_on_holder();`,
  `create trigger risk_group_holder_deleted after delete on holder referencing old table as old_holders
     for each statement execute function risk_group_on_holder();`,

  // TRUNCATE fires no row or DELETE trigger (see the risk_counts_per_transaction migration).
  `create function risk_group_on_truncate() returns trigger language plpgsql security definer
     set search_path = pg_catalog, public, pg_temp as $$
   begin
     if tg_table_name = 'holder' then delete from risk_group;
     else update risk_group set active_members = 0 where active_members <> 0;
     end if;
     return null;
   end $$;`,
  `create trigger risk_group_holder_truncated after truncate on holder for each statement execute function risk_group_on_truncate();`,
  `create trigger risk_group_membership_truncated after truncate on group_membership for each statement execute function risk_group_on_truncate();`,

  // Today's data, summarised.
  `insert into risk_group (group_id, email, active_members)
   select g.id, g.email, (select count(*) from group_membership m join holder u on u.id = m.user_id
                           where m.group_id = g.id and u.status = 'ACTIVE')
     from holder g where g.kind = 'GROUP';`,

  // The groups at risk, by email: HEALTHY_GROUP_MIN_ACTIVE_MEMBERS (group-email.entity.ts) is 2.
  `create index "risk_group_few_members_idx" on "risk_group" ("email") where active_members < 2;`,
];

const DOWN = [
  `drop trigger risk_group_membership_inserted on group_membership;`,
  `drop trigger risk_group_membership_updated on group_membership;`,
  `drop trigger risk_group_membership_deleted on group_membership;`,
  `drop trigger risk_group_membership_truncated on group_membership;`,
  `drop trigger risk_group_holder_inserted on holder;`,
  `drop trigger risk_group_holder_updated on holder;`,
  `drop trigger risk_group_holder_deleted on holder;`,
  `drop trigger risk_group_holder_truncated on holder;`,
  `drop function risk_group_on_truncate(), risk_group_on_holder(), risk_group_on_membership(), risk_recount_groups(uuid[]);`,
  `drop table "risk_group";`,
];

export class Migration20261204203000_risk_group_members extends Migration {
  override name = "Migration20261204203000_risk_group_members";

  override up(): void | Promise<void> {
    for (const statement of UP) this.addSql(statement);
  }

  override down(): void | Promise<void> {
    for (const statement of DOWN) this.addSql(statement);
  }
}
