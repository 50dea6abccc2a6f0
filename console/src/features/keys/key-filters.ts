import type { VariablesOf } from "@keyholder/graphql";
import { enumParam, intParam } from "../../components/url-state.js";
import type { KeysQuery } from "./keys.graphql.js";

export const ENVIRONMENTS = ["PRODUCTION", "STAGING"] as const;
export const STATUSES = ["ACTIVE", "EXPIRED", "REVOKED"] as const;
export const HOLDER_KINDS = ["USER", "GROUP"] as const;

/** The URL parameters that filter the keys list, which "Clear filters" removes. */
export const KEY_FILTER_PARAMS = ["q", "environment", "status", "holderKind", "expiring", "unused"] as const;

export type KeyFilter = NonNullable<VariablesOf<typeof KeysQuery>["filter"]>;

/** The URL parameters of the keys list, as the API's filter; values a hand-edited URL breaks are ignored. */
export function keyFilterFromUrl(get: (key: string) => string | undefined): KeyFilter {
  return {
    search: get("q")?.trim() || undefined,
    environment: enumParam(get("environment"), ENVIRONMENTS),
    status: enumParam(get("status"), STATUSES),
    holderKind: enumParam(get("holderKind"), HOLDER_KINDS),
    expiresWithinDays: intParam(get("expiring")),
    unusedForDays: intParam(get("unused")),
  };
}

/** The same filter as query parameters of the CSV export, so it exports the list on screen. */
export function exportUrl(filter: KeyFilter): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const query = params.toString();
  return `/v1/exports/keys.csv${query ? `?${query}` : ""}`;
}
