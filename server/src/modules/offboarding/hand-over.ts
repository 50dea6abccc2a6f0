import type { EntityManager } from "@mikro-orm/postgresql";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import type { RequestContext } from "../../shared/request-context.js";
import { moveAndAudit, type TargetOutcome } from "./hand-over-statement.js";
import { checkUnchanged, fateOf, type HandOverPlan, type KeyFate } from "./leaver-keys.js";
import type { OffboardedKey, OffboardingResult } from "./offboarding-result.js";

/** A holder the leaver's keys go to (or the leaver), with their live Billing services. */
interface HolderRow {
  id: string;
  email: string;
  kind: string;
  status: string | null;
  slugs: string[] | null;
  service_ids: string[] | null;
}

const NONE: string[] = [];

/**
 * Hands every key of the leaver over as planned, in one statement: the keys move to their new
 * holders (those to revoke are revoked on the way, and go to their custodian), each target becomes
 * a Billing collaborator wherever the leaver's working keys work and it is not yet, so they keep
 * working on exactly the same services, and every change gets its audit event. Refuses a target
 * that does not exist or has departed, and (unless allowed) one on which a key would work on more
 * services than before; those checks come first, so a refusal writes nothing.
 */
export async function handOverKeys(
  ctx: RequestContext,
  em: EntityManager,
  user: { id: string; email: string },
  plan: HandOverPlan,
  options: { reason: string | null; allowWiderAccess: boolean },
): Promise<Pick<OffboardingResult, "keys" | "billingAdded">> {
  if (!plan.keys.count) return { keys: [], billingAdded: [] };
  const holders = await em.execute<HolderRow[]>(
    `select h.id, h.email, h.kind, h.status, b.slugs, b.service_ids
       from holder h cross join lateral (
         select array_agg(s.slug order by s.slug) as slugs, array_agg(s.id order by s.slug) as service_ids
           from collaborator c join service s on s.id = c.service_id
          where c.holder_id = h.id and c.role = 'BILLING' and s.archived_at is null) b
      where h.id = any(?::uuid[])`,
    [`{${[user.id, ...plan.targets].join(",")}}`],
  );
  const byId = new Map(holders.map((h) => [h.id, h]));
  const leaver = byId.get(user.id);
  // Where the leaver's working keys work now: the leaver's live Billing services.
  const before = leaver?.slugs ?? NONE;
  const targets = outcomesAt(plan, byId, before, leaver?.service_ids ?? NONE);
  if (!options.allowWiderAccess) await refuseWiderAccess(ctx, em, user, plan, targets, before);

  const { moved: rows, seen } = await moveAndAudit(ctx, em, user, plan, targets, before.length, options.reason);
  checkUnchanged(plan.keys, seen);
  // Keys of one target share their lists (the arrays are never changed afterwards), and the many
  // keys without a decision that simply work share one fate.
  const { decisions, keys: held } = plan;
  const plain: KeyFate = { target: plan.defaultTarget, active: true, custody: false, decided: null };
  const keys = rows.map((row): OffboardedKey => {
    const special = decisions.has(row.id) || held.revoked.has(row.id) || held.expired.has(row.id);
    const fate = special ? fateOf(plan, row.id) : plain;
    const target = targets.get(fate.target ?? "") as TargetOutcome;
    return {
      keyId: row.id,
      name: row.name,
      prefix: row.prefix,
      action: fate.decided ?? (fate.custody ? "REVOKE" : "REASSIGN"),
      toHolderEmail: target.email,
      servicesBefore: fate.active ? before : NONE,
      servicesAfter: fate.active && !fate.custody ? target.after : NONE,
    };
  });
  const billingAdded = [...targets.values()]
    .filter((t) => t.added.length)
    .map((t) => ({ holderEmail: t.email, services: t.added }));
  return { keys, billingAdded };
}

/** Per target, in plan order: checks it may hold keys, and works out what it gains. */
function outcomesAt(
  plan: HandOverPlan,
  holders: Map<string, HolderRow>,
  before: string[],
  beforeIds: string[],
): Map<string, TargetOutcome> {
  const targets = new Map<string, TargetOutcome>();
  for (const id of plan.targets) {
    const holder = holders.get(id);
    if (!holder) throw new DomainError(ErrorCode.HOLDER_NOT_FOUND, "No such holder to reassign to.", "toHolderId");
    if (holder.kind === "USER" && holder.status !== "ACTIVE") {
      throw new DomainError(
        ErrorCode.USER_DEPARTED,
        `${holder.email} has departed and cannot hold keys.`,
        "toHolderId",
      );
    }
    const billing = new Set(holder.slugs ?? NONE);
    const working = plan.working.get(id) ?? 0;
    // Billing roles are carried over only to keep keys working: a target taking none gains none.
    const missing = working
      ? before.map((slug, i) => ({ slug, id: beforeIds[i] as string })).filter((s) => !billing.has(s.slug))
      : [];
    missing.sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
    targets.set(id, {
      id,
      email: holder.email,
      working,
      added: missing.map((s) => s.slug),
      addedIds: missing.map((s) => s.id),
      after: [...new Set([...billing, ...before])].sort(),
    });
  }
  return targets;
}

/**
 * DOMAIN invariant 2: a reassigned key works on the same services as before. A successor that is
 * Billing on more services would widen what the key can do; that takes an explicit yes.
 */
async function refuseWiderAccess(
  ctx: RequestContext,
  em: EntityManager,
  user: { id: string },
  plan: HandOverPlan,
  targets: Map<string, TargetOutcome>,
  before: string[],
): Promise<void> {
  const was = new Set(before);
  const wider = [...targets.values()].filter((t) => t.working && t.after.some((slug) => !was.has(slug)));
  const first = wider[0];
  if (!first) return;
  // Only on refusal: name the first key (by id) that would widen, as an example.
  const active = await em.execute<{ id: string; name: string }[]>(
    `select id, name from api_key where holder_id = ? and revoked_at is null and (expires_at is null or expires_at > ?)
      order by id`,
    [user.id, ctx.now],
  );
  const example = active.find((k) => {
    const fate = fateOf(plan, k.id);
    return fate.target === first.id && !fate.custody;
  });
  const count = wider.reduce((sum, t) => sum + t.working, 0);
  const extra = first.after.filter((slug) => !was.has(slug));
  throw new DomainError(
    ErrorCode.ACCESS_WOULD_WIDEN,
    `${count} ${count === 1 ? "key" : "keys"} would work on more services than before (e.g. ${example?.name} also on ${extra.join(", ")}, ` +
      `because ${first.email} is a Billing collaborator there). Pick another successor, or allow wider access.`,
    "defaultTargetId",
  );
}
