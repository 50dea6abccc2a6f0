import { EntityMutations } from "../../../graphql/mutation.js";
import { PayloadType } from "../../../graphql/payload.js";
import { Role } from "../../../shared/role.js";
import { User } from "./user.entity.js";
import { CreateUserInput, UpdateUserInput } from "./user.inputs.js";
import { createUser, updateUser } from "./user.write.js";

/** `<Mutation>Payload { user errors }` for each mutation that changes a user. */
export const userPayload = (mutation: string, outcome: string) =>
  PayloadType(mutation, "user", User, { payload: outcome, field: "The user, as they are now." });

export const UserMutations = EntityMutations(Role.OPERATOR, userPayload, {
  createUser: {
    outcome: "The user added.",
    description: "Adds a member of staff.",
    input: { type: CreateUserInput, description: "The user's email and name." },
    run: createUser,
  },
  updateUser: {
    outcome: "The user with their changes.",
    description: "Renames a user or changes their email. Departure happens only by offboarding.",
    input: { type: UpdateUserInput, description: "The user, its version and the fields to change." },
    run: updateUser,
  },
});
