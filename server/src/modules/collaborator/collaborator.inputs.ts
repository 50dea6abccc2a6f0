import { Field, ID, InputType } from "type-graphql";
import { CollaboratorRole } from "../../shared/collaborator-role.js";

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

@InputType("ChangeCollaboratorRoleInput")
export class ChangeCollaboratorRoleInput {
  @Field(() => ID, { description: "The collaborator (a holder's role on a service) to change." })
  id!: string;

  @Field(() => CollaboratorRole, {
    description: "The new role; one the holder already has there is COLLABORATOR_EXISTS.",
  })
  role!: CollaboratorRole;

  @Field(() => String, { nullable: true })
  reason?: string | null;

  @Field(() => Boolean, {
    defaultValue: false,
    description:
      "Leaving BILLING stops the holder's active keys working on the service: without this, such a change is refused with KEYS_WOULD_STOP and the payload lists the keys.",
  })
  allowKeysToStop!: boolean;

  @Field(() => Boolean, {
    defaultValue: false,
    description:
      "Becoming BILLING makes every active key of the holder work on the service: without this, such a change is refused with ACCESS_WOULD_WIDEN and the payload lists the keys.",
  })
  allowWiderAccess!: boolean;
}
