import { Arg, Authorized, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Resolver } from "type-graphql";
import { payload, UserError } from "../../graphql/payload.js";
import type { RequestContext } from "../../shared/request-context.js";
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

@ObjectType("ResetConsolePasswordPayload", {
  description: "The user whose password was reset, with the new password shown this once.",
})
class ResetConsolePasswordPayload {
  @Field(() => User, { nullable: true, description: "The user. Null when `errors` is not empty." })
  user?: User | null;

  @Field(() => String, { nullable: true, description: "The new password, shown this once." })
  password?: string | null;

  @Field(() => [UserError], { description: "Why nothing was changed; empty when the password was reset." })
  errors!: UserError[];
}

/** Who may sign in to the console, and with which password: the auth module's side of a user. */
@Resolver()
export class ConsoleAccessMutations {
  @Authorized(Role.ADMIN)
  @Mutation(() => SetConsoleAccessPayload, { description: "Grants, changes or removes a user's console role." })
  setConsoleAccess(
    @Arg("input", () => SetConsoleAccessInput, { description: "The user and the role (or none)." })
    input: SetConsoleAccessInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("user", () => setConsoleAccess(ctx, input));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ResetConsolePasswordPayload, {
    description: "Sets a new generated console password for a user, returned once; ends their sessions.",
  })
  async resetConsolePassword(
    @Arg("input", () => ResetConsolePasswordInput, { description: "The user whose password to reset." })
    input: ResetConsolePasswordInput,
    @Ctx() ctx: RequestContext,
  ) {
    const result = await payload("result", () => setConsolePassword(ctx, input.userId));
    const done = result.result as { user: User; password: string } | null;
    return { user: done?.user ?? null, password: done?.password ?? null, errors: result.errors };
  }
}
