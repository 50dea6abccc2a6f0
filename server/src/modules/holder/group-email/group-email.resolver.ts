import { Args, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { PageArgs } from "../../../graphql/page.args.js";
import { ByIdQuery, PageQuery } from "../../../graphql/queries.js";
import type { RequestContext } from "../../../shared/request-context.js";
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
  @PageQuery(GroupEmailConnection, GroupEmailFilter, {
    query: "Shared mailboxes, by email.",
    filter: "Conditions the group emails must meet; omit for all.",
  })
  groupEmails(filter: GroupEmailFilter, page: PageArgs, ctx: RequestContext) {
    return listGroupEmails(ctx, filter, page);
  }

  @ByIdQuery(GroupEmail, { query: "One group email by id; null when there is none.", id: "The group email's id." })
  groupEmail(id: string, ctx: RequestContext) {
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
