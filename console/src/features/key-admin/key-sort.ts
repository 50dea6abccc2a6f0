import { enumParam } from "../../components/url-state.js";

/** The keys list's sortable columns, as the URL's `sort` names them, with the API's field. */
export const SORT_FIELDS = {
  name: "NAME",
  holder: "HOLDER",
  lastUsed: "LAST_USED_AT",
  expires: "EXPIRES_AT",
  created: "CREATED_AT",
} as const;

export type SortColumn = keyof typeof SORT_FIELDS;
export type SortDirection = "asc" | "desc";
export interface KeySort {
  column: SortColumn;
  direction: SortDirection;
}

/** Which way a column sorts when first clicked: names A to Z, times most recent or soonest first. */
const FIRST_DIRECTION: Record<SortColumn, SortDirection> = {
  name: "asc",
  holder: "asc",
  lastUsed: "desc",
  expires: "asc",
  created: "desc",
};

const COLUMNS = Object.keys(SORT_FIELDS) as SortColumn[];

/**
 * The sort the URL asks for (`sort`, `dir`), or the API's default for the filter: soonest expiry
 * first when listing keys expiring within a window, else newest first. A broken value is ignored.
 */
export function sortFromUrl(get: (key: string) => string | undefined, expiring: boolean): KeySort {
  const column = enumParam(get("sort"), COLUMNS);
  if (column) return { column, direction: enumParam(get("dir"), ["asc", "desc"] as const) ?? FIRST_DIRECTION[column] };
  return expiring ? { column: "expires", direction: "asc" } : { column: "created", direction: "desc" };
}

/** The URL parameters after a click on `column`'s header: the other way round if it is the current sort. */
export function sortParams(current: KeySort, column: SortColumn): { sort: string; dir: SortDirection } {
  const direction =
    current.column === column ? (current.direction === "asc" ? "desc" : "asc") : FIRST_DIRECTION[column];
  return { sort: column, dir: direction };
}

/** The API's `orderBy` for a sort. */
export function orderBy(sort: KeySort): { field: (typeof SORT_FIELDS)[SortColumn]; direction: "ASC" | "DESC" } {
  return { field: SORT_FIELDS[sort.column], direction: sort.direction === "asc" ? "ASC" : "DESC" };
}
