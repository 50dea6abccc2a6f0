import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import { PayloadType, payload } from "../../../graphql/payload.js";
import type { RequestContext } from "../../../shared/request-context.js";
import { Role } from "../../../shared/role.js";
import { User } from "./user.entity.js";
import { CreateUserInput, UpdateUserInput } from "./user.inputs.js";
import { createUser, updateUser } from "./user.write.js";

/** `<Mutation>Payload { user errors }` for each mutation that changes a user. */
export const userPayload = (mutation: string, outcome: string) =>
  PayloadType(mutation, "user", User, { payload: outcome, field: "The user, as they are now." });

const CreateUserPayload = userPayload("CreateUser", "The user added.");
const UpdateUserPayload = userPayload("UpdateUser", "The user with their changes.");

@Resolver()
export class UserMutations {
  @Authorized(Role.OPERATOR)
  @Mutation(() => CreateUserPayload, { description: "Adds a member of staff." })
  createUser(
    @Arg("input", () => CreateUserInput, { description: "The user's email and name." }) input: CreateUserInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("user", () => createUser(ctx, input));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => UpdateUserPayload, {
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
