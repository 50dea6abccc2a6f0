import type { EntityManager } from "@mikro-orm/postgresql";
import { z } from "zod";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import { parseId } from "../../shared/ids.js";
import { invalidate } from "../../shared/invalidation.js";
import type { RequestContext } from "../../shared/request-context.js";
import { inTransaction } from "../../shared/transaction.js";
import { e, parseInput, reason } from "../../shared/validation.js";
import { recordAudit, recordAuditMany } from "../audit/audit.service.js";
import { revokeAllTokens } from "../auth/access-token.service.js";
import { endSessions } from "../auth/session.service.js";
import { moveKeys } from "../reassignment/reassignment.service.js";
import { OffboardingRecord } from "./offboarding-record.entity.js";

/** What to do with one of the leaver's keys. */
export type KeyAction = "REASSIGN" | "REVOKE";

const schema = z.object({
  userId: z.string(),
  defaultTargetId: z.string().nullish(),
  decisions: z
    .array(z.object({ keyId: z.string(), action: z.enum(["REASSIGN", "REVOKE"]), toHolderId: z.string().nullish() }))
    .max(10_000, { error: e(ErrorCode.OUT_OF_RANGE, "may hold at most 10,000 decisions") })
    .default([]),
  reason,
  dryRun: z.boolean().default(false),
  allowWiderAccess: z.boolean().default(false),
  idempotencyKey: z
    .string()
    .min(8, { error: e(ErrorCode.OUT_OF_RANGE, "must be 8 to 200 characters") })
    .max(200, { error: e(ErrorCode.OUT_OF_RANGE, "must be 8 to 200 characters") })
    .nullish(),
});

export type OffboardInput = z.input<typeof schema>;

/** One key's fate, and where it works before and after. */
export interface OffboardedKey {
  keyId: string;
  name: string;
  prefix: string;
  action: KeyAction;
  toHolderEmail: string;
  servicesBefore: string[];
  servicesAfter: string[];
}

/** Everything an offboarding did (or, in a dry run, would do). */
export interface OffboardingResult {
  userId: string;
  email: string;
  dryRun: boolean;
  /** True when an earlier call with the same idempotency key did the work. */
  replayed: boolean;
  keys: OffboardedKey[];
  billingAdded: { holderEmail: string; services: string[] }[];
  collaborationsRemoved: { service: string; role: string }[];
  groupsLeft: string[];
  sessionsEnded: number;
  tokensRevoked: number;
}

/**
 * The stored form of a result: keys of one holder share their service lists, so each distinct
 * list is kept once and keys refer to it by index (10,000 keys on 500 services stay small).
 */
function compact(result: OffboardingResult): Record<string, unknown> {
  const lists: string[][] = [];
  const index = new Map<string, number>();
  const ref = (services: string[]) => {
    const key = services.join(",");
    let i = index.get(key);
    if (i === undefined) {
      i = lists.push(services) - 1;
      index.set(key, i);
    }
    return i;
  };
  const keys = result.keys.map((k) => ({
    ...k,
    servicesBefore: ref(k.servicesBefore),
    servicesAfter: ref(k.servicesAfter),
  }));
  return { ...result, keys, serviceLists: lists };
}

function expand(stored: Record<string, unknown>): OffboardingResult {
  const { serviceLists, keys, ...rest } = stored as { serviceLists: string[][]; keys: Record<string, unknown>[] };
  return {
    ...(rest as unknown as OffboardingResult),
    keys: keys.map((k) => ({
      ...(k as unknown as OffboardedKey),
      servicesBefore: serviceLists[k.servicesBefore as number] ?? [],
      servicesAfter: serviceLists[k.servicesAfter as number] ?? [],
    })),
  };
}

/** Thrown inside a dry run's transaction so that everything it did is rolled back. */
class DryRunRollback extends Error {
  constructor(readonly result: OffboardingResult) {
    super("dry run");
  }
}

/**
 * Offboards a leaver in one transaction: each key is reassigned (keeping access: the new holder
 * becomes Billing wherever the key works) or revoked; the user's collaborations and group
 * memberships go; the user becomes DEPARTED; their sessions end and tokens are revoked; every
 * step is audited. Afterwards the user holds no key (revoked keys pass to the default target as
 * custodian) and no collaboration, and every reassigned key works on the same services.
 *
 * `dryRun` runs exactly the same statements and rolls them back, so its result is what the
 * real run would do. The same `idempotencyKey` twice acts once and returns the first result.
 */
