import { Resolver } from "type-graphql";
import { PayloadMutation } from "../../../graphql/mutation.js";
import { PayloadType } from "../../../graphql/payload.js";
import type { RequestContext } from "../../../shared/request-context.js";
import { Role } from "../../../shared/role.js";
import { User } from "./user.entity.js";
import { CreateUserInput, UpdateUserInput } from "./user.inputs.js";
import { createUser, updateUser } from "./user.write.js";

/** `<Mutation>Payload { user errors }` for each mutation that changes a user. */
export const userPayload = (mutation: string, outcome: string) =>
  PayloadType(mutation, "user", User, { payload: outcome, field: "The user, as they are now." });

@Resolver()
export class UserMutations {
  @PayloadMutation({
    role: Role.OPERATOR,
    payload: userPayload("CreateUser", "The user added."),
    description: "Adds a member of staff.",
    input: { type: CreateUserInput, description: "The user's email and name." },
  })
  createUser(input: CreateUserInput, ctx: RequestContext) {
    return createUser(ctx, input);
  }

  @PayloadMutation({
    role: Role.OPERATOR,
    payload: userPayload("UpdateUser", "The user with their changes."),
    description: "Renames a user or changes their email. Departure happens only by offboarding.",
    input: { type: UpdateUserInput, description: "The user, its version and the fields to change." },
  })
  updateUser(input: UpdateUserInput, ctx: RequestContext) {
    return updateUser(ctx, input);
  }
}
