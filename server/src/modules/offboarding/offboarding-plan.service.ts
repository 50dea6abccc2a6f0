import type { EntityManager } from "@mikro-orm/postgresql";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import { parseId } from "../../shared/ids.js";
import type { RequestContext } from "../../shared/request-context.js";
import { isLiveBilling } from "../api-key/where-key-works.js";
import { HEALTHY_GROUP_MIN_ACTIVE_MEMBERS } from "../holder/group-email/group-email.entity.js";
import { User } from "../holder/user/user.entity.js";
import { UserStatus } from "../holder/user/user-status.js";
import { usersWithAnythingLeft } from "./leaver-remains.js";
import { type Candidate, type PlannedCollaborationRow, planFactsOf } from "./plan-facts.js";

/** One of the leaver's keys, where it works, and who could take it over. */
export interface PlannedKey {
  keyId: string;
  name: string;
  prefix: string;
  environment: string;
  active: boolean;
  worksOn: string[];
  suggestedHolderId: string | null;
  suggestedHolderEmail: string | null;
  suggestion: string;
  /** When the key was issued; the keys list newest first, and its cursors hold it. */
  createdAt: Date;
}

/** A suggested successor for a key, with the reason, or why there is none. */
export type KeySuggestion = Pick<PlannedKey, "suggestedHolderId" | "suggestedHolderEmail" | "suggestion">;

/**
 * Everything an offboarding would touch, and what breaks if nothing is done. The keys themselves
 * are not in it (a leaver may hold 10,000): every active key works on the same services and shares
 * one suggestion, every inactive key the other, so the plan holds those once and the keys are read
 * a page at a time (`plannedKeyPage`) or all at once (`plannedKeysOf`) when asked.
 */
