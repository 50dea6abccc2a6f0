import { expect } from "vitest";
import type { TestDatabase } from "./database.js";

/** Days before this are one bucket once folded (as `api_key_count_fold` is called by the keys list). */
const folded = (day: string) =>
  `case when ${day} < (now() at time zone 'UTC')::date - 2 then '-infinity'::date else ${day} end::text`;

/** The key counts as kept by the triggers, summed over transactions. */
const KEPT = `select environment, holder_kind, revoked, suspended, expires_on, sum(n)::int as n
    from (select environment, holder_kind, revoked, suspended, ${folded("expires_on")} as expires_on, n
            from api_key_count) c
   group by 1, 2, 3, 4, 5 having sum(n) <> 0 order by 1, 2, 3, 4, 5`;

/** The same, recounted from the keys by their definitions. */
const RECOUNTED = `select environment, holder_kind, revoked, suspended, expires_on, count(*)::int as n
    from (select k.environment, h.kind as holder_kind, k.revoked_at is not null as revoked, k.suspended_at is not null as suspended,
                 ${folded("(case when k.revoked_at is not null or k.expires_at is null then 'infinity'::date else (k.expires_at at time zone 'UTC')::date end)")} as expires_on
            from api_key k join holder h on h.id = k.holder_id) c
   group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`;

/** The trigger-kept key counts (`api_key_count`) equal a recount of the keys. */
export async function expectKeyCountsExact(db: TestDatabase): Promise<void> {
  const em = db.em();
  expect(await em.execute(KEPT), "key counts").toEqual(await em.execute(RECOUNTED));
}
