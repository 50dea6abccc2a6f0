import DataLoader from "dataloader";
import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import { defineLoader } from "../../shared/loaders.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { OffboardingPlanType } from "../offboarding/offboarding.types.js";
import { type OffboardingPlan, offboardingPlans } from "../offboarding/offboarding-plan.service.js";
import { LeaverCase } from "./leaver-case.entity.js";
import { countOpenLeaverCases, listLeaverCases, MAX_LEAVER_CASES } from "./leaver-case.service.js";

// The plans of every case in one answer, read together in a constant number of statements.
const planOfUser = defineLoader(
  (em, now) =>
    new DataLoader<string, OffboardingPlan>(async (userIds) => {
      const plans = await offboardingPlans({ em, now }, userIds);
      return userIds.map((id) => plans.get(id) ?? new DomainError(ErrorCode.USER_NOT_FOUND, "No such user.", "userId"));
    }),
);

@Resolver(() => LeaverCase)
export class LeaverCaseResolver {
  @Authorized(Role.VIEWER)
  @Query(() => [LeaverCase], {
    description: `Users the identity provider deactivated: the open cases (default), oldest first, or the closed ones, most recently closed first. At most ${MAX_LEAVER_CASES}.`,
  })
  leaverCases(
    @Arg("open", () => Boolean, {
      defaultValue: true,
      description: "True (default) for cases waiting for a decision; false for closed ones.",
    })
    open: boolean,
    @Arg("first", () => Int, { defaultValue: 50, description: "How many cases to return, oldest first, 1 to 200." })
    first: number,
    @Ctx() ctx: RequestContext,
  ) {
    if (first < 1 || first > MAX_LEAVER_CASES) {
      throw new DomainError(ErrorCode.INVALID_PAGE_SIZE, `first must be between 1 and ${MAX_LEAVER_CASES}.`, "first");
    }
    return listLeaverCases(ctx, { open, first });
  }

  @Authorized(Role.VIEWER)
  @Query(() => Int, { description: "How many leaver cases are open." })
  openLeaverCaseCount(@Ctx() ctx: RequestContext) {
    return countOpenLeaverCases(ctx);
  }

  @FieldResolver(() => OffboardingPlanType, {
    description: "The user's offboarding plan now: keys with suggested successors, and what would break.",
  })
  plan(@Root() leaverCase: LeaverCase, @Ctx() ctx: RequestContext) {
    return planOfUser(ctx).load(leaverCase.user.id);
  }
}
