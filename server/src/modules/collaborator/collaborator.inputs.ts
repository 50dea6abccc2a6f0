import { Field, ID, InputType } from "type-graphql";
import { CollaboratorRole } from "./collaborator-role.js";

@InputType("AddCollaboratorInput")
export class AddCollaboratorInput {
  @Field(() => ID)
  serviceId!: string;

  @Field(() => ID)
  holderId!: string;

  @Field(() => CollaboratorRole)
  role!: CollaboratorRole;

  @Field(() => String, { nullable: true })
  reason?: string | null;
}

@InputType("RemoveCollaboratorInput")
export class RemoveCollaboratorInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  reason?: string | null;
}