export async function offboardUser(ctx: RequestContext, input: OffboardInput): Promise<OffboardingResult> {
  const data = parseInput(schema, input);
  const userId = parseId(data.userId, "userId");
  if (data.idempotencyKey && !data.dryRun) {
    const done = await ctx.em.findOne(OffboardingRecord, { idempotencyKey: data.idempotencyKey });
    if (done) {
      if (done.userId !== userId) {
        throw new DomainError(
          ErrorCode.IDEMPOTENCY_KEY_REUSED,
          "That idempotency key was used for another user.",
          "idempotencyKey",
        );
      }
      return { ...expand(done.result), replayed: true };
    }
  }
  try {
    return await inTransaction(ctx, async (em) => {
      const result = await offboard(ctx, em, userId, data);
      if (data.dryRun) throw new DryRunRollback(result);
      if (data.idempotencyKey) {
        em.create(OffboardingRecord, { idempotencyKey: data.idempotencyKey, userId, result: compact(result) });
      }
      return result;
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.result;
    // A concurrent call with the same key may have finished first: answer with its result.
    if (data.idempotencyKey && error instanceof DomainError && error.code === ErrorCode.USER_DEPARTED) {
      const done = await ctx.em.fork().findOne(OffboardingRecord, { idempotencyKey: data.idempotencyKey });
      if (done?.userId === userId) return { ...expand(done.result), replayed: true };
    }
    throw error;
  }
}

async function offboard(
  ctx: RequestContext,
  em: EntityManager,
  userId: string,
  data: z.output<typeof schema>,
): Promise<OffboardingResult> {
  const [user] = await em.execute<{ id: string; email: string; kind: string; status: string | null }[]>(
    "select id, email, kind, status from holder where id = ? for update",
    [userId],
  );
  if (user?.kind !== "USER") throw new DomainError(ErrorCode.USER_NOT_FOUND, "No such user.", "userId");
  if (user.status !== "ACTIVE") {
    throw new DomainError(ErrorCode.USER_DEPARTED, `${user.email} has already departed.`, "userId");
  }
  const [admins] = await em.execute<{ others: number; admin: boolean }[]>(
    `select (select count(*)::int from holder where console_role = 'ADMIN' and status = 'ACTIVE' and id <> ?) as others,
        coalesce((select console_role = 'ADMIN' from holder where id = ?), false) as admin`,
    [userId, userId],
  );
  if (admins?.admin && admins.others === 0) {
    throw new DomainError(
      ErrorCode.FORBIDDEN,
      "This is Keyholder's last ADMIN: make someone else ADMIN first.",
      "userId",
    );
  }

  const keys = await em.execute<{ id: string; revoked: boolean; active: boolean }[]>(
    `select id, revoked_at is not null as revoked, (revoked_at is null and (expires_at is null or expires_at > ?)) as active
       from api_key where holder_id = ? order by id for update`,
    [ctx.now, userId],
  );
  const held = new Set(keys.map((k) => k.id));
  const decisions = new Map<string, { action: KeyAction; toHolderId: string | null }>();
  for (const d of data.decisions) {
    const keyId = parseId(d.keyId, "decisions.keyId");
    if (!held.has(keyId)) {
      throw new DomainError(ErrorCode.KEY_NOT_FOUND, `Key ${keyId} is not held by ${user.email}.`, "decisions.keyId");
    }
    decisions.set(keyId, {
      action: d.action,
      toHolderId: d.toHolderId ? parseId(d.toHolderId, "decisions.toHolderId") : null,
    });
  }
  const defaultTarget = data.defaultTargetId ? parseId(data.defaultTargetId, "defaultTargetId") : null;
  // Every key leaves the user: reassigned keys to their target, revoked ones to the default
  // target, which keeps them as custodian (a key always has exactly one holder).
  const byTarget = new Map<string, { reassign: string[]; custody: string[] }>();
  const revoke: string[] = [];
  for (const key of keys) {
    const decision = decisions.get(key.id) ?? { action: "REASSIGN" as KeyAction, toHolderId: null };
    const target = (decision.action === "REASSIGN" ? decision.toHolderId : null) ?? defaultTarget;
    if (!target) {
      throw new DomainError(
        ErrorCode.REQUIRED,
        `defaultTargetId is required: ${user.email} holds keys that need a new holder.`,
        "defaultTargetId",
      );
    }
    if (target === userId)
      throw new DomainError(ErrorCode.SAME_HOLDER, "Keys cannot stay with the leaver.", "defaultTargetId");
    const group = byTarget.get(target) ?? { reassign: [], custody: [] };
    if (decision.action === "REVOKE" || key.revoked) group.custody.push(key.id);
    else group.reassign.push(key.id);
    if (decision.action === "REVOKE" && !key.revoked) revoke.push(key.id);
    byTarget.set(target, group);
  }

  // Revocation comes before the moves, which then see those keys working nowhere: keep where
  // each worked until now (the leaver's live Billing services, when the key was active).
  const workedBefore = new Map<string, string[]>();
  if (revoke.length) {
    const [billing] = await em.execute<{ slugs: string[] | null }[]>(
      `select array_agg(s.slug order by s.slug) as slugs from collaborator c join service s on s.id = c.service_id
        where c.holder_id = ? and c.role = 'BILLING' and s.archived_at is null`,
      [userId],
    );
    const active = new Set(keys.filter((k) => k.active).map((k) => k.id));
    for (const id of revoke) workedBefore.set(id, active.has(id) ? (billing?.slugs ?? []) : []);
    await em.execute(
      `update api_key set revoked_at = ?, revoked_reason = ?, revoked_by_id = ?, version = version + 1, updated_at = ?
        where id = any(?::uuid[])`,
      [
        ctx.now,
        `Offboarding of ${user.email}${data.reason ? `: ${data.reason}` : ""}`,
        ctx.principal?.userId ?? null,
        ctx.now,
        `{${revoke.join(",")}}`,
      ],
    );
    await recordAuditMany(
      ctx,
      em,
      revoke.map((id) => ({ action: "api_key.revoked", subjectType: "ApiKey", subjectId: id, reason: data.reason })),
    );
  }
  const outcomes: OffboardedKey[] = [];
  const billingAdded: OffboardingResult["billingAdded"] = [];
  for (const [target, group] of byTarget) {
    for (const [ids, keepAccess] of [
      [group.reassign, true],
      [group.custody, false],
    ] as const) {
      if (!ids.length) continue;
      const moved = await moveKeys(ctx, em, { keyIds: ids, toHolderId: target, reason: data.reason, keepAccess }, true);
      if (moved.billingAdded.length)
        billingAdded.push({ holderEmail: moved.toHolderEmail, services: moved.billingAdded });
      for (const k of moved.keys) {
        const action: KeyAction = keepAccess ? "REASSIGN" : "REVOKE";
        outcomes.push({
          keyId: k.keyId,
          name: k.name,
          prefix: k.prefix,
          action: decisions.get(k.keyId)?.action ?? action,
          toHolderEmail: moved.toHolderEmail,
          servicesBefore: workedBefore.get(k.keyId) ?? k.servicesBefore,
          servicesAfter: keepAccess ? k.servicesAfter : [],
        });
      }
    }
  }

  // DOMAIN invariant 2: a reassigned key works on the same services as before. A successor that
  // is Billing on more services would widen what the key can do; that takes an explicit yes.
  // Keys of one holder share their lists: compare each distinct pair once, with a set.
  const widens = new Map<string[], Map<string[], boolean>>();
  const isWider = (before: string[], after: string[]) => {
    const byAfter = widens.get(before) ?? new Map<string[], boolean>();
    widens.set(before, byAfter);
    let wider = byAfter.get(after);
    if (wider === undefined) {
      const was = new Set(before);
      wider = after.some((slug) => !was.has(slug));
      byAfter.set(after, wider);
    }
    return wider;
  };
  const widened = outcomes.filter((k) => k.action === "REASSIGN" && isWider(k.servicesBefore, k.servicesAfter));
  if (widened.length && !data.allowWiderAccess) {
    const first = widened[0] as OffboardedKey;
    const extra = first.servicesAfter.filter((slug) => !first.servicesBefore.includes(slug));
    throw new DomainError(
      ErrorCode.ACCESS_WOULD_WIDEN,
      `${widened.length} key(s) would work on more services than before (e.g. ${first.name} also on ${extra.join(", ")}, ` +
        `because ${first.toHolderEmail} is a Billing collaborator there). Pick another successor, or allow wider access.`,
      "defaultTargetId",
    );
  }

  const removed = await em.execute<{ service: string; role: string; service_id: string }[]>(
    `delete from collaborator c using service s where c.service_id = s.id and c.holder_id = ?
     returning s.slug as service, c.role, s.id as service_id`,
    [userId],
  );
  const left = await em.execute<{ email: string; id: string }[]>(
    `delete from group_membership m using holder g where m.group_id = g.id and m.user_id = ? returning g.email, g.id`,
    [userId],
  );
  await em.execute(
    `update holder set status = 'DEPARTED', departed_at = ?, console_role = null, password_hash = null,
       version = version + 1, updated_at = ? where id = ?`,
    [ctx.now, ctx.now, userId],
  );
  const sessionsEnded = await endSessions(em, userId, ctx.now, "DEPARTED");
  const tokensRevoked = await revokeAllTokens(ctx, em, userId);
  await recordAuditMany(
    ctx,
    em,
    removed.map((c) => ({
      action: "collaborator.removed",
      subjectType: "Service",
      subjectId: c.service_id,
      before: { service: c.service, holder: user.email, role: c.role },
      reason: data.reason,
    })),
  );
  const result: OffboardingResult = {
    userId,
    email: user.email,
    dryRun: data.dryRun,
    replayed: false,
    keys: outcomes.sort((a, b) => a.keyId.localeCompare(b.keyId)),
    billingAdded,
    collaborationsRemoved: removed
      .map((c) => ({ service: c.service, role: c.role }))
      .sort((a, b) => (a.service + a.role).localeCompare(b.service + b.role)),
    groupsLeft: left.map((g) => g.email).sort(),
    sessionsEnded,
    tokensRevoked,
  };
  recordAudit(ctx, em, {
    action: "user.offboarded",
    subjectType: "User",
    subjectId: userId,
    before: { status: "ACTIVE" },
    after: {
      status: "DEPARTED",
      keysReassigned: outcomes.filter((k) => k.action === "REASSIGN").length,
      keysRevoked: outcomes.filter((k) => k.action === "REVOKE").length,
      collaborationsRemoved: removed.length,
      groupsLeft: result.groupsLeft,
    },
    reason: data.reason,
  });
  await invalidate(ctx, em, [`user:${userId}`, `holder:${userId}`]);
  return result;
}
