import DataLoader from "dataloader";
import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { defineLoader } from "../../shared/loaders.js";
import type { RequestContext } from "../../shared/request-context.js";
import { User } from "../holder/user/user.entity.js";
import { LeaverCase } from "./leaver-case.entity.js";

/** The open case of each user in an answer, by user id: one statement for a page. */
const openCases = defineLoader(
  (em) =>
    new DataLoader<string, LeaverCase | null>(async (userIds) => {
      const cases = await em.find(LeaverCase, { user: { $in: [...userIds] }, closedAt: null });
      const byUser = new Map(cases.map((c) => [c.user.id, c]));
      return userIds.map((id) => byUser.get(id) ?? null);
    }),
);

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
