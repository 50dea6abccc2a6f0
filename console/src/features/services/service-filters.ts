import type { VariablesOf } from "@keyholder/graphql";
import type { ServicesQuery } from "./services.graphql.js";

export type ServiceFilter = NonNullable<VariablesOf<typeof ServicesQuery>["filter"]>;

/**
 * The URL parameters of the services list, as the API's filter. The API lists live services
 * unless asked for archived ones, and then lists only those.
 */
export function serviceFilterFromUrl(get: (key: string) => string | undefined): ServiceFilter {
  return {
    search: get("q")?.trim() || undefined,
    archived: get("archived") === "true" ? true : undefined,
  };
}
