import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import { PayloadType, payload } from "../../../graphql/payload.js";
import type { RequestContext } from "../../../shared/request-context.js";
import { Role } from "../../../shared/role.js";
import { GroupEmail } from "./group-email.entity.js";
import { CreateGroupEmailInput, GroupMembershipInput, UpdateGroupEmailInput } from "./group-email.inputs.js";
import { changeGroupMembership, createGroupEmail, updateGroupEmail } from "./group-email.write.js";

export const GroupEmailPayload = PayloadType("GroupEmail", "groupEmail", GroupEmail);

@Resolver()
export class GroupEmailMutations {
  @Authorized(Role.OPERATOR)
  @Mutation(() => GroupEmailPayload, { description: "Adds a shared mailbox." })
  createGroupEmail(
    @Arg("input", () => CreateGroupEmailInput) input: CreateGroupEmailInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("groupEmail", () => createGroupEmail(ctx, input));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => GroupEmailPayload)
  updateGroupEmail(
    @Arg("input", () => UpdateGroupEmailInput) input: UpdateGroupEmailInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("groupEmail", () => updateGroupEmail(ctx, input));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => GroupEmailPayload, { description: "Adds an active user to a group email." })
  addGroupMember(@Arg("input", () => GroupMembershipInput) input: GroupMembershipInput, @Ctx() ctx: RequestContext) {
    return payload("groupEmail", () => changeGroupMembership(ctx, input, "add"));
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => GroupEmailPayload)
  removeGroupMember(@Arg("input", () => GroupMembershipInput) input: GroupMembershipInput, @Ctx() ctx: RequestContext) {
    return payload("groupEmail", () => changeGroupMembership(ctx, input, "remove"));
  }
}
