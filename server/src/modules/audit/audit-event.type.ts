import { Field, ID, ObjectType } from "type-graphql";
import { AuditSubjectType } from "./audit-subject-type.js";
import { RecordedChange } from "./recorded-change.type.js";

/**
 * One recorded change of one subject, as the API shows it. A stored row about one subject is one
 * event (id: the row's id); a row recording a change alike for a set of subjects is one event per
 * subject (id: `<row id>.<position in the set>`), so every event still names exactly one subject.
 */
@ObjectType("AuditEvent", { description: "One recorded change: who, what, when, before and after, and why." })
export class AuditEvent extends RecordedChange {
  @Field(() => ID, {
    description:
      "Unique and stable: a number, or `<number>.<n>` for one of the subjects of a change recorded for many.",
  })
  id!: string;

  /** Where the event sorts in the trail: its row's id, then its position in the row's subject set (1 for one subject). */
  recordId!: string;
  position!: number;

  @Field(() => ID, { nullable: true, description: "The session or access token used." })
  credentialId!: string | null;

  @Field({ description: "What happened, e.g. `service.archived`." })
  action!: string;

  @Field(() => AuditSubjectType, { description: "What kind of thing the subject is." })
  subjectType!: AuditSubjectType;

  @Field(() => ID, { description: "The id of the thing that changed." })
  subjectId!: string;
}
