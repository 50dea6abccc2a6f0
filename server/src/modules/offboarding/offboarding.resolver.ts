import { Arg, Authorized, Ctx, ID, Query, Resolver } from "type-graphql";
import { PayloadMutations } from "../../graphql/mutation.js";
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
}

export const OffboardingMutations = PayloadMutations(Role.OPERATOR, {
  offboardUser: {
    payload: OffboardUserPayload,
    description:
      "Offboards a leaver in one transaction: keys reassigned (keeping access) or revoked, roles and memberships removed, DEPARTED.",
    input: { type: OffboardUserInput, description: "The leaver and what to do with their keys." },
    run: offboardUser,
  },
});
