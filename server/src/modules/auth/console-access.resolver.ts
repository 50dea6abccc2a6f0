import { Arg, Authorized, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Resolver } from "type-graphql";
import { payload, UserError } from "../../graphql/payload.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { User } from "../holder/user/user.entity.js";
import { UserPayload } from "../holder/user/user.mutations.js";
import { setConsoleAccess, setConsolePassword } from "./console-access.service.js";

@InputType("SetConsoleAccessInput")
export class SetConsoleAccessInput {
  @Field(() => ID)
  userId!: string;

  @Field(() => Role, { nullable: true, description: "null removes console access (and ends sessions and tokens)." })
  role!: Role | null;

  @Field(() => Int)
  version!: number;
}

@ObjectType("ResetConsolePasswordPayload")
class ResetConsolePasswordPayload {
  @Field(() => User, { nullable: true })
  user?: User | null;

  @Field(() => String, { nullable: true, description: "The new password, shown this once." })
  password?: string | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

/** Who may sign in to the console, and with which password: the auth module's side of a user. */
@Resolver()
export class ConsoleAccessMutations {
  @Authorized(Role.ADMIN)
  @Mutation(() => UserPayload, { description: "Grants, changes or removes a user's console role." })
  setConsoleAccess(
    @Arg("input", () => SetConsoleAccessInput) input: SetConsoleAccessInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("user", () => setConsoleAccess(ctx, input));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ResetConsolePasswordPayload, {
    description: "Sets a new generated console password for a user, returned once; ends their sessions.",
  })
  async resetConsolePassword(@Arg("userId", () => ID) userId: string, @Ctx() ctx: RequestContext) {
    const result = await payload("result", () => setConsolePassword(ctx, userId));
    const done = result.result as { user: User; password: string } | null;
    return { user: done?.user ?? null, password: done?.password ?? null, errors: result.errors };
  }
}
