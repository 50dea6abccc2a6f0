import pg from "pg";
import { uuidOf } from "./seed.ts";

/** Keys held by the leaver whose offboarding plan the scale scenario reads, at every size. */
export const LEAVER_KEYS = 10_000;

/** What `seedScaleExtras` added, for the queries that need it. */
export interface ScaleExtras {
  leaverId: string;
  /** A holder with audit events of its own, named as the audit log's `subject` filter names it. */
  auditSubject: string;
  /** The audit action filtered on: one event per revoked key, so its count grows with the keys. */
  auditAction: string;
  /** How many audit rows the registry holds. */
  auditRows: number;
}

/**
 * Adds to a seeded registry, set-based (one statement per table), what the scale scenario reads
 * beyond the keys page:
 *
 * - a user `leaver@bench.gov.example` holding `LEAVER_KEYS` keys of their own at every size (so
 *   the registry holds that many keys more than its nominal size), Billing on 50 of the seeded
 *   services and a member of a group email that is Billing on 25 of them, their keys older than
 *   any other key so that they do not change the first pages;
 * - an audit history proportional to the registry: for every holder its `user.created` or
 *   `group_email.created`, for every key an `api_key.created` (by a holder, at the key's creation
 *   time), for every revoked key an `api_key.revoked`, in time order as a running registry
 *   records them.
 */
export async function seedScaleExtras(url: string, services: number): Promise<ScaleExtras> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("begin");
    await client.query("set local synchronous_commit = off");
    const leaverId = uuidOf("'leaver'");
    const groupId = uuidOf("'leaver-group'");
    await client.query(
      `insert into holder (id, kind, email, name, status, created_at, updated_at)
       values (${leaverId}, 'USER', 'leaver@bench.gov.example', 'Leaver', 'ACTIVE', now() - interval '3 years', now()),
              (${groupId}, 'GROUP', 'leaver-team@bench.gov.example', 'Leaver team', null, now() - interval '3 years', now())`,
    );
    await client.query(`insert into group_membership (group_id, user_id) values (${groupId}, ${leaverId})`);
    await client.query(
      `insert into collaborator (id, service_id, holder_id, role)
       select ${uuidOf("'lv-cb-' || n")}, ${uuidOf(`'s' || n`)}, ${leaverId}, 'BILLING' from generate_series(1, least(50, ${services})) n
       union all
       select ${uuidOf("'lv-gcb-' || n")}, ${uuidOf(`'s' || n`)}, ${groupId}, 'BILLING' from generate_series(1, least(25, ${services})) n`,
    );
    // One key in 20 revoked, one in 10 STAGING; created a minute apart, before every seeded key.
    await client.query(
      `insert into api_key (id, name, environment, holder_id, prefix, secret_digest, created_at, updated_at,
                            revoked_at, revoked_reason)
       select ${uuidOf("'lv-k' || n")}, 'Leaver key ' || n, case when n % 10 = 3 then 'STAGING' else 'PRODUCTION' end,
              ${leaverId}, case when n % 10 = 3 then 'kh_test_' else 'kh_live_' end || substr(md5('lv-p' || n), 1, 6),
              encode(sha256(('lv-secret-' || n)::bytea), 'hex'),
              created, created,
              case when n % 20 = 11 then created + interval '1 day' end,
              case when n % 20 = 11 then 'compromised' end
       from generate_series(1, ${LEAVER_KEYS}) n,
            lateral (select date_trunc('milliseconds', now() - interval '3 years' + make_interval(mins => n)) as created) c`,
    );
    // The trail, oldest first, so that ids follow time as they do when a server records it. Its
    // events were notified when they happened: a registry at rest has no notice jobs waiting, so
    // the trigger that queues one per notified event is off for this insert (on, it would leave a
    // million jobs at 1M keys for the server to work through while every query is timed).
    await client.query("alter table audit_event disable trigger audit_event_notify");
    await client.query(
      `insert into audit_event (occurred_at, actor_id, actor_label, credential_kind, action, subject_type, subject_id, after)
       select e.at, e.actor_id, coalesce(a.email, 'system'), case when e.actor_id is null then 'SYSTEM' else 'SESSION' end,
              e.action, e.subject_type, e.subject_id, e.after
         from (select h.created_at as at, null::uuid as actor_id,
                      case h.kind when 'GROUP' then 'group_email.created' else 'user.created' end as action,
                      case h.kind when 'GROUP' then 'GroupEmail' else 'User' end as subject_type,
                      h.id::text as subject_id, jsonb_build_object('email', h.email) as after
                 from holder h
               union all
               select k.created_at, k.holder_id, 'api_key.created', 'ApiKey', k.id::text,
                      jsonb_build_object('name', k.name, 'environment', k.environment)
                 from api_key k
               union all
               select k.revoked_at, k.holder_id, 'api_key.revoked', 'ApiKey', k.id::text,
                      jsonb_build_object('reason', k.revoked_reason)
                 from api_key k where k.revoked_at is not null) e
         left join holder a on a.id = e.actor_id
        order by e.at`,
    );
    await client.query("alter table audit_event enable trigger audit_event_notify");
    await client.query("commit");
    const { rows } = await client.query<{ rows: number }>("select count(*)::int as rows from audit_event");
    return {
      leaverId: (await client.query<{ id: string }>(`select ${leaverId}::text as id`)).rows[0]!.id,
      // Holder 42 is a user (`user<n>@agency<n mod 20>…`), with a created event and ten keys.
      auditSubject: "user42@agency2.gov.example",
      auditAction: "api_key.revoked",
      auditRows: rows[0]!.rows,
    };
  } finally {
    await client.end();
  }
}
