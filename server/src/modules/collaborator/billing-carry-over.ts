import { CollaboratorRole } from "../../shared/collaborator-role.js";

/** What a Billing role added by a hand-over was carried over for, as its audit event says. */
export const CARRIED_OVER_FOR = "key reassignment";

/**
 * SQL: makes holders Billing collaborators on services, so the keys they take over keep working
 * there: an INSERT of one Billing role per row of `rows` (an SQL relation with `service_id` and
 * `holder_id`, such as a CTE's name or a subquery in parentheses), a role that exists already left
 * as it is. One `?` parameter, the time, comes before any of `rows`. Used by every hand-over of
 * keys: a reassignment and an offboarding alike.
 */
export function carryOverBillingSql(rows: string): string {
  return `insert into collaborator (id, service_id, holder_id, role, created_at)
       select gen_random_uuid(), r.service_id, r.holder_id, '${CollaboratorRole.BILLING}', ?::timestamptz from ${rows} r
       on conflict (service_id, holder_id, role) do nothing`;
}
