import type { EntityManager } from "@mikro-orm/postgresql";
import { isId } from "../../shared/ids.js";
import { type Sql, sql, textArray } from "../../shared/sql.js";
import { AuditEvent } from "./audit-event.type.js";
import { AUDIT_SUBJECTS, AuditSubjectType, auditSubjectType } from "./audit-subject-type.js";
import type { AuditSubjectTable } from "./audit-subjects.js";

/**
 * The stored trail read as events: each row of `audit_event` (alias `a`) once per subject of its
 * set, at position `s.n` with the subject `s.subject`; a row about one subject is read once, at
 * position 1. Events sort by (`a.id`, `s.n`): the order they were recorded.
 */
export const AUDIT_EVENTS_FROM = sql`audit_event a
  cross join lateral unnest(coalesce(a.subject_ids, array[null::uuid])) with ordinality as s(subject, n)`;

/** The columns `toAuditEvent` reads, over `AUDIT_EVENTS_FROM`. */
export const AUDIT_EVENT_COLUMNS = sql`a.id::text as record_id, s.n::int as position,
  a.subject_ids is not null as in_set, a.occurred_at, a.actor_id, a.actor_label, a.credential_kind, a.credential_id,
  a.action, a.subject_type, coalesce(a.subject_id, s.subject::text) as subject_id, a.before, a.after, a.reason,
  a.request_id`;

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
    subjectType: auditSubjectType(row.subject_type),
    subjectId: row.subject_id,
    before: row.before,
    after: row.after,
    reason: row.reason,
    requestId: row.request_id,
  });
}

/**
 * A condition over `AUDIT_EVENTS_FROM`: the event is about one of `ids`. A row about one subject
 * is found by the subject index, a subject set by its GIN index (sets hold UUIDs only).
 */
export function aboutSubjects(ids: readonly string[]): Sql {
  const all = textArray(ids);
  const uuids = ids.filter(isId).map((id) => id.toLowerCase());
  if (!uuids.length) return sql`a.subject_id = any(${all}::text[])`;
  return sql`(a.subject_id = any(${all}::text[]) or a.subject_ids && ${`{${uuids.join(",")}}`}::uuid[])
    and coalesce(a.subject_id, s.subject::text) = any(${all}::text[])`;
}

/** A condition over `audit_event a` alone: the row is about one of `ids`, alone or in its set. */
export function rowAboutSubjects(ids: readonly string[]): Sql {
  const all = textArray(ids);
  const uuids = ids.filter(isId).map((id) => id.toLowerCase());
  if (!uuids.length) return sql`a.subject_id = any(${all}::text[])`;
  return sql`(a.subject_id = any(${all}::text[]) or a.subject_ids && ${`{${uuids.join(",")}}`}::uuid[])`;
}

/** The events of these keys, newest first: each key's history, in one statement. */
export async function keyHistories(em: EntityManager, keyIds: readonly string[]): Promise<AuditEvent[]> {
  const query = sql`select ${AUDIT_EVENT_COLUMNS} from ${AUDIT_EVENTS_FROM}
    where a.subject_type = ${AUDIT_SUBJECTS.API_KEY} and ${aboutSubjects(keyIds)}
    order by a.occurred_at desc, a.id desc, s.n desc`;
  const rows = await em.execute<AuditEventRow[]>(query.text, [...query.params]);
  return rows.map(toAuditEvent);
}

/**
 * Words for subjects, by id, in one statement however many, as each subject table's owner words
 * them (the `tables` given): a key's name and prefix, a holder's email, a service's slug, an
 * access token's name and prefix. Ids are unique across these tables; an id none of them holds is
 * left out.
 */
export async function subjectLabels(
  em: EntityManager,
  ids: readonly string[],
  tables: readonly AuditSubjectTable[],
): Promise<Map<string, string>> {
  const uuids = [...new Set(ids.filter(isId).map((id) => id.toLowerCase()))];
  if (!uuids.length || !tables.length) return new Map();
  const list = `{${uuids.join(",")}}`;
  const rows = await em.execute<{ id: string; label: string }[]>(
    tables.map((t) => t.labels).join("\n     union all "),
    tables.map(() => list),
  );
  return new Map(rows.map((r) => [r.id, r.label]));
}

/**
 * Words for a subject no table holds any more, from what the event's snapshots recorded (the
 * actor's label when they acted on themselves), or else its id.
 */
export function recordedSubjectLabel(
  event: Pick<AuditEvent, "subjectType" | "subjectId" | "actorId" | "actorLabel" | "before" | "after">,
): string {
  const recorded = { ...(event.before ?? {}), ...(event.after ?? {}) };
  const text = (key: string) => (typeof recorded[key] === "string" ? (recorded[key] as string) : undefined);
  const name = text("name");
  const label =
    event.subjectType === AuditSubjectType.API_KEY || event.subjectType === AuditSubjectType.ACCESS_TOKEN
      ? name && text("prefix")
        ? `${name} (${text("prefix")}…)`
        : name
      : event.subjectType === AuditSubjectType.SERVICE
        ? (text("slug") ?? text("service"))
        : text("email");
  if (label) return label;
  if (event.actorId && event.actorId === event.subjectId) return event.actorLabel;
  return event.subjectId;
}
