import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ID, ObjectType } from "type-graphql";
import { CredentialKindType } from "../../shared/credential-kind.type.js";
import { type AuditSubjectType, auditSubjectType } from "./audit-subject-type.js";

/**
 * What the trail records of every change, read as an entry (`AuditEntry`) or as one event per
 * subject (`AuditEvent`): who, when, how they proved it, before and after, and why. Each reading
 * declares the fields it words its own way (the action, the subject, the credential).
 */
// Registered so subclasses inherit its fields; never a field's type, so not in the schema.
@ObjectType()
export abstract class RecordedChange {
  @Field({ description: "When the change was made (the transaction's time)." })
  occurredAt!: Date;

  @Field(() => ID, { nullable: true, description: "The account that made the change; null for the system itself." })
  actorId!: string | null;

  @Field({ description: "The actor's email at the time, or `system`." })
  actorLabel!: string;

  @Field(() => CredentialKindType, { description: "How the actor proved who they were." })
  credentialKind!: string;

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

/** The columns of `audit_event a` every reading selects, as `recordedChange` reads them. */
export interface RecordedChangeRow {
  occurred_at: Date | string;
  actor_id: string | null;
  actor_label: string;
  credential_kind: string;
  credential_id: string | null;
  action: string;
  subject_type: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string | null;
  request_id: string | null;
}

/** The fields each reading declares its own way: its action, subject type and credential. */
interface WordedFields {
  credentialId: string | null;
  action: string;
  subjectType: AuditSubjectType;
}

/** The fields of a `RecordedChange` from its row, with those each reading words its own way. */
export function recordedChange(row: RecordedChangeRow): RecordedChange & WordedFields {
  return {
    occurredAt: new Date(row.occurred_at),
    actorId: row.actor_id,
    actorLabel: row.actor_label,
    credentialKind: row.credential_kind,
    credentialId: row.credential_id,
    action: row.action,
    subjectType: auditSubjectType(row.subject_type),
    before: row.before,
    after: row.after,
    reason: row.reason,
    requestId: row.request_id,
  };
}
