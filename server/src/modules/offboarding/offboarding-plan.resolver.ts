import { Args, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { PageArgs } from "../../graphql/page.args.js";
import type { RequestContext } from "../../shared/request-context.js";
import { OffboardingPlanType, PlannedKeyConnection, PlannedKeyType } from "./offboarding.types.js";
import type { OffboardingPlan } from "./offboarding-plan.service.js";
import { plannedKeyPage, plannedKeysOf, wouldBreakOf, wouldBreakSummaryOf } from "./planned-keys.js";

// The plan's keys are read only when asked: a page of them (`plannedKeys`), or, for the older
// fields, all of them.

@Resolver(() => OffboardingPlanType)
export class OffboardingPlanKeysResolver {
  @FieldResolver(() => PlannedKeyConnection, {
    description:
      "The user's keys, newest first, a page at a time, each with where it works and the suggestion for its state (activeKeySuggestion or inactiveKeySuggestion).",
  })
  async plannedKeys(@Root() plan: OffboardingPlan, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: RequestContext) {
    return new PlannedKeyConnection(await plannedKeyPage(ctx, plan, page));
  }

  @FieldResolver(() => [PlannedKeyType], {
    description: "Every key the user holds, with a suggested successor.",
    deprecationReason:
      "One item per key, up to the whole answer's size limit for a leaver with thousands of keys: use keyCount, activeKeyCount, activeKeysWorkOn, activeKeySuggestion, inactiveKeySuggestion and plannedKeys.",
  })
  keys(@Root() plan: OffboardingPlan, @Ctx() ctx: RequestContext) {
    return plannedKeysOf(ctx, plan);
  }

  @FieldResolver(() => [String], {
    description: "What would break if nothing were done: one line per active key that works somewhere, then the rest.",
    deprecationReason: "One line per active key: use wouldBreakSummary, which counts the keys in one line.",
  })
  wouldBreak(@Root() plan: OffboardingPlan, @Ctx() ctx: RequestContext) {
    return wouldBreakOf(ctx, plan);
  }

  @FieldResolver(() => [String], {
    description:
      "What would break if nothing were done, in a few lines whatever the number of keys: first how many active keys stop working and on which services (none when no key works anywhere), then each service losing its only Billing collaborator, then each group email losing its last active member.",
  })
  wouldBreakSummary(@Root() plan: OffboardingPlan) {
    return wouldBreakSummaryOf(plan);
  }
}
