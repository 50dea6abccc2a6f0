import { Migration } from "@mikro-orm/migrations";

const DEFINER = "language plpgsql security definer set search_path = pg_catalog, public, pg_temp";

/**
 * The rows of an update whose holder, role or service changed, old and new, as `x` (a row whose id
 * changed has no partner: it counts as changed, on its one side).
 */
const CHANGED_ROWS = `from old_collaborators o full join new_collaborators n using (id),
              lateral (values (o.holder_id, o.service_id, o.role), (n.holder_id, n.service_id, n.role))
                x(holder_id, service_id, role)
        where x.holder_id is not null
          and (o.holder_id, o.role, o.service_id) is distinct from (n.holder_id, n.role, n.service_id)`;

/**
 * The two risk triggers' functions on `collaborator`, whose insert and delete branches stay as
 * they were; `onUpdate` gives each one's update branch: the holders whose Billing summary to
 * recompute, and the holders and services (Billing roles) whose services' summaries to recompute.
 */
function functions(onUpdate: { billing: string; works: string }): string[] {
  return [
    `create or replace function risk_on_collaborator() returns trigger ${DEFINER} as $$
   declare holders uuid[];
   begin
     if tg_op = 'INSERT' then select array_agg(distinct holder_id) into holders from new_collaborators;
     elsif tg_op = 'DELETE' then select array_agg(distinct holder_id) into holders from old_collaborators;
     else
       ${onUpdate.billing};
     end if;
     if holders is not null then perform risk_refresh_billing(holders); end if;
     return null;
   end $$;`,
    `create or replace function risk_works_on_collaborator() returns trigger ${DEFINER} as $$
   declare holders uuid[]; services uuid[];
   begin
     if tg_op = 'INSERT' then
       select array_agg(distinct holder_id), array_agg(distinct service_id) into holders, services
         from new_collaborators where role = 'BILLING';
     elsif tg_op = 'DELETE' then
       select array_agg(distinct holder_id), array_agg(distinct service_id) into holders, services
         from old_collaborators where role = 'BILLING';
     else
       ${onUpdate.works};
     end if;
     if services is not null then
       perform 1 from risk_holder_works where holder_id = any(holders) order by holder_id for share;
       perform risk_refresh_services(services);
     end if;
     return null;
   end $$;`,
  ];
}

/**
 * An update of collaborators recomputes the risk summaries only for the rows whose holder, role or
 * service changed. A holder's new email is copied to each of its collaborator rows
 * (`holder_email_to_collaborators`), which fired both statement triggers on `collaborator` and
 * recomputed the holder's Billing summary and every service it is Billing on, for a change that
 * feeds neither. The triggers cannot name their columns (`after update of …` is refused with
 * transition tables), so their update branches compare each row's old and new values instead.
 */
export class Migration20261205180000_risk_collaborator_changed_rows extends Migration {
  override name = "Migration20261205180000_risk_collaborator_changed_rows";

  override up(): void | Promise<void> {
    const statements = functions({
      billing: `select array_agg(distinct x.holder_id) into holders
         ${CHANGED_ROWS}`,
      works: `select array_agg(distinct x.holder_id), array_agg(distinct x.service_id) into holders, services
         ${CHANGED_ROWS} and x.role = 'BILLING'`,
    });
    for (const statement of statements) this.addSql(statement);
  }

  // The update branches as Migration20261204143000_risk_summaries and
  // Migration20261205003000_risk_service_works wrote them: every row, old and new.
  override down(): void | Promise<void> {
    const statements = functions({
      billing: `select array_agg(distinct holder_id) into holders
         from (select holder_id from new_collaborators union select holder_id from old_collaborators) h`,
      works: `select array_agg(distinct holder_id), array_agg(distinct service_id) into holders, services
         from (select holder_id, service_id from old_collaborators where role = 'BILLING'
               union select holder_id, service_id from new_collaborators where role = 'BILLING') c`,
    });
    for (const statement of statements) this.addSql(statement);
  }
}
