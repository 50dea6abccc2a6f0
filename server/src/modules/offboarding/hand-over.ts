import type { EntityManager } from "@mikro-orm/postgresql";
import { DomainError, ErrorCode, type Issue, ValidationError } from "../../shared/errors.js";
import type { RequestContext } from "../../shared/request-context.js";
import { activeKeysJsonSql, activeKeysOfHolder } from "../api-key/api-key.queries.js";
import { liveBillingSql, whereKeyWorks } from "../api-key/where-key-works.js";
import { moveAndAudit, type TargetOutcome } from "./hand-over-statement.js";
import { checkUnchanged, fateOf, type HandOverPlan } from "./leaver-keys.js";
import type { OffboardedKey, OffboardingResult } from "./offboarding-result.js";

/** A holder the leaver's keys go to (or the leaver), with their live Billing services. */
interface HolderRow {
  id: string;
  email: string;
  kind: string;
  status: string | null;
  slugs: string[] | null;
  service_ids: string[] | null;
  /** Its active keys (id, name, prefix), for a target: they gain what it becomes Billing on. */
  keys: [string, string, string][];
}

const NONE: string[] = [];

/**
 * Hands every key of the leaver over as planned, in one statement: the keys move to their new
 * holders (those to revoke are revoked on the way, and go to their custodian), each target becomes
 * a Billing collaborator wherever the leaver's working keys work and it is not yet, so they keep
 * working on exactly the same services, and every change gets its audit event. Refuses a target
 * that does not exist or has departed, and (unless allowed) any move after which a key would work
 * on more services than before: a moved key, or one the target already holds, which gains the
 * Billing roles added; those checks come first, so a refusal writes nothing.
 */
export async function handOverKeys(
  ctx: RequestContext,
  em: EntityManager,
  user: { id: string; email: string },
  plan: HandOverPlan,
  options: { reason: string | null; allowWiderAccess: boolean },
): Promise<Pick<OffboardingResult, "keys" | "billingAdded" | "otherKeysGaining">> {
  if (!plan.keys.count) return { keys: [], billingAdded: [], otherKeysGaining: [] };
  // The targets' rows FOR SHARE, in id order (docs/architecture.md: holder rows first): a target
  // whose own offboarding is under way (FOR UPDATE) finishes first and is then refused as
  // departed, so a leaver never receives keys or Billing roles. The leaver's row is ours already.
  const holders = await em.execute<HolderRow[]>(
    `select h.id, h.email, h.kind, h.status, b.slugs, b.service_ids, o.keys
       from holder h cross join lateral (
         select array_agg(s.slug order by s.slug) as slugs, array_agg(s.id order by s.slug) as service_ids
           ${liveBillingSql({ holder: "h.id" })}) b
       cross join lateral (
         -- Its own active keys, read only when it lacks one of the leaver's Billing roles: those
         -- keys gain whatever is carried over.
         ${activeKeysJsonSql(
           "h.id",
           ` and h.id <> ?
            and exists (
              select 1 ${liveBillingSql({ holder: "?", c: "lc", s: "ls" })}
                 and not exists (select 1 ${liveBillingSql({ holder: "h.id", service: "lc.service_id", c: "tc", s: "ts" })}))`,
         )}) o
      where h.id = any(?::uuid[])
      order by h.id
        for share of h`,
    [ctx.now, user.id, user.id, `{${[user.id, ...plan.targets].join(",")}}`],
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
  // keys without a decision that simply work share one fate (`fateOf`).
  const keys = rows.map((row): OffboardedKey => {
    const fate = fateOf(plan, row.id);
    const target = targets.get(fate.target ?? "") as TargetOutcome;
    return {
      keyId: row.id,
      name: row.name,
      prefix: row.prefix,
      action: fate.decided ?? (fate.custody ? "REVOKE" : "REASSIGN"),
      toHolderId: target.id,
      toHolderEmail: target.email,
      servicesBefore: whereKeyWorks(fate.active, before),
      servicesAfter: whereKeyWorks(fate.active && !fate.custody, target.after),
    };
  });
  const billingAdded = [...targets.values()]
    .filter((t) => t.added.length)
    .map((t) => ({ holderEmail: t.email, services: t.added }));
  return { keys, billingAdded, otherKeysGaining: [...targets.values()].flatMap((t) => t.othersGaining) };
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
    const added = missing.map((s) => s.slug);
    targets.set(id, {
      id,
      email: holder.email,
      working,
      added,
      addedIds: missing.map((s) => s.id),
      after: [...new Set([...billing, ...before])].sort(),
      servicesBefore: holder.slugs ?? NONE,
      othersGaining: added.length
        ? holder.keys.map(([keyId, name, prefix]) => ({
            keyId,
            name,
            prefix,
            holderEmail: holder.email,
            gained: added,
          }))
        : [],
    });
  }
  return targets;
}

/**
 * DOMAIN invariants 2 and 5: a reassigned key works on the same services as before, and no other
 * key gains a service. A successor that is Billing on more services would widen what the moved keys
 * can do; one that becomes Billing where it was not makes its own keys work there too. Either takes
 * an explicit yes: the refusal names every such key, one issue each.
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
  const wider = new Map(
    [...targets.values()]
      .filter((t) => t.working && t.after.some((slug) => !was.has(slug)))
      .map((t) => [t.id, { target: t, extra: t.after.filter((slug) => !was.has(slug)) }]),
  );
  const others = [...targets.values()].flatMap((t) => t.othersGaining.map((k) => ({ target: t, key: k })));
  if (!wider.size && !others.length) return;
  // The input field that named the target: the key's own decision, else the default target; for a
  // successor's own keys, the default target or the first decision naming that successor.
  const fieldFor = (targetId: string, keyId?: string) => {
    const own = keyId ? plan.decisions.get(keyId) : undefined;
    if (own?.toHolderId === targetId) return `decisions[${own.index}].toHolderId`;
    if (targetId === plan.defaultTarget) return "defaultTargetId";
    const named = [...plan.decisions.values()].filter((d) => d.toHolderId === targetId).map((d) => d.index);
    return named.length ? `decisions[${Math.min(...named)}].toHolderId` : "defaultTargetId";
  };
  const issues: Issue[] = [];
  if (wider.size) {
    // Only on refusal: every key that keeps access at a widening target, by id.
    const active = await activeKeysOfHolder(em, user.id, ctx.now);
    for (const k of active) {
      const fate = fateOf(plan, k.id);
      const at = wider.get(fate.target ?? "");
      if (!at || fate.custody) continue;
      issues.push({
        field: fieldFor(at.target.id, k.id),
        code: ErrorCode.ACCESS_WOULD_WIDEN,
        message: `${k.name} (${k.prefix}…) would also work on ${at.extra.join(", ")}, because ${at.target.email} is a Billing collaborator there.`,
      });
    }
  }
  for (const { target, key } of others) {
    issues.push({
      field: fieldFor(target.id),
      code: ErrorCode.ACCESS_WOULD_WIDEN,
      message: `${key.name} (${key.prefix}…), already held by ${target.email}, would also work on ${key.gained.join(", ")} once ${target.email} becomes a Billing collaborator there.`,
    });
  }
  const last = issues[issues.length - 1] as Issue;
  last.message += " Pick another successor, or allow wider access.";
  throw new ValidationError(issues);
}
