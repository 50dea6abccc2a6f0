import { InputType } from "type-graphql";
import { Checked, keep } from "./input-contract.js";
import { optionalText, text } from "./validation.js";

/**
 * The display name and description of an update to a record that has both (a service, a group
 * email): omitted keeps them, a blank description clears it (`applyRenaming` applies them).
 */
// Registered so subclasses inherit its fields; never a field's type, so not in the schema.
@InputType()
export abstract class RenamingInput {
  @Checked(keep(text(200)), () => String, { nullable: true, description: "A new display name (1 to 200 characters)." })
  name?: string | null;

  @Checked(optionalText(2000).optional(), () => String, {
    nullable: true,
    description: "A new description; blank clears it.",
  })
  description?: string | null;
}
