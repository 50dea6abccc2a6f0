import DataLoader from "dataloader";
import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../shared/request-context.js";
import { User } from "../holder/user/user.entity.js";
import { LeaverCase } from "./leaver-case.entity.js";

// One loader per request: the open cases of every user in an answer, in one statement.
const loaders = new WeakMap<RequestContext, DataLoader<string, LeaverCase | null>>();

function openCases(ctx: RequestContext): DataLoader<string, LeaverCase | null> {
  let loader = loaders.get(ctx);
  if (!loader) {
    loader = new DataLoader(async (userIds: readonly string[]) => {
      const cases = await ctx.em.find(LeaverCase, { user: { $in: [...userIds] }, closedAt: null });
      const byUser = new Map(cases.map((c) => [c.user.id, c]));
      return userIds.map((id) => byUser.get(id) ?? null);
    });
    loaders.set(ctx, loader);
  }
  return loader;
}

@Resolver(() => User)
export class UserLeaverCaseResolver {
  @FieldResolver(() => LeaverCase, {
    nullable: true,
    description: "The open leaver case: the identity provider deactivated this user, who is leaving; null otherwise.",
  })
  leaverCase(@Root() user: User, @Ctx() ctx: RequestContext) {
    return openCases(ctx).load(user.id);
  }
}
