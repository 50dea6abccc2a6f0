import { ID, InputType, Int } from "type-graphql";
import { Checked, keep } from "../../../shared/input-contract.js";
import { email, recordId, text, version } from "../../../shared/validation.js";

@InputType("CreateUserInput")
export class CreateUserInput {
  @Checked(email)
  email!: string;

  @Checked(text(200))
  name!: string;
}

@InputType("UpdateUserInput", { description: "Omitted fields keep their value." })
export class UpdateUserInput {
  @Checked(recordId, () => ID)
  id!: string;

  @Checked(version, () => Int, { description: "The version you read; a stale one yields VERSION_CONFLICT." })
  version!: number;

  @Checked(keep(email), () => String, { nullable: true })
  email?: string | null;

  @Checked(keep(text(200)), () => String, { nullable: true })
  name?: string | null;
}
