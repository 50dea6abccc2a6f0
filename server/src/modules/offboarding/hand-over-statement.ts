import type { EntityManager } from "@mikro-orm/postgresql";
import type { RequestContext } from "../../shared/request-context.js";
import { textArray } from "../../shared/sql.js";
import { accessWidenedSnapshots, KEY_EVENTS } from "../api-key/api-key.events.js";
import { handOverKeysSql } from "../api-key/api-key.queries.js";
import { custodySnapshotSql } from "../api-key/custody.js";
import { AUDIT_SET_COLUMNS, auditActorSql, auditReasonSql, auditSubjectsSql } from "../audit/audit-sql.js";
import { AUDIT_SUBJECTS } from "../audit/audit-subject-type.js";
import { CARRIED_OVER_FOR, carryOverBillingSql } from "../collaborator/billing-carry-over.js";
import type { KeyGain } from "../reassignment/reassignment.service.js";
import type { HandOverPlan } from "./leaver-keys.js";

/** A key the hand-over moved, as the statement returns it. */
export interface MovedKey {
  id: string;
  name: string;
  prefix: string;
}

/**
 * What the statement returns: the moved keys, and what it found about them that the plan depends
 * on (how many, revoked before, expired), so the caller can tell that nothing changed since the plan.
 */
export interface HandOverRows {
  moved: MovedKey[];
  seen: { count: number; revoked: string[]; expired: string[] };
}

/** What happens at one target: its keys that keep working there, and the Billing roles it gains. */
export interface TargetOutcome {
  id: string;
  email: string;
  /** Active keys it takes over keeping access. */
  working: number;
  /** Slugs (sorted) of the leaver's services it becomes Billing on, and their ids. */
  added: string[];
  addedIds: string[];
  /** Where its working keys work afterwards (sorted). */
  after: string[];
  /** Where its own keys work before (its live Billing services, sorted). */
  servicesBefore: string[];
  /** Its own active keys, which gain `added` (empty when nothing is added). */
  othersGaining: KeyGain[];
}

/**
 * The one statement: an UPDATE … RETURNING of the leaver's keys (found by holder; the UPDATE
 * locks them) feeds one multi-row audit INSERT, where keys changed alike are one subject set (see
 * `AuditRecord`); the Billing roles the targets gain go in beside it. Audit events keep the order
 * of separate steps: revocations, then per target its moves that keep access, the roles it gains,
 * the gain of the keys it already held (`KEY_EVENTS.accessWidened`, one subject set per target), and
 * the keys it takes as custodian. A key revoked here changes twice (revoked, then handed to
 * its custodian), so its version goes up by two.
 */
