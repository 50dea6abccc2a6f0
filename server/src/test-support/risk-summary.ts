import { expect } from "vitest";
import { liveBillingSql } from "../modules/api-key/where-key-works.js";
import type { TestDatabase } from "./database.js";

/** A key count's day, the days before the database's today minus two being one (`risk_fold_key_counts`). */
const dayOf = (day: string) =>
  `(case when ${day} < (now() at time zone 'UTC')::date - 2 then '-infinity'::date else ${day} end)::text`;

/** The summaries, as kept by the triggers. */
const KEPT = `select environment, holder_class, billing, ${dayOf("expires_on")}, sum(n)::int as n from risk_key_count
   group by 1, 2, 3, 4 having sum(n) <> 0
  union all select 'holder', holder_class, billing, holder_id::text, 0 from risk_holder
  union all select 'group', email, false, group_id::text, active_members from risk_group
  union all select 'groups at risk', '', false, '', (select coalesce(sum(n), 0)::int from risk_group_count)
  union all select 'holder works', works_until::text, false, holder_id::text, 0 from risk_holder_works
  union all select 'service works', coalesce(works_until::text, '-'), false, service_id::text || ' ' || slug, 0
    from risk_service order by 1, 2, 3, 4, 5`;

/** The same, recounted from the tables by their definitions. */
const RECOUNTED = `with h as (
    select id, case when kind = 'GROUP' then 'GROUP' when status = 'DEPARTED' then 'USER_DEPARTED' else 'USER_ACTIVE' end as holder_class,
      exists (select 1 from collaborator c join service s on s.id = c.service_id
              where c.holder_id = holder.id and c.role = 'BILLING' and s.archived_at is null) as billing,
      (select max(case when k.expires_at is null then 'infinity'::timestamptz else k.expires_at end) from api_key k
        where k.holder_id = holder.id and k.revoked_at is null) as works_until
      from holder)
  select k.environment, h.holder_class, h.billing,
         ${dayOf("coalesce((k.expires_at at time zone 'UTC')::date, 'infinity'::date)")} as expires_on, count(*)::int as n
    from api_key k join h on h.id = k.holder_id where k.revoked_at is null group by 1, 2, 3, 4
  union all select 'holder', holder_class, billing, id::text, 0 from h
  union all select 'group', g.email, false, g.id::text,
      (select count(*)::int from group_membership m join holder u on u.id = m.user_id where m.group_id = g.id and u.status = 'ACTIVE')
    from holder g where g.kind = 'GROUP'
  union all select 'groups at risk', '', false, '', count(*)::int from holder g
   where g.kind = 'GROUP' and (select count(*) from group_membership m join holder u on u.id = m.user_id
                                where m.group_id = g.id and u.status = 'ACTIVE') < 2
  union all select 'holder works', coalesce(works_until, '-infinity')::text, false, id::text, 0 from h
  union all select 'service works',
      coalesce(case when s.archived_at is null and exists (select 1 from collaborator c where c.service_id = s.id and c.role = 'BILLING')
        then coalesce((select max(h.works_until) from collaborator c join h on h.id = c.holder_id
                        where c.service_id = s.id and c.role = 'BILLING'), '-infinity') end::text, '-'),
      false, s.id::text || ' ' || s.slug, 0
    from service s order by 1, 2, 3, 4, 5`;

/** Now, and the millisecond before, at and after each time an unrevoked key stops working. */
const INSTANTS = `select ?::timestamptz as at
  union select date_trunc('milliseconds', k.expires_at) + d * interval '1 millisecond'
          from api_key k, (values (-1), (0), (1)) d(d) where k.expires_at is not null and k.revoked_at is null`;

/** At each instant, the services the summary says have no working key. */
const KEPT_AT_RISK = `with t as (${INSTANTS})
  select t.at::text, r.service_id::text as id from t join risk_service r on r.works_until <= t.at order by 1, 2`;

/**
 * At each instant, the services without a working key by the two-hop rule itself
 * (`liveBillingSql`; a key is active when unrevoked and not expired at that instant, as
 * `keyIsActive` says): live, with a Billing collaborator, and no active key of any of them.
 */
const RULE_AT_RISK = `with t as (${INSTANTS})
  select t.at::text, sv.id::text from t, service sv
   where sv.archived_at is null and exists (select 1 ${liveBillingSql({ service: "sv.id" })})
     and not exists (select 1 ${liveBillingSql({ service: "sv.id", join: "join api_key k on k.holder_id = c.holder_id" })}
                       and k.revoked_at is null and (k.expires_at is null or k.expires_at > t.at))
   order by 1, 2`;

/**
 * The trigger-kept risk summaries equal a recount of the tables they summarise; and the services
 * whose kept time has passed are, now and around each time a key expires (with no write), those
 * the two-hop rule finds without a working key.
 */
export async function expectRiskSummariesExact(db: TestDatabase): Promise<void> {
  const em = db.em();
  expect(await em.execute(KEPT), "risk summaries").toEqual(await em.execute(RECOUNTED));
  const now = new Date();
  expect(await em.execute(KEPT_AT_RISK, [now]), "services without a working key").toEqual(
    await em.execute(RULE_AT_RISK, [now]),
  );
}
