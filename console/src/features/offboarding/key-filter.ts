import { enumParam } from "../../components/url-state.js";
import type { Decisions, PlannedKey } from "./decisions.js";

/** Filters on the leaver's keys; the plan is whole in the browser, so they apply there. */
export interface KeyFilter {
  search?: string;
  environment?: "PRODUCTION" | "STAGING";
  state?: "active" | "inactive";
  action?: "REASSIGN" | "REVOKE";
}

/** The key filters from the URL (`q`, `environment`, `state`, `action`), ignoring broken values. */
export function keyFilterFromUrl(get: (key: string) => string | undefined): KeyFilter {
  return {
    search: get("q")?.trim().toLowerCase() || undefined,
    environment: enumParam(get("environment"), ["PRODUCTION", "STAGING"] as const),
    state: enumParam(get("state"), ["active", "inactive"] as const),
    action: enumParam(get("action"), ["REASSIGN", "REVOKE"] as const),
  };
}

export function isFiltered(filter: KeyFilter): boolean {
  return Object.values(filter).some((v) => v !== undefined);
}

/** The keys that match every given filter; `action` needs the decisions to mean anything. */
export function filterKeys(keys: readonly PlannedKey[], filter: KeyFilter, decisions?: Decisions): PlannedKey[] {
  return keys.filter(
    (k) =>
      (!filter.search ||
        k.name.toLowerCase().includes(filter.search) ||
        k.prefix.toLowerCase().startsWith(filter.search)) &&
      (!filter.environment || k.environment === filter.environment) &&
      (!filter.state || k.active === (filter.state === "active")) &&
      (!filter.action || !decisions || (decisions.get(k.keyId)?.action ?? "REASSIGN") === filter.action),
  );
}
