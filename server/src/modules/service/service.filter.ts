import { Field, ID, InputType } from "type-graphql";
import { CollaboratorRole } from "../../shared/collaborator-role.js";

@InputType("ServiceFilter", { description: "Conditions a service must meet; all given conditions apply." })
export class ServiceFilter {
  @Field(() => String, { nullable: true, description: "Case-insensitive text in the slug or the name." })
  search?: string | null;

  @Field(() => ID, { nullable: true, description: "Services on which this holder is a collaborator." })
  holderId?: string | null;

  @Field(() => CollaboratorRole, {
    nullable: true,
    description: "Services with a collaborator of this role (the holder's role when `holderId` is given).",
  })
  role?: CollaboratorRole | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "true: only archived services; false: only live ones; omitted: live ones.",
  })
  archived?: boolean | null;
}