export async function moveAndAudit(
  ctx: RequestContext,
  em: EntityManager,
  user: { id: string; email: string },
  plan: HandOverPlan,
  targets: Map<string, TargetOutcome>,
  servicesBefore: number,
  reason: string | null,
): Promise<HandOverRows> {
  const actor = auditActorSql(ctx);
  const why = auditReasonSql(ctx, reason);
  const moved = handOverKeysSql({
    keys: { heldBy: user.id },
    own: plan.ownTargets,
    fallback: plan.defaultTarget,
    revoke: plan.revoke,
    revokedReason: revocationReason(user, reason),
    revokedBy: ctx.principal?.userId ?? null,
    now: ctx.now,
  });
  const list = [...targets.values()];
  const added = list.flatMap((t) =>
    t.addedIds.map((serviceId, i) => ({ holder: t.id, serviceId, slug: t.added[i] as string })),
  );
  const rows = await em.execute<(MovedKey & { was_revoked: boolean; expired: boolean })[]>(
    `with moved as (
       ${moved.text}
     ),
     x as (
       select array_agg(t.id order by t.rank) as ids,
              array_agg(t.email order by t.rank) as emails,
              ${custodySnapshotSql("?::uuid", "?::text", "?::int")} as before_working,
              ${custodySnapshotSql("?::uuid", "?::text", "0")} as before_idle,
              array_agg(${custodySnapshotSql("t.id", "t.email", "t.after_count")} order by t.rank) as after_working,
              array_agg(${custodySnapshotSql("t.id", "t.email", "0")} order by t.rank) as after_idle
         from unnest(?::uuid[], ?::text[], ?::int[]) with ordinality as t(id, email, after_count, rank)
     ),
     added as (
       select * from unnest(?::uuid[], ?::uuid[], ?::text[]) with ordinality as a(holder_id, service_id, slug, ord)
     ),
     billing as (
       ${carryOverBillingSql("added")}
     ),
     audit as (
       insert into audit_event (${AUDIT_SET_COLUMNS})
       select ${actor.sql}, e.action, e.subject_type, ${auditSubjectsSql("e.ids")}, e.before, e.after, ${why.sql}
         from (
           -- Keys changed alike are one set each: the revoked ones, and per target the moves that
           -- keep access, the moves of keys that work nowhere, and the keys it takes as custodian.
           select 0 as step, 0 as rank, 0 as part, 0::bigint as ord, '${KEY_EVENTS.revoked}' as action, '${AUDIT_SUBJECTS.API_KEY}' as subject_type,
                  array_agg(m.id order by m.id) as ids, ?::jsonb as before, ?::jsonb as after
             from moved m where m.revoking having count(*) > 0
           union all
           select 1, g.rank, g.part, case when g.working then 0 else 1 end, '${KEY_EVENTS.reassigned}', '${AUDIT_SUBJECTS.API_KEY}',
                  array_agg(g.id order by g.id),
                  case when g.working then (select before_working from x) else (select before_idle from x) end,
                  (case when g.working then (select after_working from x) else (select after_idle from x) end)[g.rank]
             from (select m.id, array_position((select ids from x), m.target) as rank,
                          case when m.custody then 3 else 0 end as part, m.live and not m.custody as working
                     from moved m) g
            group by g.rank, g.part, g.working
           union all
           select 1, r.rank, 1, a.ord, 'collaborator.added', '${AUDIT_SUBJECTS.SERVICE}', array[a.service_id], null,
                  jsonb_build_object('service', a.slug, 'holder', (select emails from x)[r.rank], 'role', 'BILLING',
                                     'carriedOverFor', '${CARRIED_OVER_FOR}')
             from added a cross join lateral (select array_position((select ids from x), a.holder_id) as rank) r
           union all
           select 1, w.rank, 2, 0, '${KEY_EVENTS.accessWidened}', '${AUDIT_SUBJECTS.API_KEY}', w.ids, w.before, w.after
             from jsonb_to_recordset(?::jsonb) as w(rank int, ids uuid[], before jsonb, after jsonb)
           order by step, rank, part, ord
         ) e
     )
     select id, name, prefix, custody and not revoking as was_revoked, not (custody and not revoking) and not live as expired
       from moved order by id`,
    [
      ...moved.params,
      user.id,
      user.email,
      servicesBefore,
      user.id,
      user.email,
      `{${list.map((t) => t.id).join(",")}}`,
      textArray(list.map((t) => t.email)),
      `{${list.map((t) => t.after.length).join(",")}}`,
      `{${added.map((a) => a.holder).join(",")}}`,
      `{${added.map((a) => a.serviceId).join(",")}}`,
      textArray(added.map((a) => a.slug)),
      ctx.now,
      ...actor.params,
      ...why.params,
      ...revokedSnapshots(ctx, user, reason),
      widenedJson(list),
    ],
  );
  const seen: HandOverRows["seen"] = { count: rows.length, revoked: [], expired: [] };
  for (const row of rows) {
    if (row.was_revoked) seen.revoked.push(row.id);
    else if (row.expired) seen.expired.push(row.id);
  }
  return { moved: rows, seen };
}

/** Why a key revoked by an offboarding was revoked, as stored on the key. */
function revocationReason(user: { email: string }, reason: string | null): string {
  return `Offboarding of ${user.email}${reason ? `: ${reason}` : ""}`;
}

/**
 * The `before` and `after` of the revoked set (`KEY_EVENTS.revoked`): what revoking changed, alike for every key
 * revoked here (as `revokeApiKey` records it, less what differs from key to key).
 */
function revokedSnapshots(ctx: RequestContext, user: { id: string; email: string }, reason: string | null): string[] {
  const revokedReason = revocationReason(user, reason);
  const holder = { holderId: user.id, holder: user.email };
  return [
    JSON.stringify({ ...holder, revokedAt: null, revokedReason: null }),
    JSON.stringify({ ...holder, revokedAt: ctx.now.toISOString(), revokedReason }),
  ];
}

/** Per target whose own keys gain services: its rank (1-based), those keys, and before/after. */
function widenedJson(targets: TargetOutcome[]): string {
  return JSON.stringify(
    targets.flatMap((t, i) =>
      t.othersGaining.length
        ? [
            {
              rank: i + 1,
              ids: t.othersGaining.map((k) => k.keyId),
              ...accessWidenedSnapshots(t, t.servicesBefore, t.added),
            },
          ]
        : [],
    ),
  );
}
