import type { VariablesOf } from "@keyholder/graphql";
import { enumParam } from "../../components/url-state.js";
import type { HoldersQuery } from "./holders.graphql.js";

export const HOLDER_KINDS = ["USER", "GROUP"] as const;
export const USER_STATUSES = ["ACTIVE", "DEPARTED"] as const;

export type HolderFilter = NonNullable<VariablesOf<typeof HoldersQuery>["filter"]>;

/**
 * The URL parameters of the holders list (`q`, `kind`, `status`) as the API's filter; values a
 * hand-edited URL breaks are ignored. A status only applies to users, so it is dropped when the
 * list shows group emails (which would otherwise match nothing).
 */
export function holderFilterFromUrl(get: (key: string) => string | undefined): HolderFilter {
  const kind = enumParam(get("kind"), HOLDER_KINDS);
  return {
    search: get("q")?.trim() || undefined,
    kind,
    status: kind === "GROUP" ? undefined : enumParam(get("status"), USER_STATUSES),
  };
}
