import { Field, ID, InputType } from "type-graphql";
import { CollaboratorRole } from "../../../shared/collaborator-role.js";

@InputType("GroupEmailFilter", { description: "Conditions a group email must meet; all given conditions apply." })
export class GroupEmailFilter {
  @Field(() => String, { nullable: true, description: "Case-insensitive text in the email or the name." })
  search?: string | null;

  @Field(() => ID, { nullable: true, description: "Group emails that are collaborators on this service." })
  serviceId?: string | null;

  @Field(() => CollaboratorRole, { nullable: true, description: "Group emails with this collaborator role." })
  role?: CollaboratorRole | null;
}
