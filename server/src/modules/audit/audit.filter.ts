import { Field, ID, InputType } from "type-graphql";

@InputType("AuditEventFilter", { description: "Conditions an event must meet; all given conditions apply." })
export class AuditEventFilter {
  @Field(() => ID, { nullable: true, description: "Events by this account." })
  actorId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "An exact action (`service.archived`), or a prefix ending in `.` (`service.`).",
  })
  action?: string | null;

  @Field(() => String, { nullable: true, description: "User, GroupEmail, Service, ApiKey, AccessToken…" })
  subjectType?: string | null;

  @Field(() => ID, { nullable: true })
  subjectId?: string | null;

  @Field(() => Date, { nullable: true, description: "At or after this time." })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: "Before this time." })
  to?: Date | null;
}
