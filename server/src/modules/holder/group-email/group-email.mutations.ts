import { EntityMutations } from "../../../graphql/mutation.js";
import { PayloadType } from "../../../graphql/payload.js";
import { Role } from "../../../shared/role.js";
import { GroupEmail } from "./group-email.entity.js";
import {
  AddGroupMemberInput,
  CreateGroupEmailInput,
  RemoveGroupMemberInput,
  UpdateGroupEmailInput,
} from "./group-email.inputs.js";
import { changeGroupMembership, createGroupEmail, updateGroupEmail } from "./group-email.write.js";

/** `<Mutation>Payload { groupEmail errors }` for each mutation of a group email. */
const groupEmailPayload = (mutation: string, outcome: string) =>
  PayloadType(mutation, "groupEmail", GroupEmail, { payload: outcome, field: "The group email, as it is now." });

export const GroupEmailMutations = EntityMutations(Role.OPERATOR, groupEmailPayload, {
  createGroupEmail: {
    outcome: "The group email added.",
    description: "Adds a shared mailbox.",
    input: { type: CreateGroupEmailInput, description: "The mailbox's address, name and description." },
    run: createGroupEmail,
  },
  updateGroupEmail: {
    outcome: "The group email with its changes.",
    description: "Renames a group email, or changes its address or description.",
    input: { type: UpdateGroupEmailInput, description: "The group email, its version and the fields to change." },
    run: updateGroupEmail,
  },
  addGroupMember: {
    outcome: "The group email with its new member.",
    description: "Adds an active user to a group email.",
    input: { type: AddGroupMemberInput, description: "The group email and the user to add." },
    run: (ctx, input) => changeGroupMembership(ctx, input, "add"),
  },
  removeGroupMember: {
    outcome: "The group email without the member.",
    description: "Removes a user from a group email; keys the group holds are unaffected.",
    input: { type: RemoveGroupMemberInput, description: "The group email and the user to remove." },
    run: (ctx, input) => changeGroupMembership(ctx, input, "remove"),
  },
});
