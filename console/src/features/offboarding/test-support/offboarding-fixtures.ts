import { OffboardingPlanKeysQuery, OffboardingPlanSummaryQuery, OffboardUserSummaryMutation } from "@keyholder/graphql";
import { answerOf } from "../../../test/render.js";

/** API answers for the offboarding tests, shaped like the server's (with `__typename`). */

interface KeyFixture {
  id: string;
  name: string;
  active?: boolean;
}

/** Suggestions of a plan: for its active keys and for its inactive ones. */
export function suggestion(holder: { id: string; email: string } | null, worksNowhere = false) {
  return {
    __typename: "KeySuggestion",
    suggestedHolderId: holder?.id ?? null,
    suggestedHolderEmail: holder?.email ?? null,
    suggestion: holder
      ? worksNowhere
        ? `${holder.email} is a group leaver@example.org belongs to; the key works nowhere, so it only keeps it.`
        : `${holder.email} is already a Billing collaborator on every service the key works on.`
      : "No group email is a Billing collaborator on all of these keys' services: pick a holder.",
  };
}

export const TEAM = { id: "g-1", email: "team@example.org" };

/** What the plan suggests unless a test says otherwise: the team takes every key. */
const SUGGESTED = { active: TEAM, inactive: TEAM } as const;

export type Suggested = {
  active: { id: string; email: string } | null;
  inactive: { id: string; email: string } | null;
};

/** A key as the plan pages it, with the suggestion for its state. */
export function plannedKey({ id, name, active = true }: KeyFixture, suggested: Suggested = SUGGESTED) {
  return {
    keyId: id,
    name,
    prefix: `kh_live_${id}`,
    environment: "PRODUCTION" as const,
    active,
    ...suggestion(active ? suggested.active : suggested.inactive, !active),
    __typename: "PlannedKey",
  };
}

/** A service as the plan answers it, named by its slug. */
export function serviceRef(slug: string) {
  return { __typename: "Service", id: `s-${slug}`, slug, name: slug };
}

type Key = ReturnType<typeof plannedKey>;

/** The page of `keys` after `after` (a key id as cursor), as the server pages them. */
export function keyPage(keys: readonly Key[], first: number, after?: string | null) {
  const start = after ? keys.findIndex((k) => k.keyId === after) + 1 : 0;
  const nodes = keys.slice(start, start + first);
  return {
    __typename: "PlannedKeyConnection",
    totalCount: keys.length,
    pageInfo: {
      __typename: "PageInfo",
      hasNextPage: start + first < keys.length,
      endCursor: nodes.at(-1)?.keyId ?? null,
    },
    nodes,
  };
}

export interface PlanOptions {
  keys?: Key[];
  status?: "ACTIVE" | "DEPARTED";
  finished?: boolean;
  suggested?: Suggested;
}

/** The plan of Lee Leaver: the keys (three by default) counted, the first `first` of them, the rest once. */
export function planData(
  { keys = defaultKeys(), status = "ACTIVE", finished = false, suggested = SUGGESTED }: PlanOptions,
  first: number,
) {
  const active = keys.filter((k) => k.active).length;
  return {
    offboardingPlan: {
      __typename: "OffboardingPlan",
      user: {
        __typename: "User",
        id: "u-9",
        email: "leaver@example.org",
        name: "Lee Leaver",
        status,
        departedAt: status === "DEPARTED" ? "2025-06-30T10:00:00.000Z" : null,
      },
      keyCount: keys.length,
      activeKeyCount: active,
      activeKeysWorkOn: ["fines", "parking"].map(serviceRef),
      activeKeySuggestion: suggestion(suggested.active),
      inactiveKeySuggestion: suggestion(suggested.inactive, true),
      plannedKeys: keyPage(keys, first),
      collaborations: [
        {
          __typename: "PlannedCollaboration",
          service: serviceRef("fines"),
          role: "BILLING" as const,
          soleBilling: true,
        },
        {
          __typename: "PlannedCollaboration",
          service: serviceRef("parking"),
          role: "BILLING" as const,
          soleBilling: false,
        },
      ],
      lastActiveMemberOf: [],
      wouldBreakSummary: [
        ...(active
          ? [
              `${active === 1 ? "1 active key stops" : `${active} active keys stop`} working on fines, parking once leaver@example.org is no longer a Billing collaborator.`,
            ]
          : []),
        "fines loses its only Billing collaborator.",
      ],
      finished,
    },
  };
}

/** The plan's answer, its first page as long as the console asks. */
export function plan(options: PlanOptions = {}) {
  return answerOf(OffboardingPlanSummaryQuery, (variables) => planData(options, variables.first));
}

