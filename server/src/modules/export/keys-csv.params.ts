import { DomainError, ErrorCode } from "../../shared/errors.js";
import { hasUnstorableCharacters, unstorableMessage } from "../../shared/text.js";
import type { ApiKeyFilter } from "../api-key/api-key.filter.js";
import { type ApiKeyOrder, ApiKeySortField, SortDirection } from "../api-key/api-key.order.js";
import { ApiKeyStatus } from "../api-key/api-key-status.js";
import { Environment } from "../api-key/environment.js";
import { HolderKind } from "../holder/holder-kind.js";
import { UserStatus } from "../holder/user/user-status.js";

const TEXT = ["search", "holderId", "worksOnServiceId"] as const;
const ENUMS = {
  environment: Environment,
  status: ApiKeyStatus,
  holderKind: HolderKind,
  holderStatus: UserStatus,
} as const;
const INTEGERS = ["expiresWithinDays", "unusedForDays"] as const;
const BOOLEANS = ["suspended"] as const;
/** The keys list's `orderBy`, as two parameters. */
const ORDER = { orderBy: ApiKeySortField, direction: SortDirection } as const;

/** The query parameters the export takes: the fields of the keys list's `ApiKeyFilter`, and its order. */
export const KEYS_CSV_PARAMS: readonly string[] = [
  ...TEXT,
  ...Object.keys(ENUMS),
  ...INTEGERS,
  ...BOOLEANS,
  ...Object.keys(ORDER),
];

/**
 * The keys list's order from the export's `orderBy` and `direction` (ascending unless told), or
 * null for the list's default; `keyFilterFromQuery` has checked the parameters.
 */
export function keyOrderFromQuery(query: Record<string, unknown>): ApiKeyOrder | null {
  const field = query.orderBy;
  if (typeof field !== "string" || field === "") return null;
  const direction = typeof query.direction === "string" && query.direction !== "" ? query.direction : SortDirection.ASC;
  return { field: field as ApiKeySortField, direction: direction as SortDirection };
}

/**
 * The keys list's filter from the export's query parameters, with the same names and values as
 * GraphQL's `ApiKeyFilter`, so the console can export exactly the list on screen. An empty value
 * is no condition, as the console leaves empty fields out anyway. An unknown or repeated
 * parameter, an unknown enum value or a number that is not a whole number is `BAD_USER_INPUT`
 * with the parameter as field; ids, search length and day ranges are then checked with the
 * conditions themselves (`keyFilterConditions`), exactly as for GraphQL.
 */
export function keyFilterFromQuery(query: Record<string, unknown>): ApiKeyFilter {
  const filter: ApiKeyFilter = {};
  for (const [name, value] of Object.entries(query)) {
    if (!KEYS_CSV_PARAMS.includes(name)) {
      throw new DomainError(
        ErrorCode.BAD_USER_INPUT,
        `Unknown parameter ${JSON.stringify(name)}; the export takes ${KEYS_CSV_PARAMS.join(", ")}.`,
        name,
      );
    }
    if (typeof value !== "string") {
      throw new DomainError(ErrorCode.BAD_USER_INPUT, `${name} must be given at most once.`, name);
    }
    if (value === "") continue;
    if (hasUnstorableCharacters(value)) {
      throw new DomainError(ErrorCode.INVALID_TEXT, unstorableMessage(name), name);
    }
    if (isOneOf(TEXT, name)) {
      filter[name] = value;
    } else if (isOneOf(INTEGERS, name)) {
      if (!/^-?\d+$/.test(value)) {
        throw new DomainError(ErrorCode.BAD_USER_INPUT, `${name} must be a whole number of days.`, name);
      }
      filter[name] = Number(value);
    } else if (isOneOf(BOOLEANS, name)) {
      if (value !== "true" && value !== "false") {
        throw new DomainError(ErrorCode.BAD_USER_INPUT, `${name} must be true or false.`, name);
      }
      filter[name] = value === "true";
    } else if (isOneOf(Object.keys(ORDER) as (keyof typeof ORDER)[], name)) {
      const allowed: string[] = Object.values(ORDER[name]);
      if (!allowed.includes(value)) {
        throw new DomainError(ErrorCode.BAD_USER_INPUT, `${name} must be one of ${allowed.join(", ")}.`, name);
      }
    } else {
      const allowed: string[] = Object.values(ENUMS[name as keyof typeof ENUMS]);
      if (!allowed.includes(value)) {
        throw new DomainError(ErrorCode.BAD_USER_INPUT, `${name} must be one of ${allowed.join(", ")}.`, name);
      }
      (filter as Record<string, unknown>)[name] = value;
    }
  }
  return filter;
}

function isOneOf<T extends string>(names: readonly T[], name: string): name is T {
  return (names as readonly string[]).includes(name);
}
