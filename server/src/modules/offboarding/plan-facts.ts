import type { EntityManager } from "@mikro-orm/postgresql";
import { holderHoldsActiveKeySql, holderKeyCountsSql } from "../api-key/api-key.queries.js";
import { liveBillingSql, worksOnSlugsSql } from "../api-key/where-key-works.js";
import { HEALTHY_GROUP_MIN_ACTIVE_MEMBERS } from "../holder/group-email/group-email.entity.js";

/** One role of the leaver, and whether nobody else is Billing on its service. */
export interface PlannedCollaborationRow {
  service: string;
  role: string;
  archived: boolean;
  /** No other holder is a Billing collaborator on the service. */
  sole: boolean;
}

/** A group email that could take the leaver's keys: its live Billing services, and what it holds. */
export interface Candidate {
  id: string;
  email: string;
  services: string[];
  /** It holds an active key, which would gain any Billing role it is given. */
  has_keys: boolean;
  /** The leaver is a member of it. */
  member: boolean;
  /** For a group the leaver belongs to, its other active members, counted up to the healthy minimum; else 0. */
  others: number;
}

/** What a user's plan is worked out from, read in one statement. */
export interface PlanFacts {
  user_id: string;
  count: number;
  active: number;
  /** The user's roles, by service slug then role. */
  collaborations: PlannedCollaborationRow[];
  /** By email. */
  candidates: Candidate[];
}

/**
 * Per user, in one statement whatever the number of users: their keys counted (in any state, and
 * active at `now`), each count from an index alone (a leaver's keys lie on as many heap pages as
 * they have keys in a large registry), their roles (each service read by its primary key, never a scan of every
 * service), and the group emails that could take their keys.
 *
 * The candidates are the only groups a suggestion can name (see `suggest`): the groups the user
 * belongs to, and the groups Billing on every one of the user's live Billing services (only such
 * a group can be Billing on exactly them). The second are found from the user's own roles: the
 * Billing collaborators of each of their services, counted per holder, kept when the count is the
 * number of those services (each read once). Only the few kept are then read (their kind, services and keys), so
 * the cost follows the user's services and their collaborators, not the registry's group emails.
 */
export function planFactsOf(em: EntityManager, userIds: readonly string[], now: Date): Promise<PlanFacts[]> {
  return em.execute<PlanFacts[]>(
    `with l as (select unnest(?::uuid[]) as user_id)
     select l.user_id, k.count, k.active, r.collaborations, g.candidates
       from l
       cross join lateral (
         select ${holderKeyCountsSql("l.user_id")}) k
       cross join lateral (
         select coalesce(json_agg(json_build_object('service', s.slug, 'role', c.role, 'archived', s.archived_at is not null,
                  'sole', not exists (select 1 from collaborator o
                                       where o.service_id = c.service_id and o.role = 'BILLING' and o.holder_id <> c.holder_id))
                  order by s.slug, c.role), '[]') as collaborations
           from collaborator c
           cross join lateral (select slug, archived_at from service where id = c.service_id limit 1) s
          where c.holder_id = l.user_id) r
       cross join lateral (
         select coalesce(json_agg(json_build_object('id', h.id, 'email', h.email,
                  'services', ${worksOnSlugsSql("h.id", "array")},
                  'has_keys', ${holderHoldsActiveKeySql("h.id")},
                  'member', f.member,
                  'others', case when f.member then (
                    select count(*)::int from (
                      select 1 from group_membership o join holder u on u.id = o.user_id
                       where o.group_id = h.id and o.user_id <> l.user_id and u.status = 'ACTIVE'
                       limit ${HEALTHY_GROUP_MIN_ACTIVE_MEMBERS}) o) else 0 end)
                  order by h.email), '[]') as candidates
           from (
             select f.holder_id, bool_or(f.member) as member
               from (
                 select m.group_id as holder_id, true as member from group_membership m where m.user_id = l.user_id
                 union all
                 select b.holder_id, false
                   from (select u.service_id, count(*) over () as services
                           ${liveBillingSql({ holder: "l.user_id", c: "u", s: "us", byService: true })}) u
                   join collaborator b on b.service_id = u.service_id and b.role = 'BILLING' and b.holder_id <> l.user_id
                  group by b.holder_id
                 having count(*) = max(u.services)
               ) f
              group by f.holder_id
           ) f
           -- By primary key, one probe per group kept: the kept are few, but the planner cannot
           -- know it and would read every group email of the registry to join them.
           cross join lateral (select id, email from holder where id = f.holder_id and kind = 'GROUP' limit 1) h) g`,
    [`{${userIds.join(",")}}`, now, now],
  );
}
