import type { EntityManager } from "@mikro-orm/postgresql";
import { AuditEvent } from "./audit-event.type.js";

/**
 * The stored trail read as events: each row of `audit_event` (alias `a`) once per subject of its
 * set, at position `s.n` with the subject `s.subject`; a row about one subject is read once, at
 * position 1. Events sort by (`a.id`, `s.n`): the order they were recorded.
 */
export const AUDIT_EVENTS_FROM =
  "audit_event a cross join lateral unnest(coalesce(a.subject_ids, array[null::uuid])) with ordinality as s(subject, n)";

/** The columns `toAuditEvent` reads, over `AUDIT_EVENTS_FROM`. */
export const AUDIT_EVENT_COLUMNS =
  "a.id::text as record_id, s.n::int as position, a.subject_ids is not null as in_set, a.occurred_at, a.actor_id, " +
  "a.actor_label, a.credential_kind, a.credential_id, a.action, a.subject_type, " +
  "coalesce(a.subject_id, s.subject::text) as subject_id, a.before, a.after, a.reason, a.request_id";

/** A row of `AUDIT_EVENT_COLUMNS`. */
export interface AuditEventRow {
  record_id: string;
  position: number;
  in_set: boolean;
  occurred_at: Date | string;
  actor_id: string | null;
  actor_label: string;
  credential_kind: string;
  credential_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string | null;
  request_id: string | null;
}

export function toAuditEvent(row: AuditEventRow): AuditEvent {
  return Object.assign(new AuditEvent(), {
    id: row.in_set ? `${row.record_id}.${row.position}` : row.record_id,
    recordId: row.record_id,
    position: row.position,
    occurredAt: new Date(row.occurred_at),
    actorId: row.actor_id,
    actorLabel: row.actor_label,
    credentialKind: row.credential_kind,
    credentialId: row.credential_id,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    before: row.before,
    after: row.after,
    reason: row.reason,
    requestId: row.request_id,
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A condition over `AUDIT_EVENTS_FROM`: the event is about one of `ids`. A row about one subject
 * is found by the subject index, a subject set by its GIN index (sets hold UUIDs only).
 */
export function aboutSubjects(ids: string[]): { sql: string; params: unknown[] } {
  const all = `{${ids.map((id) => `"${id.replace(/[\\"]/g, "\\$&")}"`).join(",")}}`;
  const uuids = ids.filter((id) => UUID.test(id)).map((id) => id.toLowerCase());
  if (!uuids.length) return { sql: "a.subject_id = any(?::text[])", params: [all] };
  return {
    sql: "(a.subject_id = any(?::text[]) or a.subject_ids && ?::uuid[]) and coalesce(a.subject_id, s.subject::text) = any(?::text[])",
    params: [all, `{${uuids.join(",")}}`, all],
  };
}

/** The events of these keys, newest first: each key's history, in one statement. */
export async function keyHistories(em: EntityManager, keyIds: readonly string[]): Promise<AuditEvent[]> {
  const about = aboutSubjects([...keyIds]);
  const rows = await em.execute<AuditEventRow[]>(
    `select ${AUDIT_EVENT_COLUMNS} from ${AUDIT_EVENTS_FROM}
      where a.subject_type = 'ApiKey' and ${about.sql}
      order by a.occurred_at desc, a.id desc, s.n desc`,
    about.params,
  );
  return rows.map(toAuditEvent);
}
