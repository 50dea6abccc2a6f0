import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import { PayloadType, payload } from "../../../graphql/payload.js";
import type { RequestContext } from "../../../shared/request-context.js";
import { Role } from "../../../shared/role.js";
import { User } from "./user.entity.js";
import { CreateUserInput, UpdateUserInput } from "./user.inputs.js";
import { createUser, updateUser } from "./user.write.js";

export const UserPayload = PayloadType("User", "user", User, {
  payload: "A user as they are after the change.",
  field: "The user.",
});

@Resolver()
export class UserMutations {
  @Authorized(Role.OPERATOR)
  @Mutation(() => UserPayload, { description: "Adds a member of staff." })
  createUser(
    @Arg("input", () => CreateUserInput, { description: "The user's email and name." }) input: CreateUserInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("user", () => createUser(ctx, input));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => UserPayload, {
    description: "Renames a user or changes their email. Departure happens only by offboarding.",
  })
  updateUser(
    @Arg("input", () => UpdateUserInput, { description: "The user, its version and the fields to change." })
    input: UpdateUserInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("user", () => updateUser(ctx, input));
  }
}
