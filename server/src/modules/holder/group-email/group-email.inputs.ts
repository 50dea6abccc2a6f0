import { ID, InputType, Int } from "type-graphql";
import { Checked, keep } from "../../../shared/input-contract.js";
import { RenamingInput } from "../../../shared/renaming.inputs.js";
import { email, optionalText, reason, recordId, text, version } from "../../../shared/validation.js";

@InputType("CreateGroupEmailInput", { description: "A new shared mailbox." })
export class CreateGroupEmailInput {
  @Checked(email, { description: "The mailbox address; unique across users and group emails (EMAIL_TAKEN)." })
  email!: string;

  @Checked(text(200), { description: "A display name, e.g. `Finance team` (1 to 200 characters)." })
  name!: string;

  @Checked(optionalText(2000), () => String, {
    nullable: true,
    description: "What the mailbox is for (up to 2,000 characters); optional.",
  })
  description?: string | null;
}

@InputType("UpdateGroupEmailInput", { description: "Omitted fields keep their value; a blank description clears it." })
export class UpdateGroupEmailInput extends RenamingInput {
  @Checked(recordId, () => ID, { description: "The group email." })
  id!: string;

  @Checked(version, () => Int, {
    description: "The group email's version you read; a stale one yields VERSION_CONFLICT.",
  })
  version!: number;

  @Checked(keep(email), () => String, {
    nullable: true,
    description: "A new address; unique across holders (EMAIL_TAKEN).",
  })
  email?: string | null;
}

/** A user and a group email: what adding and removing a member both name. */
// Registered so subclasses inherit its fields; never a field's type, so not in the schema.
@InputType()
export class GroupMembershipInput {
  @Checked(recordId, () => ID, { description: "The group email." })
  groupId!: string;

  @Checked(recordId, () => ID, { description: "The user; adding a departed user is USER_DEPARTED." })
  userId!: string;

  @Checked(reason, () => String, { nullable: true, description: "Why, for the audit trail." })
  reason?: string | null;
}

@InputType("AddGroupMemberInput", { description: "A user to add to a group email." })
export class AddGroupMemberInput extends GroupMembershipInput {}

@InputType("RemoveGroupMemberInput", { description: "A user to remove from a group email." })
export class RemoveGroupMemberInput extends GroupMembershipInput {}
