import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { payload } from "../../graphql/payload.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { offboardUser } from "./offboarding.service.js";
import { OffboardingPlanType, OffboardUserInput, OffboardUserPayload } from "./offboarding.types.js";
import { offboardingPlan } from "./offboarding-plan.service.js";

@Resolver()
export class OffboardingResolver {
  @Authorized(Role.VIEWER)
  @Query(() => OffboardingPlanType, { description: "The impact of offboarding a user, changing nothing." })
  offboardingPlan(
    @Arg("userId", () => ID, { description: "The user to plan for." }) userId: string,
    @Ctx() ctx: RequestContext,
  ) {
    return offboardingPlan(ctx, userId);
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => OffboardUserPayload, {
    description:
      "Offboards a leaver in one transaction: keys reassigned (keeping access) or revoked, roles and memberships removed, DEPARTED.",
  })
  offboardUser(
    @Arg("input", () => OffboardUserInput, { description: "The leaver and what to do with their keys." })
    input: OffboardUserInput,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("offboarding", () => offboardUser(ctx, input));
  }
}
