import type { ResultOf, Role } from "@keyholder/graphql";
import { urls } from "../../urls.js";
import type { OverviewRisksQuery } from "./overview.graphql.js";

export interface RiskItem {
  subjectType: string;
  subjectId: string;
  title: string;
  detail: string;
  fix: string;
  holderId?: string | null;
  holderEmail?: string | null;
}

/** A link to what fixes one item, shown only to the roles that may do it. */
export interface RiskItemAction {
  href: string;
  label: string;
  atLeast: Role;
}

/** The windows the overview asks about; the "See all" links filter the keys list the same way. */
export const EXPIRING_DAYS = 30;
export const UNUSED_DAYS = 90;

export type RiskKey = keyof ResultOf<typeof OverviewRisksQuery>["risks"];
export type Severity = "high" | "medium" | "low";

export interface RiskCategoryInfo {
  key: RiskKey;
  /** Its name in the URL when its card is expanded. */
  slug: string;
  title: string;
  /** One line on why it matters. */
  explanation: string;
  severity: Severity;
  /** A list that shows exactly these items, with the same count. */
  list?: { href: string; label: string };
  /** A list that is close but not the same (it shows more); never presented as "all" of them. */
  related?: { href: string; label: string };
  /** What to do about one item, as a link beside it for the roles that may do it. */
  itemAction?: (item: RiskItem) => RiskItemAction | undefined;
}

/** Every risk the API reports, in the order the overview shows them. */
export const RISK_CATEGORIES: readonly RiskCategoryInfo[] = [
  {
    key: "productionKeysHeldByIndividuals",
    slug: "production",
    title: "Production keys held by individuals",
    explanation: "Each depends on one person staying; a group email outlives any of them.",
    severity: "high",
    list: {
      href: urls.keys({ environment: "PRODUCTION", holderStatus: "ACTIVE", status: "ACTIVE" }),
      label: "in the keys list",
    },
  },
  {
    key: "keysHeldByDepartedUsers",
    slug: "departed",
    title: "Keys held by departed users",
    explanation: "Their holder has left, yet the key is still active.",
    severity: "high",
    // Offboarding the holder finishes the job for all their keys, roles and memberships at once.
    itemAction: (item) =>
      item.holderId
        ? {
            href: urls.offboarding(item.holderId),
            label: `Offboard ${item.holderEmail}`,
            atLeast: "OPERATOR",
          }
        : undefined,
  },
  {
    key: "keysThatWorkNowhere",
    slug: "nowhere",
    title: "Keys that work nowhere",
    explanation: "Active, but the holder is a Billing collaborator on no service, so every call fails.",
    severity: "medium",
  },
  {
    key: "keysExpiringSoon",
    slug: "expiring",
    title: `Keys expiring within ${EXPIRING_DAYS} days`,
    explanation: "Rotate or extend them before the services using them start failing.",
    severity: "medium",
    list: { href: urls.keys({ expiring: EXPIRING_DAYS }), label: "in the keys list" },
  },
  {
    key: "unusedKeys",
    slug: "unused",
    title: `Keys unused for ${UNUSED_DAYS} days`,
    explanation: "Active keys nothing has used lately (or ever): candidates for revocation.",
    severity: "low",
    list: { href: urls.keys({ unused: UNUSED_DAYS }), label: "in the keys list" },
  },
  {
    key: "groupEmailsWithFewMembers",
    slug: "groups",
    title: "Group emails with fewer than 2 active members",
    explanation: "One leaver away from a mailbox nobody reads.",
    severity: "medium",
    related: { href: urls.holders({ kind: "GROUP" }), label: "All group emails" },
  },
  {
    key: "servicesWithoutWorkingKey",
    slug: "services",
    title: "Services with Billing collaborators but no working key",
    explanation: "Someone bills there, but no active key works on it.",
    severity: "high",
  },
];
