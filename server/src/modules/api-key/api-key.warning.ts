import { Field, ObjectType } from "type-graphql";

/** Something worth knowing about a change that still went through, as services return it and GraphQL shows it. */
@ObjectType("ApiKeyWarning", { description: "Something worth knowing about a change that still went through." })
export class ApiKeyWarning {
  @Field(() => String, { description: "PRODUCTION_KEY_HELD_BY_INDIVIDUAL" })
  code!: "PRODUCTION_KEY_HELD_BY_INDIVIDUAL";

  @Field({ description: "The warning in plain English, fit to show a person." })
  message!: string;
}
