import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ID, Int, ObjectType } from "type-graphql";
import { CredentialKindType } from "../../shared/credential-kind.type.js";
import { AuditSubjectType, auditSubjectType } from "./audit-subject-type.js";

/**
 * One stored change as it was recorded: about one subject, or about a set of subjects changed
 * alike (an offboarding moving 10,000 keys to one group email reads as one entry), whose
 * subjects page as `AuditEvent`s. `auditEvents` reads the same trail one event per subject.
 */
@ObjectType("AuditEntry", {
  description: "One recorded change, of one subject or of a set of subjects changed alike.",
})
export class AuditEntry {
  @Field(() => ID, { description: "The recorded change's number; its events' ids start with it." })
  id!: string;

  @Field({ description: "When the change was made (the transaction's time)." })
  occurredAt!: Date;

  @Field(() => ID, { nullable: true, description: "The account that made the change; null for the system itself." })
  actorId!: string | null;

  @Field({ description: "The actor's email at the time, or `system`." })
  actorLabel!: string;

  @Field(() => CredentialKindType, { description: "How the actor proved who they were." })
  credentialKind!: string;

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

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: "The subject's recorded fields before the change; null when it was created.",
  })
  before!: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: "The subject's recorded fields after the change; null when it was deleted.",
  })
  after!: Record<string, unknown> | null;

  @Field(() => String, { nullable: true, description: "The reason the actor gave, if any." })
  reason!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The API request that made the change, to match server logs; null for jobs.",
  })
  requestId!: string | null;
}

/** A stored row as `AuditEntry` reads it. */
export interface AuditEntryRow {
  id: string;
  occurred_at: Date | string;
  actor_id: string | null;
  actor_label: string;
  credential_kind: string;
  credential_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  subject_count: number;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string | null;
  request_id: string | null;
}

export const AUDIT_ENTRY_COLUMNS = `a.id::text as id, a.occurred_at, a.actor_id, a.actor_label, a.credential_kind,
  a.credential_id, a.action, a.subject_type, a.subject_id, coalesce(cardinality(a.subject_ids), 1)::int as subject_count,
  a.before, a.after, a.reason, a.request_id`;

export function toAuditEntry(row: AuditEntryRow): AuditEntry {
  return Object.assign(new AuditEntry(), {
    id: row.id,
    occurredAt: new Date(row.occurred_at),
    actorId: row.actor_id,
    actorLabel: row.actor_label,
    credentialKind: row.credential_kind,
    credentialId: row.credential_id,
    action: row.action,
    subjectType: auditSubjectType(row.subject_type),
    subjectId: row.subject_id,
    subjectCount: row.subject_count,
    before: row.before,
    after: row.after,
    reason: row.reason,
    requestId: row.request_id,
  });
}
