import type { EntityManager } from "@mikro-orm/postgresql";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import { parseId } from "../../shared/ids.js";
import { groupBy } from "../../shared/loaders.js";
import type { RequestContext } from "../../shared/request-context.js";
import { holderHoldsActiveKeySql, keyCountsOfHolders } from "../api-key/api-key.queries.js";
import { isLiveBilling, liveBillingSql } from "../api-key/where-key-works.js";
import { HEALTHY_GROUP_MIN_ACTIVE_MEMBERS } from "../holder/group-email/group-email.entity.js";
import { User } from "../holder/user/user.entity.js";
import { UserStatus } from "../holder/user/user-status.js";
import { usersWithAnythingLeft } from "./leaver-remains.js";

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

/** A group email that could take the leaver's keys: its live Billing services, and what it holds. */
interface Candidate {
  id: string;
  email: string;
  services: string[];
  /** It holds an active key, which would gain any Billing role it is given. */
  has_keys: boolean;
  member: boolean;
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
  const idArray = `{${ids.join(",")}}`;
  const [users, keys, collaborations, groups, candidates] = await Promise.all([
    em.find(User, { id: { $in: ids } }),
    keyCountsOfHolders(em, ids, now),
    em.execute<{ user_id: string; service: string; role: string; archived: boolean; others: number }[]>(
      `select c.holder_id as user_id, s.slug as service, c.role, s.archived_at is not null as archived,
          (select count(*)::int from collaborator o where o.service_id = c.service_id and o.role = 'BILLING' and o.holder_id <> c.holder_id) as others
         from collaborator c join service s on s.id = c.service_id where c.holder_id = any(?::uuid[]) order by s.slug, c.role`,
      [idArray],
    ),
    em.execute<{ user_id: string; id: string; email: string; others: number }[]>(
      `select m.user_id, g.id, g.email,
          (select count(*)::int from group_membership o join holder u on u.id = o.user_id
            where o.group_id = g.id and o.user_id <> m.user_id and u.status = 'ACTIVE') as others
         from group_membership m join holder g on g.id = m.group_id where m.user_id = any(?::uuid[]) order by g.email`,
      [idArray],
    ),
    // Per user: the groups they belong to, and groups Billing on one of their services: each with
    // all its live Billing services (not only the shared ones) and whether it holds an active key.
    // The candidates are found from the user's own rows (memberships, then the Billing roles on
    // their services, by index), never by testing every group email of the registry.
    em.execute<(Candidate & { user_id: string })[]>(
      `with l as (select unnest(?::uuid[]) as user_id),
         found as (
           select m.user_id, m.group_id as holder_id from l join group_membership m on m.user_id = l.user_id
           union
           select u.holder_id, c.holder_id from l
             join collaborator u on u.holder_id = l.user_id and u.role = 'BILLING'
             join collaborator c on c.service_id = u.service_id and c.role = 'BILLING')
       select f.user_id, h.id, h.email,
          coalesce(array_agg(w.slug order by w.slug) filter (where w.slug is not null), '{}') as services,
          ${holderHoldsActiveKeySql("h.id")} as has_keys,
          exists (select 1 from group_membership m where m.group_id = h.id and m.user_id = f.user_id) as member
         from found f
         join holder h on h.id = f.holder_id and h.kind = 'GROUP'
         left join lateral (select s.slug ${liveBillingSql({ holder: "h.id" })}) w on true
        group by f.user_id, h.id
        order by h.email`,
      [idArray, now],
    ),
  ]);
  const departed = users.filter((u) => u.status === UserStatus.DEPARTED).map((u) => u.id);
  const withAnythingLeft = await usersWithAnythingLeft(em, departed, now);
  const position = new Map(ids.map((id, i) => [id, i]));
  const rowsOf = <T extends { user_id: string }>(rows: T[]) => {
    const grouped = groupBy(ids, rows, (r) => r.user_id);
    return (id: string) => grouped[position.get(id) ?? -1] ?? [];
  };
  const [keysOf, collaborationsOf, groupsOf, candidatesOf] = [
    rowsOf(keys.map((k) => ({ ...k, user_id: k.holder_id }))),
    rowsOf(collaborations),
    rowsOf(groups),
    rowsOf(candidates),
  ];
  for (const user of users) {
    const finished = user.status === UserStatus.DEPARTED && !withAnythingLeft.has(user.id);
    plans.set(
      user.id,
      planOf(user, keysOf(user.id)[0], collaborationsOf(user.id), groupsOf(user.id), candidatesOf(user.id), finished),
    );
  }
  return plans;
}

function planOf(
  user: User,
  keys: { count: number; active: number } | undefined,
  collaborations: { service: string; role: string; archived: boolean; others: number }[],
  groups: { id: string; email: string; others: number }[],
  candidates: Candidate[],
  finished: boolean,
): OffboardingPlan {
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
      .filter((c) => c.role === "BILLING" && c.others === 0 && !c.archived)
      .map((c) => `${c.service} loses its only Billing collaborator.`),
    ...lastActiveMemberOf.map((email) => `${email} loses its last active member.`),
  ];
  return {
    user,
    keyCount: keys?.count ?? 0,
    activeKeyCount: keys?.active ?? 0,
    activeKeysWorkOn: billing,
    activeKeySuggestion,
    inactiveKeySuggestion,
    collaborations: collaborations.map((c) => ({
      service: c.service,
      role: c.role,
      soleBilling: c.role === "BILLING" && c.others === 0,
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
