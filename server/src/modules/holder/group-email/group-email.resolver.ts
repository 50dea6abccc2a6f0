import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { PageArgs } from "../../../graphql/page.args.js";
import type { RequestContext } from "../../../shared/request-context.js";
import { Role } from "../../../shared/role.js";
import { UserConnection } from "../user/user.connection.js";
import { GroupEmailConnection } from "./group-email.connection.js";
import { GroupEmail } from "./group-email.entity.js";
import { GroupEmailFilter } from "./group-email.filter.js";
import {
  activeMemberCount,
  findGroupEmail,
  isGroupHealthy,
  listGroupEmails,
  memberPage,
} from "./group-email.service.js";

@Resolver(() => GroupEmail)
export class GroupEmailResolver {
  @Authorized(Role.VIEWER)
  @Query(() => GroupEmailConnection, { description: "Shared mailboxes, by email." })
  async groupEmails(
    @Arg("filter", () => GroupEmailFilter, {
      nullable: true,
      description: "Conditions the group emails must meet; omit for all.",
    })
    filter: GroupEmailFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: RequestContext,
  ) {
    return new GroupEmailConnection(await listGroupEmails(ctx, filter ?? {}, page));
  }

  @Authorized(Role.VIEWER)
  @Query(() => GroupEmail, { nullable: true, description: "One group email by id; null when there is none." })
  groupEmail(@Arg("id", () => ID, { description: "The group email's id." }) id: string, @Ctx() ctx: RequestContext) {
    return findGroupEmail(ctx, id);
  }

  @FieldResolver(() => UserConnection, { description: "Members of this group email, by email." })
  async members(@Root() group: GroupEmail, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: RequestContext) {
    return new UserConnection(await memberPage(ctx, group, page));
  }

  @FieldResolver(() => Int, { description: "Members who have not departed." })
  activeMemberCount(@Root() group: GroupEmail, @Ctx() ctx: RequestContext) {
    return activeMemberCount(ctx, group);
  }

  @FieldResolver(() => Boolean, { description: "True when at least two members are active." })
  healthy(@Root() group: GroupEmail, @Ctx() ctx: RequestContext) {
    return isGroupHealthy(ctx, group);
  }
}
