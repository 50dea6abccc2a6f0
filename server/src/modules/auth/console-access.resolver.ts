import { Field, ID, InputType, Int } from "type-graphql";
import { PayloadMutations } from "../../graphql/mutation.js";
import { SecretPayloadType } from "../../graphql/payload.js";
import { Role } from "../../shared/role.js";
import { User } from "../holder/user/user.entity.js";
import { userPayload } from "../holder/user/user.mutations.js";
import { setConsoleAccess, setConsolePassword } from "./console-access.service.js";

@InputType("SetConsoleAccessInput", { description: "A user and the console role they should have (or none)." })
export class SetConsoleAccessInput {
  @Field(() => ID, { description: "The user; a departed one is USER_DEPARTED." })
  userId!: string;

  @Field(() => Role, { nullable: true, description: "null removes console access (and ends sessions and tokens)." })
  role!: Role | null;

  @Field(() => Int, { description: "The user's version you read; a stale one yields VERSION_CONFLICT." })
  version!: number;
}

const SetConsoleAccessPayload = userPayload("SetConsoleAccess", "The user with their console role as it is now.");

@InputType("ResetConsolePasswordInput", { description: "The user whose console password to reset." })
export class ResetConsolePasswordInput {
  @Field(() => ID, { description: "The user; one without console access is refused (FORBIDDEN)." })
  userId!: string;
}

const ResetConsolePasswordPayload = SecretPayloadType("ResetConsolePassword", ["user", "password"], User, {
  payload: "The user whose password was reset, with the new password shown this once.",
  field: "The user.",
  secret: "The new password, shown this once.",
  errors: "Why nothing was changed; empty when the password was reset.",
});

/** Who may sign in to the console, and with which password: the auth module's side of a user. */
export const ConsoleAccessMutations = PayloadMutations(Role.ADMIN, {
  setConsoleAccess: {
    payload: SetConsoleAccessPayload,
    description: "Grants, changes or removes a user's console role.",
    input: { type: SetConsoleAccessInput, description: "The user and the role (or none)." },
    run: setConsoleAccess,
  },
  resetConsolePassword: {
    payload: ResetConsolePasswordPayload,
    description: "Sets a new generated console password for a user, returned once; ends their sessions.",
    input: { type: ResetConsolePasswordInput, description: "The user whose password to reset." },
    run: (ctx, input) => setConsolePassword(ctx, input.userId),
  },
});
