import { UniqueConstraintViolationException } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import { z } from "zod";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import { expectSameRequest, idempotencyKey, requestHash } from "../../shared/idempotency.js";
import { isId, parseId } from "../../shared/ids.js";
import { invalidate, type Topic } from "../../shared/invalidation.js";
import type { RequestContext } from "../../shared/request-context.js";
import { inTransaction } from "../../shared/transaction.js";
import { e, parseInput, reason, recordId } from "../../shared/validation.js";
import { revokeAllTokens } from "../auth/access-token.service.js";
import { isLastAdmin } from "../auth/console-access.service.js";
import { endSessions } from "../auth/session.service.js";
import { ACTIVE_ADMIN } from "../holder/user/user.entity.js";
import { handOverKeys } from "./hand-over.js";
import { decidedIds, LeaverKeysChanged, planHandOver, readLeaverKeys } from "./leaver-keys.js";
import { hasAnythingLeft } from "./leaver-remains.js";
import { removeLeaver } from "./leaver-roles.js";
import { OffboardingRecord } from "./offboarding-record.entity.js";
import { compact, expand, type OffboardingResult } from "./offboarding-result.js";

const schema = z.object({
  userId: recordId,
  defaultTargetId: recordId.nullish(),
  decisions: z
    .array(z.object({ keyId: recordId, action: z.enum(["REASSIGN", "REVOKE"]), toHolderId: recordId.nullish() }))
    .max(10_000, { error: e(ErrorCode.OUT_OF_RANGE, "may hold at most 10,000 decisions") })
    .default([]),
  reason,
  dryRun: z.boolean().default(false),
  allowWiderAccess: z.boolean().default(false),
  idempotencyKey,
});

export type OffboardInput = z.input<typeof schema>;

/** What a caller inside the server can add to an offboarding. */
export interface OffboardOptions {
  /**
   * Checked inside the offboarding's transaction once the user's row is locked, before anything is
   * written: it throws a DomainError when the offboarding is no longer wanted (a caller acting on
   * a state read earlier, which a change of the user since then may have undone).
   */
  precondition?: (em: EntityManager) => Promise<void>;
}

/** The parsed input, with the hash its idempotency key is bound to. */
type Offboarding = z.output<typeof schema> & { requestHash: string };

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
 * custodian) and no collaboration, and every reassigned key works on the same services. Unless
 * `allowWiderAccess`, it refuses (ACCESS_WOULD_WIDEN, one error per key) when a moved key or a key
 * a successor already holds would work on more services than before.
 *
 * A user already DEPARTED (imported, or marked so outside Keyholder) who still has keys, roles,
 * memberships, tokens or sessions is offboarded the same way and keeps their `departedAt`; one
 * with nothing left is refused with USER_DEPARTED, which is also what offboarding anyone twice
 * answers.
 *
 * `dryRun` runs exactly the same statements and rolls them back, so its result is what the
 * real run would do. The same `idempotencyKey` twice acts once and returns the first result; the
 * key is bound to its request (`offboardingHash`), so the same key with other parameters is
 * refused with IDEMPOTENCY_KEY_REUSED. A dry run under a key already used answers as the real run
 * would (that result, or the reuse refused).
 * When one of the leaver's keys changes while the offboarding runs (revoked, moved away, its
 * expiry edited), the hand-over writes nothing and the offboarding is planned again; after
 * `ATTEMPTS` such tries it answers VERSION_CONFLICT.
 */
export async function offboardUser(
  ctx: RequestContext,
  input: OffboardInput,
  options: OffboardOptions = {},
): Promise<OffboardingResult> {
  const parsed = parseInput(schema, input);
  const userId = parseId(parsed.userId, "userId");
  const data: Offboarding = { ...parsed, requestHash: parsed.idempotencyKey ? offboardingHash(userId, parsed) : "" };
  if (data.idempotencyKey) {
    const done = await doneUnder(ctx.em, data.idempotencyKey, userId, data.requestHash);
    if (done) return done;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptOffboarding(ctx, userId, data, options);
    } catch (error) {
      // A key of the leaver changed under the hand-over, which then wrote nothing: plan again.
      if (!(error instanceof LeaverKeysChanged)) throw error;
      if (attempt === ATTEMPTS) {
        throw new DomainError(
          ErrorCode.VERSION_CONFLICT,
          "The user's keys kept changing during the offboarding; nothing was changed. Try again.",
          "userId",
        );
      }
    }
  }
}

