import type { VariablesOf } from "@keyholder/graphql";
import { actionLabel } from "../../components/audit-action.js";
import { enumParam } from "../../components/url-state.js";
import type { AuditEntriesQuery } from "./audit.graphql.js";

/** The actions the API records, by family (the part before the dot), as `recordAudit` calls name them. */
export const ACTION_FAMILIES = [
  {
    family: "api_key",
    noun: "API key",
    label: "API keys",
    actions: ["created", "updated", "rotated", "revoked", "reassigned", "access_widened"],
  },
  { family: "collaborator", noun: "collaborator", label: "Collaborators", actions: ["added", "removed"] },
  { family: "service", noun: "service", label: "Services", actions: ["created", "updated", "archived", "restored"] },
  {
    family: "group_email",
    noun: "group email",
    label: "Group emails",
    actions: ["created", "updated", "member_added", "member_removed"],
  },
  {
    family: "user",
    noun: "user",
    label: "Users",
    actions: ["created", "updated", "offboarded", "console_access_changed", "password_reset"],
  },
  { family: "access_token", noun: "access token", label: "Access tokens", actions: ["created", "revoked"] },
  {
    family: "auth",
    noun: "sign-in",
    label: "Sign-in",
    actions: ["signed_in", "sign_in_refused", "signed_out", "password_changed", "account_locked"],
  },
] as const;

/** Every value the action filter accepts: a family prefix (`api_key.`) or one exact action. */
export const ACTIONS: readonly string[] = ACTION_FAMILIES.flatMap(({ family, actions }) => [
  `${family}.`,
  ...actions.map((a) => `${family}.${a}`),
]);

/** The action select's options, grouped by family, each group led by "every … event". */
export const ACTION_OPTIONS = ACTION_FAMILIES.map(({ family, noun, label, actions }) => ({
  group: label,
  items: [
    { value: `${family}.`, label: `Every ${noun} event` },
    ...actions.map((a) => ({ value: `${family}.${a}`, label: actionLabel(`${family}.${a}`) })),
  ],
}));

export const SUBJECT_TYPES = [
  { value: "API_KEY", label: "API key" },
  { value: "USER", label: "User" },
  { value: "GROUP_EMAIL", label: "Group email" },
  { value: "SERVICE", label: "Service" },
  { value: "ACCESS_TOKEN", label: "Access token" },
] as const;

/** The families of actions the API filters by; sign-ins and access tokens are left out unless asked for. */
export const CATEGORIES = [
  { value: "KEYS", param: "keys", label: "Keys" },
  { value: "HOLDERS", param: "holders", label: "Holders" },
  { value: "SERVICES", param: "services", label: "Services" },
  { value: "OFFBOARDING", param: "offboarding", label: "Offboarding" },
  { value: "NOTIFICATIONS", param: "notifications", label: "Notices & webhooks" },
  { value: "ACCESS", param: "access", label: "Sign-in & access" },
] as const;

export type Category = (typeof CATEGORIES)[number]["value"];

/** Every category but sign-ins and access tokens: what the log shows when the URL names none. */
export const DEFAULT_CATEGORIES: readonly Category[] = CATEGORIES.filter((c) => c.value !== "ACCESS").map(
  (c) => c.value,
);

/** The `categories` URL parameter (`keys,services`) as categories; the default when absent or unreadable. */
export function categoriesFromUrl(value: string | undefined): Category[] {
  if (value === undefined) return [...DEFAULT_CATEGORIES];
  if (value === "none") return [];
  const named = value.split(",").flatMap((p) => CATEGORIES.filter((c) => c.param === p).map((c) => c.value));
  return named.length ? CATEGORIES.filter((c) => named.includes(c.value)).map((c) => c.value) : [...DEFAULT_CATEGORIES];
}

/** Categories as the `categories` URL parameter: null (absent) for the default. */
export function categoriesToUrl(categories: readonly string[]): string | null {
  const chosen = CATEGORIES.filter((c) => categories.includes(c.value));
  const isDefault =
    chosen.length === DEFAULT_CATEGORIES.length && chosen.every((c) => DEFAULT_CATEGORIES.includes(c.value));
  if (isDefault) return null;
  return chosen.length ? chosen.map((c) => c.param).join(",") : "none";
}

export type AuditFilter = NonNullable<VariablesOf<typeof AuditEntriesQuery>["filter"]>;

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The start of a calendar day (`2026-05-01`) in the browser's time zone, or undefined if not a date. */
export function startOfDay(day: string | undefined, plusDays = 0): string | undefined {
  if (!day || !DAY.test(day)) return undefined;
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const date = new Date(y, m - 1, d + plusDays);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * The URL parameters of the audit log as the API's filter. `to` is inclusive on screen, so the
 * API (which wants events before a time) gets the start of the next day. The subject is text the
 * API resolves (an email, a key name or prefix, a slug, an id). Categories apply unless an action
 * is chosen, which is narrower. Values a hand-edited URL breaks are ignored.
 */
export function auditFilterFromUrl(get: (key: string) => string | undefined): AuditFilter {
  const id = (v: string | undefined) => (v && ID.test(v) ? v : undefined);
  const action = enumParam(get("action"), ACTIONS);
  const subject = get("subject")?.trim().slice(0, 254);
  return {
    action,
    categories: action ? undefined : categoriesFromUrl(get("categories")),
    subjectType: enumParam(
      get("subjectType"),
      SUBJECT_TYPES.map((s) => s.value),
    ),
    actorId: id(get("actor")),
    subject: subject || undefined,
    from: startOfDay(get("from")),
    to: startOfDay(get("to"), 1),
  };
}