/** The later pages of the same keys. */
export function planKeys(keys: Key[] = defaultKeys()) {
  return answerOf(OffboardingPlanKeysQuery, (variables) => ({
    offboardingPlan: {
      __typename: "OffboardingPlan",
      plannedKeys: keyPage(keys, variables.first ?? 50, variables.after),
    },
  }));
}

export function defaultKeys() {
  return [
    plannedKey({ id: "k-1", name: "billing worker" }),
    plannedKey({ id: "k-2", name: "old job", active: false }),
    plannedKey({ id: "k-3", name: "report job" }),
  ];
}

interface OutcomeKey {
  id: string;
  name: string;
  action?: "REASSIGN" | "REVOKE";
  before?: string[];
  after?: string[];
}

/** A key a successor already held that gains services through the Billing roles carried over. */
export interface OtherKeyGaining {
  __typename: "KeyGain";
  keyId: string;
  name: string;
  prefix: string;
  holderEmail: string;
  gained: ReturnType<typeof serviceRef>[];
}

/** A group of keys with one fate in an offboarding's answer: who takes them, and their services. */
export interface OutcomeGroup {
  action?: "REASSIGN" | "REVOKE";
  keyCount: number;
  firstKeys: { id: string; name: string }[];
  before?: string[];
  after?: string[];
}

/** The keys grouped as the server groups them: by action and services before and after (all go to the team). */
export function groupsOf(keys: readonly OutcomeKey[]): OutcomeGroup[] {
  const groups = new Map<string, OutcomeGroup>();
  for (const k of keys) {
    const before = k.before ?? ["fines", "parking"];
    const after = k.after ?? before;
    const fate = JSON.stringify([k.action ?? "REASSIGN", before, after]);
    const group = groups.get(fate) ?? { action: k.action, keyCount: 0, firstKeys: [], before, after };
    group.keyCount += 1;
    if (group.firstKeys.length < 5) group.firstKeys.push({ id: k.id, name: k.name });
    groups.set(fate, group);
  }
  return [...groups.values()];
}

export function offboarded(
  keys: OutcomeKey[],
  options: { dryRun: boolean; replayed?: boolean; otherKeysGaining?: OtherKeyGaining[] },
) {
  return offboardedGroups(groupsOf(keys), options);
}

/** The offboarding's answer with these groups of keys. */
export function offboardedGroups(
  groups: OutcomeGroup[],
  options: { dryRun: boolean; replayed?: boolean; otherKeysGaining?: OtherKeyGaining[] },
) {
  return answerOf(OffboardUserSummaryMutation, {
    offboardUser: {
      __typename: "OffboardUserPayload",
      errors: [],
      offboarding: {
        __typename: "OffboardingResult",
        userId: "u-9",
        email: "leaver@example.org",
        dryRun: options.dryRun,
        replayed: options.replayed ?? false,
        keyGroups: groups.map((g) => ({
          __typename: "OffboardedKeyGroup",
          action: g.action ?? "REASSIGN",
          toHolderId: TEAM.id,
          toHolderEmail: TEAM.email,
          keyCount: g.keyCount,
          firstKeys: g.firstKeys.map((k) => ({
            __typename: "NamedKey",
            keyId: k.id,
            name: k.name,
            prefix: `kh_live_${k.id}`,
          })),
          servicesBefore: (g.before ?? ["fines", "parking"]).map(serviceRef),
          servicesAfter: (g.after ?? g.before ?? ["fines", "parking"]).map(serviceRef),
        })),
        billingAdded: [{ __typename: "BillingAdded", holderEmail: TEAM.email, services: [serviceRef("fines")] }],
        otherKeysGaining: options.otherKeysGaining ?? [],
        collaborationsRemoved: [
          { __typename: "RemovedCollaboration", service: serviceRef("fines"), role: "BILLING" },
          { __typename: "RemovedCollaboration", service: serviceRef("parking"), role: "BILLING" },
        ],
        groupsLeft: [],
        sessionsEnded: 1,
        tokensRevoked: 2,
      },
    },
  });
}

export const OUTCOME_KEYS: OutcomeKey[] = [
  { id: "k-1", name: "billing worker" },
  { id: "k-2", name: "old job", action: "REVOKE", before: [] },
  { id: "k-3", name: "report job" },
];

export function failed(code: string, message: string, field: string | null = null) {
  return {
    offboardUser: {
      __typename: "OffboardUserPayload",
      offboarding: null,
      errors: [{ __typename: "UserError", code, message, field }],
    },
  };
}