/**
 * What an offboarding's idempotency key is bound to: every parameter but the key itself and
 * `dryRun` (a dry run under the key previews the real run, so it must answer what that would).
 * Decisions count as a set, in whatever order they come.
 */
function offboardingHash(userId: string, data: z.output<typeof schema>): string {
  const decisions = data.decisions
    .map((d) => ({ keyId: d.keyId.toLowerCase(), action: d.action, toHolderId: d.toHolderId?.toLowerCase() ?? null }))
    .sort((a, b) => (a.keyId < b.keyId ? -1 : a.keyId > b.keyId ? 1 : a.action < b.action ? -1 : 1));
  return requestHash({
    userId,
    defaultTargetId: data.defaultTargetId?.toLowerCase() ?? null,
    decisions,
    reason: data.reason,
    allowWiderAccess: data.allowWiderAccess,
  });
}

/**
 * The result of the offboarding done earlier under `idempotencyKey`, marked as replayed; null when
 * there was none. The key of another user's offboarding, or of one with other parameters, is
 * refused (records kept before requests were hashed are bound to their user only).
 */
async function doneUnder(
  em: EntityManager,
  idempotencyKey: string,
  userId: string,
  hash: string,
): Promise<OffboardingResult | null> {
  const [done] = await em.execute<{ user_id: string; request_hash: string | null; result: Record<string, unknown> }[]>(
    "select user_id, request_hash, result from offboarding_record where idempotency_key = ?",
    [idempotencyKey],
  );
  if (!done) return null;
  if (done.user_id !== userId) {
    throw new DomainError(
      ErrorCode.IDEMPOTENCY_KEY_REUSED,
      "That idempotency key was used for another user.",
      "idempotencyKey",
    );
  }
  if (done.request_hash !== null) expectSameRequest(done.request_hash, hash, "this user's offboarding");
  return { ...expand(done.result), replayed: true };
}

/** How often an offboarding is planned again when the leaver's keys change under it. */
const ATTEMPTS = 3;

/** One transaction of `offboardUser`. */
async function attemptOffboarding(
  ctx: RequestContext,
  userId: string,
  data: Offboarding,
  options: OffboardOptions,
): Promise<OffboardingResult> {
  try {
    const result = await inTransaction(ctx, async (em) => {
      const result = await offboard(ctx, em, userId, data, options);
      if (data.dryRun) throw new DryRunRollback(result);
      if (data.idempotencyKey && !result.replayed) {
        em.create(OffboardingRecord, {
          idempotencyKey: data.idempotencyKey,
          userId,
          requestHash: data.requestHash,
          result: compact(result),
        });
      }
      return result;
    });
    // Counted after the commit, so a rolled-back offboarding is never counted; nor is a replay
    // (a concurrent call with the same idempotency key that waited and answers the first's result).
    if (!result.replayed) {
      const reassigned = result.keys.filter((k) => k.action === "REASSIGN").length;
      ctx.metrics?.offboardingCompleted(reassigned, result.keys.length - reassigned);
    }
    return result;
  } catch (error) {
    if (error instanceof DryRunRollback) return error.result;
    // Another offboarding recorded the same key first (another user's: one of the same user waits
    // for its lock and replays): nothing was written, answer as if it had been seen at the start.
    if (
      data.idempotencyKey &&
      error instanceof UniqueConstraintViolationException &&
      (error as { constraint?: string }).constraint === "offboarding_record_pkey"
    ) {
      const done = await doneUnder(ctx.em, data.idempotencyKey, userId, data.requestHash);
      if (done) return done;
    }
    throw error;
  }
}

