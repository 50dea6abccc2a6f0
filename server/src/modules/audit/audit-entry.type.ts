import { Field, ID, Int, ObjectType } from "type-graphql";
import { AuditSubjectType } from "./audit-subject-type.js";
import { RecordedChange, type RecordedChangeRow, recordedChange } from "./recorded-change.type.js";

/**
 * One stored change as it was recorded: about one subject, or about a set of subjects changed
 * alike (an offboarding moving 10,000 keys to one group email reads as one entry), whose
 * subjects page as `AuditEvent`s. `auditEvents` reads the same trail one event per subject.
 */
@ObjectType("AuditEntry", {
  description: "One recorded change, of one subject or of a set of subjects changed alike.",
})
export class AuditEntry extends RecordedChange {
  @Field(() => ID, { description: "The recorded change's number; its events' ids start with it." })
  id!: string;

  @Field(() => ID, {
    nullable: true,
    description: "The session, access token or SCIM client used; null for the system.",
  })
  credentialId!: string | null;

  @Field({ description: "What happened, e.g. `api_key.reassigned`." })
  action!: string;

  @Field(() => AuditSubjectType, { description: "What kind of thing the subjects are." })
  subjectType!: AuditSubjectType;

  @Field(() => Int, { description: "How many subjects the change was recorded for: 1, or the size of its set." })
  subjectCount!: number;

  @Field(() => ID, { nullable: true, description: "The subject of an entry about one subject; null for a set." })
  subjectId!: string | null;
}

/** A stored row as `AuditEntry` reads it. */
export interface AuditEntryRow extends RecordedChangeRow {
  id: string;
  subject_id: string | null;
  subject_count: number;
}

export const AUDIT_ENTRY_COLUMNS = `a.id::text as id, a.occurred_at, a.actor_id, a.actor_label, a.credential_kind,
  a.credential_id, a.action, a.subject_type, a.subject_id, coalesce(cardinality(a.subject_ids), 1)::int as subject_count,
  a.before, a.after, a.reason, a.request_id`;

export function toAuditEntry(row: AuditEntryRow): AuditEntry {
  return Object.assign(new AuditEntry(), {
    ...recordedChange(row),
    id: row.id,
    subjectId: row.subject_id,
    subjectCount: row.subject_count,
  });
}
