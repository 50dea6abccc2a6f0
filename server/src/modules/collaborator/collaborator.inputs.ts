import { ID, InputType } from "type-graphql";
import { z } from "zod";
import { CollaboratorRole } from "../../shared/collaborator-role.js";
import { Checked } from "../../shared/input-contract.js";
import { reason, recordId } from "../../shared/validation.js";

@InputType("AddCollaboratorInput", { description: "A holder and the role to give them on a service." })
export class AddCollaboratorInput {
  @Checked(recordId, () => ID, { description: "The service, which must not be archived (SERVICE_ARCHIVED)." })
  serviceId!: string;

  @Checked(recordId, () => ID, { description: "The user or group email; a departed user is refused (USER_DEPARTED)." })
  holderId!: string;

  @Checked(z.enum(CollaboratorRole), () => CollaboratorRole, {
    description: "The role to give; a role the holder already has there is COLLABORATOR_EXISTS.",
  })
  role!: CollaboratorRole;

  @Checked(reason, () => String, { nullable: true, description: "Why, for the audit trail (up to 1,000 characters)." })
  reason?: string | null;
}

@InputType("RemoveCollaboratorInput", { description: "A collaborator to remove." })
export class RemoveCollaboratorInput {
  @Checked(recordId, () => ID, { description: "The collaborator (a holder's role on a service)." })
  id!: string;

  @Checked(reason, () => String, { nullable: true, description: "Why, for the audit trail (up to 1,000 characters)." })
  reason?: string | null;
}

@InputType("ChangeCollaboratorRoleInput", { description: "A collaborator and the role it should have instead." })
export class ChangeCollaboratorRoleInput {
  @Checked(recordId, () => ID, { description: "The collaborator (a holder's role on a service) to change." })
  id!: string;

  @Checked(z.enum(CollaboratorRole), () => CollaboratorRole, {
    description: "The new role; one the holder already has there is COLLABORATOR_EXISTS.",
  })
  role!: CollaboratorRole;

  @Checked(reason, () => String, { nullable: true, description: "Why, for the audit trail (up to 1,000 characters)." })
  reason?: string | null;

  /** GraphQL fills in the default; a caller of the service may leave it out. */
  @Checked(z.boolean().nullish(), () => Boolean, {
    defaultValue: false,
    description:
      "Leaving BILLING stops the holder's active keys working on the service: without this, such a change is refused with KEYS_WOULD_STOP and the payload lists the keys.",
  })
  allowKeysToStop?: boolean | null;

  @Checked(z.boolean().nullish(), () => Boolean, {
    defaultValue: false,
    description:
      "Becoming BILLING makes every active key of the holder work on the service: without this, such a change is refused with ACCESS_WOULD_WIDEN and the payload lists the keys.",
  })
  allowWiderAccess?: boolean | null;
}