export interface OffboardingPlan {
  user: User;
  /** Every key the user holds, in any state. */
  keyCount: number;
  /** Keys not revoked and not past their expiry. */
  activeKeyCount: number;
  /** Slugs of the services every active key works on: the user's live Billing services. */
  activeKeysWorkOn: string[];
  activeKeySuggestion: KeySuggestion;
  inactiveKeySuggestion: KeySuggestion;
  collaborations: { service: string; role: string; soleBilling: boolean }[];
  lastActiveMemberOf: string[];
  /** What would break other than the keys: services losing their only Billing collaborator, groups their last member. */
  otherBreaks: string[];
  /** The user has departed and nothing is left to offboard. */
  finished: boolean;
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((s) => b.includes(s));

/**
 * The impact of offboarding a user, changing nothing: every key they hold and where it works
 * today; their collaborations, marking services where they are the only Billing collaborator;
 * group emails they are the last active member of; per key a suggested successor that the
 * offboarding accepts without `allowWiderAccess` (see `suggest`), with the reason or why there is
 * none; and what would break if nothing were done. A user who has already departed is planned
 * alike while anything is left (`finished` says when nothing is).
 */
export async function offboardingPlan(ctx: RequestContext, id: string): Promise<OffboardingPlan> {
  const userId = parseId(id, "userId");
  const plan = (await offboardingPlans(ctx, [userId])).get(userId);
  if (!plan) throw new DomainError(ErrorCode.USER_NOT_FOUND, "No such user.", "userId");
  return plan;
}

/** What plans are read with: the request's entity manager and its one "now". */
export interface PlanScope {
  em: EntityManager;
  now: Date;
}

/**
 * The plans of several users (`offboardingPlan` for each) in a constant number of statements,
 * however many users: a list of leaver cases plans every case at once. Ids that name no user are
 * left out of the map.
 */
export async function offboardingPlans(
  scope: PlanScope,
  userIds: readonly string[],
): Promise<Map<string, OffboardingPlan>> {
  const plans = new Map<string, OffboardingPlan>();
  const ids = [...new Set(userIds.map((id) => id.toLowerCase()))];
  if (!ids.length) return plans;
  const { em, now } = scope;
  const [users, facts] = await Promise.all([em.find(User, { id: { $in: ids } }), planFactsOf(em, ids, now)]);
  const departed = users.filter((u) => u.status === UserStatus.DEPARTED).map((u) => u.id);
  const withAnythingLeft = await usersWithAnythingLeft(em, departed, now);
  const factsOf = new Map(facts.map((f) => [f.user_id, f]));
  for (const user of users) {
    const finished = user.status === UserStatus.DEPARTED && !withAnythingLeft.has(user.id);
    const f = factsOf.get(user.id);
    plans.set(
      user.id,
      planOf(user, f?.count ?? 0, f?.active ?? 0, f?.collaborations ?? [], f?.candidates ?? [], finished),
    );
  }
  return plans;
}

function planOf(
  user: User,
  count: number,
  active: number,
  collaborations: PlannedCollaborationRow[],
  candidates: Candidate[],
  finished: boolean,
): OffboardingPlan {
  // The user's groups are the candidates they are a member of, in the same (email) order.
  const groups = candidates.filter((c) => c.member);
  const billing = collaborations.filter(isLiveBilling).map((c) => c.service);
  // A user who departed before is no active member of their groups: none of them loses one now.
  const lastActiveMemberOf =
    user.status === UserStatus.ACTIVE ? groups.filter((g) => g.others === 0).map((g) => g.email) : [];
  const healthy = new Set(
    groups
      .filter((g) => g.others + (user.status === UserStatus.ACTIVE ? 1 : 0) >= HEALTHY_GROUP_MIN_ACTIVE_MEMBERS)
      .map((g) => g.id),
  );
  // The user's own groups, healthy ones first.
  const own = candidates.filter((c) => c.member).sort((a, b) => Number(healthy.has(b.id)) - Number(healthy.has(a.id)));
  const ownGroup = own[0];
  // Every active key works on the same services (its holder's), so all of them share one
  // suggestion, and every inactive key shares the other: worked out once per plan, not per key.
  const activeKeySuggestion = suggest(user.email, billing, candidates, own);
  const inactiveKeySuggestion: KeySuggestion = ownGroup
    ? {
        suggestedHolderId: ownGroup.id,
        suggestedHolderEmail: ownGroup.email,
        suggestion: `${ownGroup.email} is a group ${user.email} belongs to; the key works nowhere, so it only keeps it.`,
      }
    : {
        suggestedHolderId: null,
        suggestedHolderEmail: null,
        suggestion: `The key works nowhere and ${user.email} belongs to no group: pick a holder to keep it.`,
      };
  const otherBreaks = [
    ...collaborations
      .filter((c) => c.role === "BILLING" && c.sole && !c.archived)
      .map((c) => `${c.service} loses its only Billing collaborator.`),
    ...lastActiveMemberOf.map((email) => `${email} loses its last active member.`),
  ];
  return {
    user,
    keyCount: count,
    activeKeyCount: active,
    activeKeysWorkOn: billing,
    activeKeySuggestion,
    inactiveKeySuggestion,
    collaborations: collaborations.map((c) => ({
      service: c.service,
      role: c.role,
      soleBilling: c.role === "BILLING" && c.sole,
    })),
    lastActiveMemberOf,
    otherBreaks,
    finished,
  };
}

/**
 * A successor for an active key working on `worksOn` that the offboarding accepts by default
 * (invariant 5): the key works on exactly the same services with it, and none of its own keys
 * gains a service. First a group Billing on exactly those services (nothing is added); else a group
 * the user belongs to that is Billing on some of them only and holds no active key (the roles added
 * widen nothing); else none.
 */
function suggest(userEmail: string, worksOn: string[], candidates: Candidate[], own: Candidate[]): KeySuggestion {
  const exact = candidates.find((c) => sameSet(c.services, worksOn) && (worksOn.length || c.member));
  if (exact) {
    return {
      suggestedHolderId: exact.id,
      suggestedHolderEmail: exact.email,
      suggestion: worksOn.length
        ? `${exact.email} is a Billing collaborator on exactly the services the key works on (${worksOn.join(", ")}): no key gains or loses a service.`
        : `${exact.email} is a group ${userEmail} belongs to and Billing nowhere: the key still works nowhere.`,
    };
  }
  const narrower = own.find((c) => !c.has_keys && c.services.every((s) => worksOn.includes(s)));
  if (narrower) {
    const added = worksOn.filter((s) => !narrower.services.includes(s));
    return {
      suggestedHolderId: narrower.id,
      suggestedHolderEmail: narrower.email,
      suggestion: `${narrower.email} is a group ${userEmail} belongs to; it would become a Billing collaborator on ${added.join(", ")}, and holds no other active key that would gain them.`,
    };
  }
  return {
    suggestedHolderId: null,
    suggestedHolderEmail: null,
    suggestion: worksOn.length
      ? `No group email is a Billing collaborator on exactly ${worksOn.join(", ")}, and every group ${userEmail} belongs to would make some key work on more services: pick a holder (the offboarding asks before widening access).`
      : `No group ${userEmail} belongs to would keep this key working nowhere: pick a holder (the offboarding asks before widening access).`,
  };
}
