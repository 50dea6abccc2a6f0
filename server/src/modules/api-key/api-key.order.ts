import { Field, InputType } from "type-graphql";
import { type EnumValue, graphqlEnum } from "../../shared/graphql-enum.js";
import { Keyset, type PageRequest } from "../../shared/pagination.js";
import { Sql } from "../../shared/sql.js";
import type { ApiKey } from "./api-key.entity.js";
import type { ApiKeyFilter } from "./api-key.filter.js";

/** The columns the keys list sorts by. */
export const ApiKeySortField = graphqlEnum(
  "ApiKeySortField",
  "What the keys list sorts by. HOLDER is the holder's email; a key never used sorts as used longest ago; a key that never expires sorts as expiring last.",
  {
    CREATED_AT: "When the key was issued (the default order, newest first).",
    NAME: "The key's name, case-insensitively.",
    HOLDER: "The holder's email.",
    LAST_USED_AT: "When the key was last used; never used sorts first ascending.",
    EXPIRES_AT: "When the key expires; never expiring sorts last ascending.",
  },
);
export type ApiKeySortField = EnumValue<typeof ApiKeySortField>;

export const SortDirection = graphqlEnum("SortDirection", "Which way a list sorts.", {
  ASC: "Smallest, earliest or A first.",
  DESC: "Largest, latest or Z first.",
});
export type SortDirection = EnumValue<typeof SortDirection>;

@InputType("ApiKeyOrder", { description: "The order of the keys list; ties are broken by the key's id." })
export class ApiKeyOrder {
  @Field(() => ApiKeySortField, { description: "What to sort by." })
  field!: ApiKeySortField;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC, description: "ASC (default) or DESC." })
  direction!: SortDirection;
}

/**
 * A sort as SQL over `api_key k join holder h`: the expression each index walks (the migration
 * `key_sort_indexes` indexes each with the id), the value of a key in it as a cursor holds it,
 * and how a cursor's value is bound back.
 */
interface SortKey {
  expression: string;
  /** The key's value in the sort, from the key or from the row's `sort_value` (the expression as selected). */
  valueOf: (key: ApiKey, selected: unknown) => string;
  cast: string;
  isValid: (value: string) => boolean;
}

// A cursor's value is bound as text and cast by PostgreSQL, so it is checked for what PostgreSQL
// reads, not what `Date.parse` reads ("1", "March 7"): a tampered cursor is INVALID_CURSOR, never
// a database error. Cursors hold `toISOString()`, and text without NUL (which PostgreSQL cannot hold).
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const isDate = (v: string) => ISO_INSTANT.test(v) && !Number.isNaN(Date.parse(v)) && new Date(v).toISOString() === v;
const isDateOrInfinite = (v: string) => v === "infinity" || v === "-infinity" || isDate(v);
const isText = (v: string) => !v.includes("\u0000");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const SORT_KEYS: Record<ApiKeySortField, SortKey> = {
  [ApiKeySortField.CREATED_AT]: {
    expression: "k.created_at",
    valueOf: (k) => k.createdAt.toISOString(),
    cast: "timestamptz",
    isValid: isDate,
  },
  // Lower-cased as the database lowers it, so "alpha" and "Bravo" sort as people read them.
  [ApiKeySortField.NAME]: {
    expression: "lower(k.name)",
    valueOf: (_, selected) => String(selected),
    cast: "text",
    isValid: isText,
  },
  [ApiKeySortField.HOLDER]: {
    expression: "h.email",
    valueOf: (_, selected) => String(selected),
    cast: "text",
    isValid: isText,
  },
  [ApiKeySortField.LAST_USED_AT]: {
    expression: "coalesce(k.last_used_at, '-infinity'::timestamptz)",
    valueOf: (k) => k.lastUsedAt?.toISOString() ?? "-infinity",
    cast: "timestamptz",
    isValid: isDateOrInfinite,
  },
  [ApiKeySortField.EXPIRES_AT]: {
    expression: "coalesce(k.expires_at, 'infinity'::timestamptz)",
    valueOf: (k) => k.expiresAt?.toISOString() ?? "infinity",
    cast: "timestamptz",
    isValid: isDateOrInfinite,
  },
};

