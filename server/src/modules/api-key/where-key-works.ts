import { CollaboratorRole } from "../../shared/collaborator-role.js";
import { Sql, sql } from "../../shared/sql.js";

// Where a key works: the two-hop rule, written once. A key works on a service exactly when it is
// active and its holder (the group itself, for a group email) is a BILLING collaborator on that
// service, and the service is not archived. `liveBillingSql` is the SQL half (the holder's Billing
// collaborations on unarchived services); the functions below it are its TypeScript twin, for
// answers that already hold a key's status and its holder's Billing services. Verification, the
// keys lists and their loaders, risks, the offboarding plan, the hand-over, reassignment and the
// CSV export all ask here, so a change to the rule is made in this one file, and in the one
// summary that follows it in the database: the risks overview's services without a working key
// (`risk_service`, kept by the triggers of Migration20261205003000_risk_service_works, and checked
// against this file's `liveBillingSql` by the summary tests).

/** The Billing role, the one role that makes a holder's keys work on a service. */
const BILLING = `'${CollaboratorRole.BILLING}'`;

/**
 * `from collaborator c join service s … where …`: the live Billing collaborations of a holder
 * (`holder`, an SQL expression: a column, `?`, or `any(?::uuid[])`), or of anyone on a service
 * (`service`), or both. `c` and `s` rename the two tables where a statement uses those aliases;
 * `join` joins more. The expressions are SQL text written by the caller, never input.
 *
 * `byService` reads each role's service by its primary key (a lateral probe the planner cannot
 * turn into a join). A subquery run once per row of a large statement needs it: the few roles of
 * one holder are otherwise hash-joined to a scan of every service, on every call, so a statement
 * over n keys read n times the whole service table (the CSV export at 100k keys: 3 ms per key).
 */
export function liveBillingSql(on: {
  holder?: string;
  service?: string;
  c?: string;
  s?: string;
  join?: string;
  byService?: boolean;
}): string {
  const c = on.c ?? "c";
  const s = on.s ?? "s";
  const holder = on.holder === undefined ? "" : ` and ${c}.holder_id = ${on.holder}`;
  const service = on.service === undefined ? "" : ` and ${c}.service_id = ${on.service}`;
  // `limit 1` (the id is the primary key: one row at most) keeps the subquery a probe.
  const services = on.byService
    ? `cross join lateral (select * from service where id = ${c}.service_id limit 1) ${s}`
    : `join service ${s} on ${s}.id = ${c}.service_id`;
  return `from collaborator ${c} ${services}${on.join ? ` ${on.join}` : ""}
    where ${c}.role = ${BILLING} and ${s}.archived_at is null${holder}${service}`;
}

/**
 * The slugs of the services a holder's keys work on while active, as a scalar subquery over
 * `holder` (e.g. `k.holder_id`): `"array"` (sorted, `'{}'` for none) or `{ separator }` (sorted
 * text joined by it, null for none). Each service is read by its primary key (`byService`).
 */
export function worksOnSlugsSql(holder: string, as: "array" | { separator: string }): string {
  if (as === "array") {
    return `coalesce((select array_agg(s.slug order by s.slug) ${liveBillingSql({ holder, byService: true })}), '{}')`;
  }
  return `(select string_agg(s.slug, '${as.separator.replace(/'/g, "''")}' order by s.slug) ${liveBillingSql({ holder, byService: true })})`;
}

/**
 * Rows `(holder_id, services)`: for each holder among `holders` (an SQL expression such as
 * `any(array(select …))`) that is Billing somewhere, the services its keys work on while active,
 * as one JSON array of `item` (an SQL expression over the service `s`), by slug. Lets a list of
 * keys carry where each works in its own statement.
 */
export function worksOnServicesByHolderSql(holders: string, item: string): string {
  return `select c.holder_id, json_agg(${item} order by s.slug) as services ${liveBillingSql({ holder: holders })}
    group by c.holder_id`;
}

/**
 * The key `k` works on the service `service` (a fragment: a value, or a column of an outer
 * statement) now: `active` (the caller's condition for "active now"), and its holder is Billing
 * there, the service unarchived.
 */
export function keyWorksOnServiceSql(service: Sql, active: Sql): Sql {
  return sql`${active} and k.holder_id in (${billingHoldersOnSql(service)})`;
}

/**
 * `select wc.holder_id …`: the holders whose active keys work on the service `service` (a
 * fragment, as for `keyWorksOnServiceSql`), each once (a holder has one Billing role per service).
 */
export function billingHoldersOnSql(service: Sql): Sql {
  const billing = new Sql(liveBillingSql({ c: "wc", s: "ws" }));
  return sql`select wc.holder_id ${billing} and wc.service_id = ${service}`;
}

/** A collaboration that makes the holder's keys work on its service (the TypeScript twin of `liveBillingSql`). */
export function isLiveBilling(collaboration: { role: string; archived: boolean }): boolean {
  return collaboration.role === CollaboratorRole.BILLING && !collaboration.archived;
}

/**
 * Where a key works, given whether it is active and its holder's live Billing services: all of
 * them while it is active, none otherwise (the TypeScript twin of `worksOnSlugsSql`).
 */
export function whereKeyWorks<T>(active: boolean, holderBilling: T[]): T[] {
  return active ? holderBilling : (NOWHERE as T[]);
}

/** Whether an active key works on `service`, given the slugs of its holder's live Billing services. */
export function worksOn(holderBilling: ReadonlySet<string>, service: string): boolean {
  return holderBilling.has(service);
}

/** Shared by every key that works nowhere; never changed. */
const NOWHERE: never[] = [];
