import type { EntityManager } from "@mikro-orm/postgresql";
import type { RequestContext } from "../../shared/request-context.js";
import { AUDIT_SET_COLUMNS, auditActorSql, auditReasonSql, auditSubjectsSql } from "../audit/audit-sql.js";
import { AUDIT_SUBJECTS } from "../audit/audit-subject-type.js";
import type { OffboardingResult } from "./offboarding-result.js";

/**
 * In one statement: removes the leaver's collaborations (each audited as `collaborator.removed` on
 * its service) and group memberships (audited as `group_email.member_removed` on each group, as
 * when an operator removes a member: one subject set for all the groups left), marks the user DEPARTED without a console role or password (a user who
 * departed before keeps their `departedAt`), and records `user.offboarded` (how many keys were
 * reassigned and revoked, and sessions and tokens ended, comes in `ended`). Returns what went, sorted for the result.
 */
export async function removeLeaver(
  ctx: RequestContext,
  em: EntityManager,
  user: { id: string; email: string; status: string },
  ended: { reassigned: number; revoked: number; sessionsEnded: number; tokensRevoked: number },
  reason: string | null,
): Promise<Pick<OffboardingResult, "collaborationsRemoved" | "groupsLeft">> {
  const actor = auditActorSql(ctx);
  const why = auditReasonSql(ctx, reason);
  const rows = await em.execute<{ service: string | null; role: string | null; group_email: string | null }[]>(
    `with removed as (
       delete from collaborator c using service s where c.service_id = s.id and c.holder_id = ?
       returning s.slug as service, c.role, s.id as service_id
     ),
     left_groups as (
       delete from group_membership m using holder g where m.group_id = g.id and m.user_id = ? returning g.id, g.email
     ),
     departed as (
       update holder set status = 'DEPARTED', departed_at = coalesce(departed_at, ?), console_role = null, password_hash = null,
              version = version + 1, updated_at = ?
        where id = ?
     ),
     audit as (
       insert into audit_event (${AUDIT_SET_COLUMNS})
       select ${actor.sql}, e.action, e.subject_type, ${auditSubjectsSql("e.ids")}, e.before, e.after, ${why.sql}
         from (
           select 0 as step, row_number() over () as n, 'collaborator.removed' as action, '${AUDIT_SUBJECTS.SERVICE}' as subject_type,
                  array[r.service_id] as ids, jsonb_build_object('service', r.service, 'holder', ?::text, 'role', r.role) as before,
                  null::jsonb as after
             from removed r
           union all
           select 1, 0, 'group_email.member_removed', '${AUDIT_SUBJECTS.GROUP_EMAIL}', array_agg(g.id order by g.id), null,
                  jsonb_build_object('member', ?::text)
             from left_groups g having count(*) > 0
           union all
           select 2, 0, 'user.offboarded', '${AUDIT_SUBJECTS.USER}', array[?::uuid], jsonb_build_object('status', ?::text),
                  jsonb_build_object('status', 'DEPARTED', 'keysReassigned', ?::int, 'keysRevoked', ?::int,
                    'collaborationsRemoved', (select count(*)::int from removed),
                    -- Sorted as the result sorts them (emails are ASCII: byte order is code unit order).
                    'groupsLeft', coalesce((select jsonb_agg(g.email order by g.email collate "C") from left_groups g), '[]'),
                    'sessionsEnded', ?::int, 'tokensRevoked', ?::int)
           order by step, n
         ) e
     )
     select service, role, null as group_email from removed
     union all
     select null, null, email from left_groups`,
    [
      user.id,
      user.id,
      ctx.now,
      ctx.now,
      user.id,
      ...actor.params,
      ...why.params,
      user.email,
      user.email,
      user.id,
      user.status,
      ended.reassigned,
      ended.revoked,
      ended.sessionsEnded,
      ended.tokensRevoked,
    ],
  );
  const collaborationsRemoved: { service: string; role: string }[] = [];
  const groupsLeft: string[] = [];
  for (const row of rows) {
    if (row.group_email !== null) groupsLeft.push(row.group_email);
    else collaborationsRemoved.push({ service: row.service as string, role: row.role as string });
  }
  collaborationsRemoved.sort((a, b) => (a.service + a.role).localeCompare(b.service + b.role));
  return { collaborationsRemoved, groupsLeft: groupsLeft.sort() };
}
