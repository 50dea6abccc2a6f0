import { enumParam, intParam } from "../../components/url-state.js";

/** A service id from the URL; anything that is not a uuid (a hand-edited URL) is ignored. */
function uuidParam(value: string | undefined): string | undefined {
  return value && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) ? value : undefined;
}

import type { VariablesOf } from "@keyholder/graphql";
import type { KeysQuery } from "./keys.graphql.js";

export const ENVIRONMENTS = ["PRODUCTION", "STAGING"] as const;
export const STATUSES = ["ACTIVE", "EXPIRED", "REVOKED"] as const;
export const HOLDER_KINDS = ["USER", "GROUP"] as const;
export const HOLDER_STATUSES = ["ACTIVE", "DEPARTED"] as const;

/** The URL parameters that filter the keys list, which "Clear filters" removes. */
export const KEY_FILTER_PARAMS = [
  "q",
  "environment",
  "status",
  "holderKind",
  "holderStatus",
  "service",
  "expiring",
  "unused",
] as const;

export type KeyFilter = NonNullable<VariablesOf<typeof KeysQuery>["filter"]>;

/** The URL parameters of the keys list, as the API's filter; values a hand-edited URL breaks are ignored. */
export function keyFilterFromUrl(get: (key: string) => string | undefined): KeyFilter {
  return {
    search: get("q")?.trim() || undefined,
    environment: enumParam(get("environment"), ENVIRONMENTS),
    status: enumParam(get("status"), STATUSES),
    // "Suspended" sits among the statuses on screen; the API asks it apart (a suspended key is active).
    suspended: get("status") === "SUSPENDED" ? true : undefined,
    holderKind: enumParam(get("holderKind"), HOLDER_KINDS),
    holderStatus: enumParam(get("holderStatus"), HOLDER_STATUSES),
    worksOnServiceId: uuidParam(get("service")),
    expiresWithinDays: intParam(get("expiring")),
    unusedForDays: intParam(get("unused")),
  };
}

/** The same filter and order as query parameters of the CSV export, so it exports the list on screen. */
export function exportUrl(filter: KeyFilter, order?: { field: string; direction: string }): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  if (order) {
    params.set("orderBy", order.field);
    params.set("direction", order.direction);
  }
  const query = params.toString();
  return `/v1/exports/keys.csv${query ? `?${query}` : ""}`;
}
