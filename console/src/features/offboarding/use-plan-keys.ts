import { OffboardingPlanKeysQuery } from "@keyholder/graphql";
import { useQuery } from "urql";
import { useCursorPage } from "../../components/pagination.js";
import { PLAN_KEYS_PAGE, type Plan } from "./decisions.js";

/**
 * The page of the leaver's keys the URL names, newest first: the first comes with the plan, the
 * others from the server by cursor, so a leaver with 10,000 keys costs a page at a time.
 */
export function usePlanKeys(plan: Plan) {
  const page = useCursorPage(PLAN_KEYS_PAGE);
  const later = page.after !== undefined;
  const [result] = useQuery({
    query: OffboardingPlanKeysQuery,
    variables: { userId: plan.user.id, first: PLAN_KEYS_PAGE, after: page.after ?? null },
    pause: !later,
  });
  const connection = later ? result.data?.offboardingPlan.plannedKeys : plan.plannedKeys;
  return { page, connection, keys: connection?.nodes ?? [], fetching: later && result.fetching, error: result.error };
}
