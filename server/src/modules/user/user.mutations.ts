import { Arg, Authorized, Ctx, Field, ID, Mutation, ObjectType, Resolver } from "type-graphql";
import { PayloadType, payload, UserError } from "../../graphql/payload.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { setConsoleAccess, setConsolePassword } from "../auth/console-access.service.js";
import { User } from "./user.entity.js";
import { CreateUserInput, SetConsoleAccessInput, UpdateUserInput } from "./user.inputs.js";
import { createUser, updateUser } from "./user.write.js";

export const UserPayload = PayloadType("User", "user", User);

@ObjectType("ResetConsolePasswordPayload")
class ResetConsolePasswordPayload {
  @Field(() => User, { nullable: true })
  user?: User | null;

  @Field(() => String, { nullable: true, description: "The new password, shown this once." })
  password?: string | null;

  @Field(() => [UserError])
  errors!: UserError[];
}

@Resolver()
export class UserMutations {
  @Authorized(Role.OPERATOR)
  @Mutation(() => UserPayload, { description: "Adds a member of staff." })
  createUser(@Arg("input", () => CreateUserInput) input: CreateUserInput, @Ctx() ctx: RequestContext) {
    return payload("user", () => createUser(ctx, input));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => UserPayload, {
    description: "Renames a user or changes their email. Departure happens only by offboarding.",
  })
  updateUser(@Arg("input", () => UpdateUserInput) input: UpdateUserInput, @Ctx() ctx: RequestContext) {
    return payload("user", () => updateUser(ctx, input));
  }

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
