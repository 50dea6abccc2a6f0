import { ID, InputType, Int } from "type-graphql";
import { Checked, keep } from "../../../shared/input-contract.js";
import { email, recordId, text, version } from "../../../shared/validation.js";

@InputType("CreateUserInput", { description: "A new member of staff, ACTIVE." })
export class CreateUserInput {
  @Checked(email, { description: "Their work email; unique across users and group emails (EMAIL_TAKEN)." })
  email!: string;

  @Checked(text(200), { description: "Their full name (1 to 200 characters)." })
  name!: string;
}

@InputType("UpdateUserInput", { description: "Omitted fields keep their value." })
export class UpdateUserInput {
  @Checked(recordId, () => ID, { description: "The user." })
  id!: string;

  @Checked(version, () => Int, { description: "The version you read; a stale one yields VERSION_CONFLICT." })
  version!: number;

  @Checked(keep(email), () => String, {
    nullable: true,
    description: "A new work email; unique across holders (EMAIL_TAKEN).",
  })
  email?: string | null;

  @Checked(keep(text(200)), () => String, { nullable: true, description: "A new full name (1 to 200 characters)." })
  name?: string | null;
}
