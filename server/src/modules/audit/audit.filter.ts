import { Field, ID, InputType } from "type-graphql";
import { AuditCategory } from "./audit-category.js";
import { AuditSubjectType } from "./audit-subject-type.js";

@InputType("AuditEventFilter", { description: "Conditions an event must meet; all given conditions apply." })
export class AuditEventFilter {
  @Field(() => ID, { nullable: true, description: "Events by this account." })
  actorId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "An exact action (`service.archived`), or a prefix ending in `.` (`service.`).",
  })
  action?: string | null;

  @Field(() => [AuditCategory], {
    nullable: true,
    description: "Events in any of these families of actions (the console leaves ACCESS out by default).",
  })
  categories?: AuditCategory[] | null;

  @Field(() => AuditSubjectType, { nullable: true, description: "Events about this kind of subject." })
  subjectType?: AuditSubjectType | null;

  @Field(() => ID, { nullable: true, description: "Events about exactly this subject id." })
  subjectId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Events about the subjects this text names: a holder's email, a key's name or prefix, an access token's prefix, a service's slug, an id or the start of one (8 or more characters), or a `subjectLabel`. Text that names nothing matches no event.",
  })
  subject?: string | null;

  @Field(() => Date, { nullable: true, description: "At or after this time." })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: "Before this time." })
  to?: Date | null;
}
