import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { PayloadMutations } from "../../graphql/mutation.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { offboardUser } from "./offboarding.service.js";
import {
  OffboardedKeyGroupType,
  OffboardingPlanType,
  OffboardingResultType,
  OffboardUserInput,
  OffboardUserPayload,
} from "./offboarding.types.js";
import { offboardingPlan } from "./offboarding-plan.service.js";
import { groupKeys } from "./offboarding-result.js";

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

@Resolver(() => OffboardingResultType)
export class OffboardingResultGroupsResolver {
  @FieldResolver(() => [OffboardedKeyGroupType], {
    description:
      "The leaver's keys grouped by fate (action, holder afterwards, services before and after), each key in exactly one group, with its count and first keys: a few entries however many keys. A replay answers the same groups.",
  })
  keyGroups(@Root() result: OffboardingResultType): OffboardedKeyGroupType[] {
    return groupKeys(result.keys);
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
