import { ArrayType, OptionalProps } from "@mikro-orm/core";
import { Check, Entity, Index, PrimaryKey, Property } from "@mikro-orm/decorators/legacy";

/**
 * How the audit trail is stored: one row per recorded change, written in the same transaction as
 * the change itself. A row names one subject (`subjectId`), or, when one write changes many
 * subjects of a type alike (same action, before, after and reason: an offboarding moving 10,000
 * keys to one group email), the list of them (`subjectIds`, at least two, in order), so the shared
 * part is stored once. The API reads every row as one event per subject (`audit-events.ts`).
 *
 * The table is append-only: triggers refuse UPDATE, DELETE and TRUNCATE (the TRUNCATE one lives
 * in the initial migration, as schema introspection does not report TRUNCATE triggers).
 */
@Entity({
  tableName: "audit_event",
  triggers: [
    {
      name: "audit_event_append_only",
      timing: "before",
      events: ["update", "delete"],
      forEach: "row",
      body: "raise exception 'audit_event is append-only' using errcode = '42501';",
    },
  ],
})
@Check({
  name: "audit_event_subject_or_subjects",
  expression:
    "(subject_id is null) <> (subject_ids is null) and (subject_ids is null or (cardinality(subject_ids) >= 2 and array_position(subject_ids, null) is null))",
})
// The trail is listed newest first by id (the order events were recorded), so the primary key
// serves the unfiltered list; a time range is found with a BRIN index, which an append-only table
// keeps in time order at almost no cost per insert.
@Index({
  name: "audit_event_occurred_brin",
  expression: "create index audit_event_occurred_brin on audit_event using brin (occurred_at)",
})
@Index({ name: "audit_event_actor_idx", properties: ["actorId", "id"] })
// A subject's events, with or without its type (ids do not repeat across types): the holder
// page's timeline filters by subject alone.
@Index({ name: "audit_event_subject_idx", properties: ["subjectId", "id"] })
// A subject's events in subject sets: a GIN index finds the rows whose set holds it. Without
// fastupdate, a set is indexed as it is written (no pending list for a later write to merge).
@Index({
  name: "audit_event_subject_ids_idx",
  expression:
    "create index audit_event_subject_ids_idx on audit_event using gin (subject_ids) with (fastupdate = off) where subject_ids is not null",
})
@Index({ name: "audit_event_action_idx", properties: ["action", "id"] })
export class AuditRecord {
  [OptionalProps]?:
    | "occurredAt"
    | "before"
    | "after"
    | "actorId"
    | "credentialId"
    | "reason"
    | "requestId"
    | "subjectId"
    | "subjectIds";

  @PrimaryKey({ type: "bigint", autoincrement: true })
  id!: string;

  @Property({ type: "datetime", length: 3, defaultRaw: "now()" })
  occurredAt: Date = new Date();

  /** The account that made the change; null for the system itself (migrations, seeds, jobs). */
  @Property({ type: "uuid", nullable: true })
  actorId: string | null = null;

  /** The actor's email at the time, kept so the trail reads well even after changes. */
  @Property({ length: 254 })
  actorLabel!: string;

  /** How the actor authenticated: SESSION, TOKEN, CLI or SYSTEM. */
  @Property({ length: 16 })
  credentialKind!: string;

  @Property({ type: "uuid", nullable: true })
  credentialId: string | null = null;

  @Property({ length: 64 })
  action!: string;

  @Property({ length: 32 })
  subjectType!: string;

  /** The subject, for a row about one subject; null for a subject set. */
  @Property({ length: 64, nullable: true })
  subjectId: string | null = null;

  /** The subjects, for a change recorded alike for many; null for a row about one subject. */
  @Property({ type: ArrayType, columnType: "uuid[]", nullable: true })
  subjectIds: string[] | null = null;

  @Property({ type: "json", nullable: true })
  before: Record<string, unknown> | null = null;

  @Property({ type: "json", nullable: true })
  after: Record<string, unknown> | null = null;

  @Property({ type: "text", nullable: true })
  reason: string | null = null;

  @Property({ length: 64, nullable: true })
  requestId: string | null = null;
}
