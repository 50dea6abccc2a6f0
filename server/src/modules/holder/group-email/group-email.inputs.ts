import { ID, InputType, Int } from "type-graphql";
import { Checked, keep } from "../../../shared/input-contract.js";
import { email, optionalText, reason, recordId, text, version } from "../../../shared/validation.js";

@InputType("CreateGroupEmailInput")
export class CreateGroupEmailInput {
  @Checked(email)
  email!: string;

  @Checked(text(200))
  name!: string;

  @Checked(optionalText(2000), () => String, { nullable: true })
  description?: string | null;
}

@InputType("UpdateGroupEmailInput", { description: "Omitted fields keep their value; a blank description clears it." })
export class UpdateGroupEmailInput {
  @Checked(recordId, () => ID)
  id!: string;

  @Checked(version, () => Int)
  version!: number;

  @Checked(keep(email), () => String, { nullable: true })
  email?: string | null;

  @Checked(keep(text(200)), () => String, { nullable: true })
  name?: string | null;

  @Checked(optionalText(2000).optional(), () => String, { nullable: true })
  description?: string | null;
}

@InputType("GroupMembershipInput")
export class GroupMembershipInput {
  @Checked(recordId, () => ID)
  groupId!: string;

  @Checked(recordId, () => ID)
  userId!: string;

  @Checked(reason, () => String, { nullable: true, description: "Why, for the audit trail." })
  reason?: string | null;
}