async function offboard(
  ctx: RequestContext,
  em: EntityManager,
  userId: string,
  data: Offboarding,
  options: OffboardOptions,
): Promise<OffboardingResult> {
  // Lock order (docs/architecture.md): holder rows first — the user and every holder the input
  // names as a target, in id order, in one statement, before anything about them is read, so a
  // concurrent move or offboarding to the same holder waits and then sees the keys and Billing roles
  // this one gave it (invariant 5) — then their keys (the hand-over's UPDATE), then collaborations
  // and memberships. Key and collaborator writes also lock the risk summary's rows, their holders'
  // before their services' within each statement (Migration20261205003000_risk_service_works); a
  // transaction that writes a Billing role in one statement and its holder's keys in a later one
  // can meet a concurrent role removal on the same holder and service in the other order, and
  // PostgreSQL's deadlock detection then ends one of them, which `inTransaction` retries.
  // A leaver who is an active ADMIN also locks every active ADMIN in the same statement, for
  // `isLastAdmin` below: taken after the leaver's lock they would break the id order (two ADMINs
  // leaving at once would each hold their own row and wait for the other's). In the subquery the
  // predicate's columns are the leaver's (`l`, the nearer scope).
  const ids = `{${[userId, ...namedTargets(data)].join(",")}}`;
  const locked = await em.execute<
    { id: string; email: string; kind: string; status: string | null; console_role: string | null }[]
  >(
    `select id, email, kind, status, console_role from holder
      where id = any(?::uuid[])
         or (${ACTIVE_ADMIN} and exists (select 1 from holder l where l.id = ?::uuid and ${ACTIVE_ADMIN}))
      order by id for update`,
    [ids, userId],
  );
  const row = locked.find((h) => h.id === userId);
  if (row?.kind !== "USER" || row.status === null) {
    throw new DomainError(ErrorCode.USER_NOT_FOUND, "No such user.", "userId");
  }
  const user = { id: row.id, email: row.email, status: row.status };
  if (data.idempotencyKey) {
    // A concurrent call with the same key held the user's lock until it committed: read its record
    // now (a new statement sees it), and answer with its result instead of acting again.
    const done = await doneUnder(em, data.idempotencyKey, userId, data.requestHash);
    if (done) return done;
  }
  await options.precondition?.(em);
  if (user.status !== "ACTIVE" && !(await hasAnythingLeft(em, userId, ctx.now))) {
    throw new DomainError(
      ErrorCode.USER_DEPARTED,
      `${user.email} has already departed, and nothing is left to offboard.`,
      "userId",
    );
  }
  if (row.console_role === "ADMIN" && row.status === "ACTIVE" && (await isLastAdmin(em, userId))) {
    throw new DomainError(
      ErrorCode.FORBIDDEN,
      "This is Keyholder's last ADMIN: make someone else ADMIN first.",
      "userId",
    );
  }

  const plan = planHandOver(user, await readLeaverKeys(ctx, em, userId, decidedIds(data.decisions)), data);
  const { keys, billingAdded, otherKeysGaining } = await handOverKeys(ctx, em, user, plan, {
    reason: data.reason,
    allowWiderAccess: data.allowWiderAccess,
  });
  let reassigned = 0;
  for (const k of keys) if (k.action === "REASSIGN") reassigned++;
  // Sessions and tokens end first, so that user.offboarded can say how many did.
  const sessionsEnded = await endSessions(em, userId, ctx.now, "DEPARTED");
  const tokensRevoked = await revokeAllTokens(ctx, em, userId, data.reason);
  const { collaborationsRemoved, groupsLeft } = await removeLeaver(
    ctx,
    em,
    user,
    { reassigned, revoked: keys.length - reassigned, sessionsEnded, tokensRevoked },
    data.reason,
  );
  const result: OffboardingResult = {
    userId,
    email: user.email,
    dryRun: data.dryRun,
    replayed: false,
    keys,
    billingAdded,
    otherKeysGaining,
    collaborationsRemoved,
    groupsLeft,
    sessionsEnded,
    tokensRevoked,
  };
  // The keys' old and new holders: where a key works (and so the verification cache) changed.
  const topics: Topic[] = [...plan.targets.map((id): Topic => `holder:${id}`), `user:${userId}`, `holder:${userId}`];
  await invalidate(ctx, em, topics);
  return result;
}

/** The holders the input names as targets, as far as they are ids (the plan refuses the others). */
function namedTargets(data: z.output<typeof schema>): string[] {
  const named = [data.defaultTargetId, ...data.decisions.map((d) => (d.action === "REASSIGN" ? d.toHolderId : null))];
  return [...new Set(named.filter((id): id is string => !!id && isId(id)).map((id) => id.toLowerCase()))];
}
