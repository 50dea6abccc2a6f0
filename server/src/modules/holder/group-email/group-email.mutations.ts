import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import { PayloadType, payload } from "../../../graphql/payload.js";
import type { RequestContext } from "../../../shared/request-context.js";
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

const CreateGroupEmailPayload = groupEmailPayload("CreateGroupEmail", "The group email added.");
const UpdateGroupEmailPayload = groupEmailPayload("UpdateGroupEmail", "The group email with its changes.");
const AddGroupMemberPayload = groupEmailPayload("AddGroupMember", "The group email with its new member.");
const RemoveGroupMemberPayload = groupEmailPayload("RemoveGroupMember", "The group email without the member.");

@Resolver()
export class GroupEmailMutations {
  @Authorized(Role.OPERATOR)
  @Mutation(() => CreateGroupEmailPayload, { description: "Adds a shared mailbox." })
  createGroupEmail(
    @Arg("input", () => CreateGroupEmailInput, { description: "The mailbox's address, name and description." })
    input: CreateGroupEmailInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("groupEmail", () => createGroupEmail(ctx, input));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => UpdateGroupEmailPayload, {
    description: "Renames a group email, or changes its address or description.",
  })
  updateGroupEmail(
    @Arg("input", () => UpdateGroupEmailInput, {
      description: "The group email, its version and the fields to change.",
    })
    input: UpdateGroupEmailInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("groupEmail", () => updateGroupEmail(ctx, input));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => AddGroupMemberPayload, { description: "Adds an active user to a group email." })
  addGroupMember(
    @Arg("input", () => AddGroupMemberInput, { description: "The group email and the user to add." })
    input: AddGroupMemberInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("groupEmail", () => changeGroupMembership(ctx, input, "add"));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => RemoveGroupMemberPayload, {
    description: "Removes a user from a group email; keys the group holds are unaffected.",
  })
  removeGroupMember(
    @Arg("input", () => RemoveGroupMemberInput, { description: "The group email and the user to remove." })
    input: RemoveGroupMemberInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("groupEmail", () => changeGroupMembership(ctx, input, "remove"));
  }
}