/**
 * The order a list asks for, or its default: keys expiring within a window soonest first (the
 * question is which to rotate next), any other list newest first.
 */
export function orderOf(filter: ApiKeyFilter, order: ApiKeyOrder | null | undefined): ApiKeyOrder {
  if (order) return { field: order.field, direction: order.direction ?? SortDirection.ASC };
  return filter.expiresWithinDays != null
    ? { field: ApiKeySortField.EXPIRES_AT, direction: SortDirection.ASC }
    : { field: ApiKeySortField.CREATED_AT, direction: SortDirection.DESC };
}

/** A list's name in its cursors: a cursor of one order is refused by another (INVALID_CURSOR). */
function listName(order: ApiKeyOrder): string {
  // The newest-first list keeps the name its cursors always had.
  return order.field === ApiKeySortField.CREATED_AT && order.direction === SortDirection.DESC
    ? "apiKeys"
    : `apiKeys:${order.field}:${order.direction}`;
}

/**
 * The ORDER BY of `order`, the id breaking ties in the same direction so one index serves it;
 * `reversed` (a backward page) walks the same index the other way.
 */
export function orderBySql(order: ApiKeyOrder, reversed = false): string {
  const dir = directionOf(order, reversed);
  return `${SORT_KEYS[order.field].expression} ${dir}, k.id ${dir}`;
}

/**
 * The same order over the rows `k` of a statement that selected each key's sort value as
 * `sort_value` (`sortValueSql`): to keep the order of a page once it is joined to more.
 */
export function orderBySortValueSql(order: ApiKeyOrder, reversed = false): string {
  const dir = directionOf(order, reversed);
  return `k.sort_value ${dir}, k.id ${dir}`;
}

/** Whether the sort reads the holder `h`, which a statement must then join before it orders. */
export function sortReadsHolder(order: ApiKeyOrder): boolean {
  return order.field === ApiKeySortField.HOLDER;
}

function directionOf(order: ApiKeyOrder, reversed: boolean): "asc" | "desc" {
  return (order.direction === SortDirection.DESC) !== reversed ? "desc" : "asc";
}

/** The sort expression of `order`, to select as `sort_value` beside each key for `cursorOf`. */
export function sortValueSql(order: ApiKeyOrder): string {
  return SORT_KEYS[order.field].expression;
}

/** A page request over the keys list in `order`: its cursors name the order, so another order refuses them. */
export function keysetIn(order: ApiKeyOrder, request: PageRequest): Keyset {
  return new Keyset(listName(order), request, order.direction === SortDirection.ASC);
}

/** What the cursor of `key` in a list in `order` holds; `selected` is its row's `sort_value`. */
export function sortKeyOf(order: ApiKeyOrder, key: ApiKey, selected: unknown): string[] {
  return [SORT_KEYS[order.field].valueOf(key, selected), key.id];
}

/**
 * The keyset condition for the rows after the page's cursor (before it, for a backward page),
 * checked to be a cursor of this order; null without a cursor.
 */
export function cursorCondition(order: ApiKeyOrder, keyset: Keyset): Sql | null {
  const sort = SORT_KEYS[order.field];
  const after = keyset.cursor(["string", "uuid"]);
  if (!after) return null;
  const [value, id] = after;
  if (!sort.isValid(value) || !UUID.test(id)) throw keyset.invalidCursor();
  // The row comparison, and the sort value's own bound: an index can start at the bound where the
  // comparison spans two tables (the holder's email and the key's id), so that a page from a
  // cursor walks from the cursor, not from the end of the list.
  return new Sql(
    `(${sort.expression}, k.id) ${keyset.op} (?::${sort.cast}, ?) and ${sort.expression} ${keyset.op}= ?::${sort.cast}`,
    [value, id, value],
  );
}
