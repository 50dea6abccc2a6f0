import type { EntityManager } from "@mikro-orm/postgresql";
import { isId } from "../../shared/ids.js";
import { Keyset, type Page, type PageRequest } from "../../shared/pagination.js";
import { allOf, Sql, sql, textArray } from "../../shared/sql.js";
import { AuditEvent } from "./audit-event.type.js";
import { AUDIT_SUBJECTS, AuditSubjectType } from "./audit-subject-type.js";
import type { AuditSubjectTable } from "./audit-subjects.js";
import { type RecordedChangeRow, recordedChange } from "./recorded-change.type.js";

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
export interface AuditEventRow extends RecordedChangeRow {
  record_id: string;
  position: number;
  in_set: boolean;
  subject_id: string;
}

export function toAuditEvent(row: AuditEventRow): AuditEvent {
  return Object.assign(new AuditEvent(), {
    ...recordedChange(row),
    id: row.in_set ? `${row.record_id}.${row.position}` : row.record_id,
    recordId: row.record_id,
    position: row.position,
    subjectId: row.subject_id,
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

/** A key's history event with its sort key as text, for its cursor. */
interface HistoryRow extends AuditEventRow {
  occurred_key: string;
  rn: string;
}

/**
 * One page of each key's history, newest first, for one page request: one statement picks every
 * key's page with a window function over the keyset (`occurred_at`, `a.id`, `s.n`) — the subject
 * index or the subject-set index finds each key's events — and one counts every key's events, only
 * when a count is asked for. A page of 50 keys with their histories costs what one key does.
 */
export async function keyHistoryPages(
  em: EntityManager,
  keyIds: readonly string[],
  request: PageRequest,
): Promise<Map<string, Page<AuditEvent>>> {
  const keyset = new Keyset("keyHistory", request, false);
  const { op, dir } = keyset;
  const ids = [...new Set(keyIds)];
  const conditions = [sql`a.subject_type = ${AUDIT_SUBJECTS.API_KEY}`, aboutSubjects(ids)];
  const after = keyset.cursor(["date", "string", "string"]);
  if (after) {
    const [at, id, position] = after;
    if (!/^\d{1,18}$/.test(id) || !/^\d{1,9}$/.test(position)) throw keyset.invalidCursor();
    conditions.push(
      new Sql(`(a.occurred_at, a.id, s.n) ${op} (?::timestamptz, ?::bigint, ?::bigint)`, [at, id, position]),
    );
  }
  const where = allOf(conditions);
  const order = new Sql(`a.occurred_at ${dir}, a.id ${dir}, s.n ${dir}`);
  const query = sql`select * from (
      select ${AUDIT_EVENT_COLUMNS}, to_char(a.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as occurred_key,
             row_number() over (partition by coalesce(a.subject_id, s.subject::text) order by ${order}) as rn
        from ${AUDIT_EVENTS_FROM} where ${where}
    ) w where rn <= ${keyset.limit} order by subject_id, rn`;
  const rows = await em.execute<HistoryRow[]>(query.text, [...query.params]);
  let counts: Promise<Map<string, number>> | undefined;
  const countAll = () => {
    const count = sql`select coalesce(a.subject_id, s.subject::text) as key_id, count(*)::int as n
      from ${AUDIT_EVENTS_FROM} where a.subject_type = ${AUDIT_SUBJECTS.API_KEY} and ${aboutSubjects(ids)}
      group by 1`;
    counts ??= em
      .execute<{ key_id: string; n: number }[]>(count.text, [...count.params])
      .then((all) => new Map(all.map((r) => [r.key_id, Number(r.n)])));
    return counts;
  };
  const pages = new Map<string, Page<AuditEvent>>();
  for (const keyId of ids) {
    const mine = rows.filter((r) => r.subject_id === keyId);
    // The instant is keyed as PostgreSQL holds it, to the microsecond, not as a Date rounds it.
    const occurredKeys = new Map<AuditEvent, string>();
    const events = mine.map((r) => {
      const event = toAuditEvent(r);
      occurredKeys.set(event, r.occurred_key);
      return event;
    });
    pages.set(
      keyId,
      keyset.page(
        events,
        (e) => [occurredKeys.get(e) as string, e.recordId, String(e.position)],
        async () => (await countAll()).get(keyId) ?? 0,
      ),
    );
  }
  return pages;
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
