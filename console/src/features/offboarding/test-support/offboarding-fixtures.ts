import { type KeyGainFields, OffboardingPlanQuery, OffboardUserMutation, type ResultOf } from "@keyholder/graphql";
import { payloadOf, type UserErrorAnswer } from "../../../test/payload.js";
import { serviceRef } from "../../../test/reassignment.js";
import { answerOf, type WithTypenames } from "../../../test/render.js";

/** API answers for the offboarding tests, typed by their documents (with `__typename`). */

type Plan = NonNullable<ResultOf<typeof OffboardingPlanQuery>["offboardingPlan"]>;
type PlannedKey = WithTypenames<Plan["keys"][number]>;

interface KeyFixture {
  id: string;
  name: string;
  active?: boolean;
  worksOn?: string[];
  suggested?: { id: string; email: string } | null;
}

export function plannedKey({
  id,
  name,
  active = true,
  worksOn = ["fines", "parking"],
  suggested,
}: KeyFixture): PlannedKey {
  return {
    __typename: "PlannedKey",
    keyId: id,
    name,
    prefix: `kh_live_${id}`,
    environment: "PRODUCTION",
    active,
    worksOn: active ? worksOn.map(serviceRef) : [],
    suggestedHolderId: suggested?.id ?? null,
    suggestedHolderEmail: suggested?.email ?? null,
    suggestion: suggested
      ? `${suggested.email} is already a Billing collaborator on every service the key works on.`
      : "No group email is a Billing collaborator on all of this key's services: pick a holder.",
  };
}

export const TEAM = { id: "g-1", email: "team@example.org" };

export function plan(keys = defaultKeys(), status: "ACTIVE" | "DEPARTED" = "ACTIVE", finished = false) {
  return answerOf(OffboardingPlanQuery, {
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
      keys,
      collaborations: [
        { __typename: "PlannedCollaboration", service: serviceRef("fines"), role: "BILLING", soleBilling: true },
        { __typename: "PlannedCollaboration", service: serviceRef("parking"), role: "BILLING", soleBilling: false },
      ],
      lastActiveMemberOf: [],
      wouldBreak: [
        "billing worker (kh_live_k-1…) stops working on fines, parking.",
        "fines loses its only Billing collaborator.",
      ],
      finished,
    },
  });
}

export function defaultKeys() {
  return [
    plannedKey({ id: "k-1", name: "billing worker", suggested: TEAM }),
    plannedKey({ id: "k-2", name: "old job", active: false, suggested: TEAM }),
    plannedKey({ id: "k-3", name: "report job", suggested: null }),
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
export type OtherKeyGaining = WithTypenames<ResultOf<typeof KeyGainFields>>;

export function offboarded(
  keys: OutcomeKey[],
  options: { dryRun: boolean; replayed?: boolean; otherKeysGaining?: OtherKeyGaining[] },
) {
  return payloadOf(OffboardUserMutation, {
    offboarding: {
      __typename: "OffboardingResult",
      userId: "u-9",
      email: "leaver@example.org",
      dryRun: options.dryRun,
      replayed: options.replayed ?? false,
      keys: keys.map((k) => ({
        __typename: "OffboardedKey",
        keyId: k.id,
        name: k.name,
        prefix: `kh_live_${k.id}`,
        action: k.action ?? "REASSIGN",
        toHolderEmail: TEAM.email,
        servicesBefore: (k.before ?? ["fines", "parking"]).map(serviceRef),
        servicesAfter: (k.after ?? k.before ?? ["fines", "parking"]).map(serviceRef),
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
  });
}

export const OUTCOME_KEYS: OutcomeKey[] = [
  { id: "k-1", name: "billing worker" },
  { id: "k-2", name: "old job", action: "REVOKE", before: [] },
  { id: "k-3", name: "report job" },
];

/** An `offboardUser` refused with `errors`. */
export function failed(...errors: UserErrorAnswer[]) {
  return payloadOf(OffboardUserMutation, { offboarding: null }, errors);
}
