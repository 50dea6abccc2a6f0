import DataLoader from "dataloader";
import { defineLoader, groupBy } from "../../shared/loaders.js";
import { Keyset, type Page, type PageRequest } from "../../shared/pagination.js";
import type { RequestContext } from "../../shared/request-context.js";
import { type HeldKeyRow, keysOfHolderPage, keysOfHoldersNewestFirst } from "../api-key/api-key.queries.js";
import { whereKeyWorks } from "../api-key/where-key-works.js";
import type { OffboardingPlan, PlannedKey } from "./offboarding-plan.service.js";

/** A key of the plan's user as the plan lists it: where it works and its suggestion, the plan's for its state. */
function plannedKeyOf(plan: OffboardingPlan, key: HeldKeyRow): PlannedKey {
  const suggestion = key.active ? plan.activeKeySuggestion : plan.inactiveKeySuggestion;
  return {
    keyId: key.id,
    name: key.name,
    prefix: key.prefix,
    environment: key.environment,
    active: key.active,
    worksOn: whereKeyWorks(key.active, plan.activeKeysWorkOn),
    suggestedHolderId: suggestion.suggestedHolderId,
    suggestedHolderEmail: suggestion.suggestedHolderEmail,
    suggestion: suggestion.suggestion,
    createdAt: new Date(key.created_at),
  };
}

/**
 * One page of the plan's keys, newest first, read with LIMIT: a page of 50 costs one statement
 * whether the user holds 10 keys or 10,000. The total is the plan's own count, so `totalCount`
 * costs nothing more.
 */
export async function plannedKeyPage(
  ctx: RequestContext,
  plan: OffboardingPlan,
  request: PageRequest,
): Promise<Page<PlannedKey>> {
  const keyset = new Keyset("offboardingPlanKeys", request, false);
  const rows = await keysOfHolderPage(ctx.em, plan.user.id, ctx.now, keyset);
  return keyset.page(
    rows.map((row) => plannedKeyOf(plan, row)),
    (key) => [key.createdAt.toISOString(), key.keyId],
    async () => plan.keyCount,
  );
}

// Every key of every plan of a request in one statement (a list of leaver cases asks many plans).
const keysOfUser = defineLoader(
  (em, now) =>
    new DataLoader<string, HeldKeyRow[]>(async (userIds) =>
      groupBy(userIds, await keysOfHoldersNewestFirst(em, userIds, now), (k) => k.holder_id),
    ),
);

/** Every key of the plan, newest first, each with where it works and its suggestion. */
export async function plannedKeysOf(ctx: RequestContext, plan: OffboardingPlan): Promise<PlannedKey[]> {
  if (!plan.keyCount) return [];
  const rows = await keysOfUser(ctx).load(plan.user.id);
  return rows.map((row) => plannedKeyOf(plan, row));
}

const stopsWorking = (plan: OffboardingPlan) =>
  `stop${plan.activeKeyCount === 1 ? "s" : ""} working on ${plan.activeKeysWorkOn.join(", ")} once ${plan.user.email} is no longer a Billing collaborator.`;

/**
 * What would break if nothing were done, one line per active key that works somewhere, then the
 * services and groups the user leaves without a Billing collaborator or an active member.
 */
export async function wouldBreakOf(ctx: RequestContext, plan: OffboardingPlan): Promise<string[]> {
  if (!plan.activeKeysWorkOn.length || !plan.activeKeyCount) return plan.otherBreaks;
  const keys = await plannedKeysOf(ctx, plan);
  const line = ` stops working on ${plan.activeKeysWorkOn.join(", ")} once ${plan.user.email} is no longer a Billing collaborator.`;
  return [...keys.filter((k) => k.worksOn.length).map((k) => `${k.name} (${k.prefix}…)${line}`), ...plan.otherBreaks];
}

/**
 * What would break if nothing were done, in a few lines whatever the number of keys: one for the
 * active keys together (how many, and the services they stop working on), then the services and
 * groups the user leaves without a Billing collaborator or an active member.
 */
export function wouldBreakSummaryOf(plan: OffboardingPlan): string[] {
  if (!plan.activeKeysWorkOn.length || !plan.activeKeyCount) return plan.otherBreaks;
  const keys = plan.activeKeyCount === 1 ? "1 active key" : `${plan.activeKeyCount.toLocaleString("en")} active keys`;
  return [`${keys} ${stopsWorking(plan)}`, ...plan.otherBreaks];
}
