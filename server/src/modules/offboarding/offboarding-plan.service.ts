import { DomainError, ErrorCode } from "../../shared/errors.js";
import { parseId } from "../../shared/ids.js";
import type { RequestContext } from "../../shared/request-context.js";
import { HEALTHY_GROUP_MIN_ACTIVE_MEMBERS } from "../group-email/group-email.entity.js";
import { User } from "../user/user.entity.js";
import { UserStatus } from "../user/user-status.js";
import { hasAnythingLeft } from "./leaver-remains.js";

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
}

/** Everything an offboarding would touch, and what breaks if nothing is done. */
export interface OffboardingPlan {
  user: User;
  keys: PlannedKey[];
  collaborations: { service: string; role: string; soleBilling: boolean }[];
  lastActiveMemberOf: string[];
  wouldBreak: string[];
  /** The user has departed and nothing is left to offboard. */
  finished: boolean;
}

/**
 * The impact of offboarding a user, changing nothing: every key they hold and where it works
 * today; their collaborations, marking services where they are the only Billing collaborator;
 * group emails they are the last active member of; per key a suggested successor (a group
 * email already Billing on all the key's services, else a group the user belongs to, else
 * none, with the reason); and what would break if nothing were done. A user who has already
 * departed is planned alike while anything is left (`finished` says when nothing is).
 */
export async function offboardingPlan(ctx: RequestContext, id: string): Promise<OffboardingPlan> {
  const user = await ctx.em.findOne(User, { id: parseId(id, "userId") });
  if (!user) throw new DomainError(ErrorCode.USER_NOT_FOUND, "No such user.", "userId");
  const em = ctx.em;
  const [keys, collaborations, groups, candidates] = await Promise.all([
    em.execute<{ id: string; name: string; prefix: string; environment: string; active: boolean }[]>(
      `select id, name, prefix, environment, (revoked_at is null and (expires_at is null or expires_at > ?)) as active
         from api_key where holder_id = ? order by created_at desc, id desc`,
      [ctx.now, user.id],
    ),
    em.execute<{ service: string; role: string; archived: boolean; others: number }[]>(
      `select s.slug as service, c.role, s.archived_at is not null as archived,
          (select count(*)::int from collaborator o where o.service_id = c.service_id and o.role = 'BILLING' and o.holder_id <> c.holder_id) as others
         from collaborator c join service s on s.id = c.service_id where c.holder_id = ? order by s.slug, c.role`,
      [user.id],
    ),
    em.execute<{ id: string; email: string; others: number }[]>(
      `select g.id, g.email,
          (select count(*)::int from group_membership o join holder u on u.id = o.user_id
            where o.group_id = g.id and o.user_id <> m.user_id and u.status = 'ACTIVE') as others
         from group_membership m join holder g on g.id = m.group_id where m.user_id = ? order by g.email`,
      [user.id],
    ),
    em.execute<{ id: string; email: string; services: string[] | null }[]>(
      `select h.id, h.email, array_agg(s.slug order by s.slug) as services
         from collaborator c join holder h on h.id = c.holder_id join service s on s.id = c.service_id
        where h.kind = 'GROUP' and c.role = 'BILLING' and s.archived_at is null
          and c.service_id in (select service_id from collaborator where holder_id = ? and role = 'BILLING')
        group by h.id, h.email order by h.email`,
      [user.id],
    ),
  ]);
  const billing = collaborations.filter((c) => c.role === "BILLING" && !c.archived).map((c) => c.service);
  const ownGroup = groups.find((g) => g.others + 1 >= HEALTHY_GROUP_MIN_ACTIVE_MEMBERS) ?? groups[0];
  const planned = keys.map((key) => {
    const worksOn = key.active ? billing : [];
    const covering = candidates.find((c) => worksOn.every((s) => (c.services ?? []).includes(s)));
    let suggestion: Pick<PlannedKey, "suggestedHolderId" | "suggestedHolderEmail" | "suggestion">;
    if (worksOn.length && covering) {
      suggestion = {
        suggestedHolderId: covering.id,
        suggestedHolderEmail: covering.email,
        suggestion: `${covering.email} is already a Billing collaborator on every service the key works on.`,
      };
    } else if (ownGroup) {
      suggestion = {
        suggestedHolderId: ownGroup.id,
        suggestedHolderEmail: ownGroup.email,
        suggestion: worksOn.length
          ? `${ownGroup.email} is a group ${user.email} belongs to; it would become a Billing collaborator on ${worksOn.join(", ")}.`
          : `${ownGroup.email} is a group ${user.email} belongs to.`,
      };
    } else {
      suggestion = {
        suggestedHolderId: null,
        suggestedHolderEmail: null,
        suggestion: `No group email is a Billing collaborator on all of this key's services, and ${user.email} belongs to none: pick a holder.`,
      };
    }
    return {
      keyId: key.id,
      name: key.name,
      prefix: key.prefix,
      environment: key.environment,
      active: key.active,
      worksOn,
      ...suggestion,
    };
  });
  const wouldBreak = [
    ...planned
      .filter((k) => k.worksOn.length)
      .map(
        (k) =>
          `${k.name} (${k.prefix}…) stops working on ${k.worksOn.join(", ")} once ${user.email} is no longer a Billing collaborator.`,
      ),
    ...collaborations
      .filter((c) => c.role === "BILLING" && c.others === 0 && !c.archived)
      .map((c) => `${c.service} loses its only Billing collaborator.`),
    ...groups.filter((g) => g.others === 0).map((g) => `${g.email} loses its last active member.`),
  ];
  return {
    user,
    keys: planned,
    collaborations: collaborations.map((c) => ({
      service: c.service,
      role: c.role,
      soleBilling: c.role === "BILLING" && c.others === 0,
    })),
    lastActiveMemberOf: groups.filter((g) => g.others === 0).map((g) => g.email),
    wouldBreak,
    finished: user.status === UserStatus.DEPARTED && !(await hasAnythingLeft(em, user.id, ctx.now)),
  };
}
