import { Args, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { EntityQueries } from "../../../graphql/entity-queries.js";
import { PageArgs } from "../../../graphql/page.args.js";
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
export class GroupEmailResolver extends EntityQueries(GroupEmail, GroupEmailConnection, GroupEmailFilter, {
  list: { name: "groupEmails", description: "Shared mailboxes, by email.", run: listGroupEmails },
  byId: { name: "groupEmail", description: "One group email by id; null when there is none.", run: findGroupEmail },
}) {
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
