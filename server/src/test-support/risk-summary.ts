import { expect } from "vitest";
import type { TestDatabase } from "./database.js";

/** The summaries, as kept by the triggers. */
const KEPT = `select environment, holder_class, billing, expires_on::text, sum(n)::int as n from risk_key_count
   group by 1, 2, 3, 4 having sum(n) <> 0
  union all select 'holder', holder_class, billing, holder_id::text, 0 from risk_holder
  union all select 'group', email, false, group_id::text, active_members from risk_group order by 1, 2, 3, 4, 5`;

/** The same, recounted from the tables by their definitions. */
const RECOUNTED = `with h as (
    select id, case when kind = 'GROUP' then 'GROUP' when status = 'DEPARTED' then 'USER_DEPARTED' else 'USER_ACTIVE' end as holder_class,
      exists (select 1 from collaborator c join service s on s.id = c.service_id
              where c.holder_id = holder.id and c.role = 'BILLING' and s.archived_at is null) as billing
      from holder)
  select k.environment, h.holder_class, h.billing,
         coalesce((k.expires_at at time zone 'UTC')::date, 'infinity'::date)::text as expires_on, count(*)::int as n
    from api_key k join h on h.id = k.holder_id where k.revoked_at is null group by 1, 2, 3, 4
  union all select 'holder', holder_class, billing, id::text, 0 from h
  union all select 'group', g.email, false, g.id::text,
      (select count(*)::int from group_membership m join holder u on u.id = m.user_id where m.group_id = g.id and u.status = 'ACTIVE')
    from holder g where g.kind = 'GROUP' order by 1, 2, 3, 4, 5`;

/** The trigger-kept risk summaries equal a recount of the tables they summarise. */
export async function expectRiskSummariesExact(db: TestDatabase): Promise<void> {
  const em = db.em();
  expect(await em.execute(KEPT), "risk summaries").toEqual(await em.execute(RECOUNTED));
}
