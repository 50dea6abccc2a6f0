import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import { PayloadType, payload } from "../../../graphql/payload.js";
import type { RequestContext } from "../../../shared/request-context.js";
import { Role } from "../../../shared/role.js";
import { GroupEmail } from "./group-email.entity.js";
import { CreateGroupEmailInput, GroupMembershipInput, UpdateGroupEmailInput } from "./group-email.inputs.js";
import { changeGroupMembership, createGroupEmail, updateGroupEmail } from "./group-email.write.js";

export const GroupEmailPayload = PayloadType("GroupEmail", "groupEmail", GroupEmail, {
  payload: "A group email as it is after the change.",
  field: "The group email.",
});

@Resolver()
export class GroupEmailMutations {
  @Authorized(Role.OPERATOR)
  @Mutation(() => GroupEmailPayload, { description: "Adds a shared mailbox." })
  createGroupEmail(
    @Arg("input", () => CreateGroupEmailInput, { description: "The mailbox's address, name and description." })
    input: CreateGroupEmailInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("groupEmail", () => createGroupEmail(ctx, input));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => GroupEmailPayload, { description: "Renames a group email, or changes its address or description." })
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
  @Mutation(() => GroupEmailPayload, { description: "Adds an active user to a group email." })
  addGroupMember(
    @Arg("input", () => GroupMembershipInput, { description: "The group email and the user to add." })
    input: GroupMembershipInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("groupEmail", () => changeGroupMembership(ctx, input, "add"));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => GroupEmailPayload, {
    description: "Removes a user from a group email; keys the group holds are unaffected.",
  })
  removeGroupMember(
    @Arg("input", () => GroupMembershipInput, { description: "The group email and the user to remove." })
    input: GroupMembershipInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("groupEmail", () => changeGroupMembership(ctx, input, "remove"));
  }
}
