import { LockMode, UniqueConstraintViolationException } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import { z } from "zod";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import { expectSameRequest, requestHash } from "../../shared/idempotency.js";
import { parseId } from "../../shared/ids.js";
import { inputSchema } from "../../shared/input-contract.js";
import { invalidate } from "../../shared/invalidation.js";
import type { RequestContext } from "../../shared/request-context.js";
import { expectVersion, inTransaction } from "../../shared/transaction.js";
import { e, parseInput } from "../../shared/validation.js";
import { type AuditEntry, recordAudit } from "../audit/audit.service.js";
import { Holder } from "../holder/holder.entity.js";
import { HolderKind } from "../holder/holder-kind.js";
import { User } from "../holder/user/user.entity.js";
import { UserStatus } from "../holder/user/user-status.js";
import { ApiKey } from "./api-key.entity.js";
import {
  CreateApiKeyInput,
  type KeyLifespan,
  LIFESPAN_DAYS,
  RevokeApiKeyInput,
  RotateApiKeyInput,
  UpdateApiKeyInput,
} from "./api-key.inputs.js";
import { mintSecret } from "./api-key.secret.js";
import { apiKeySnapshot } from "./api-key.snapshot.js";
import type { ApiKeyWarning } from "./api-key.warning.js";
import { ApiKeyCreation } from "./api-key-creation.entity.js";
import { Environment } from "./environment.js";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export { MAX_OVERLAP_HOURS } from "./api-key.inputs.js";

/** Something worth knowing about a change that still went through (the GraphQL type). */
export type KeyWarning = ApiKeyWarning;

/** Each field's rule comes from its input class; what spans two fields is added here. */
const expiry = <
  S extends z.ZodObject<{
    lifespan: z.ZodType<KeyLifespan | null | undefined>;
    expiresAt: z.ZodType<Date | null | undefined>;
  }>,
>(
  fields: S,
) =>
  fields.pick({ lifespan: true, expiresAt: true }).refine((v) => !(v.lifespan && v.expiresAt), {
    error: e(ErrorCode.BAD_USER_INPUT, "give either lifespan or expiresAt, not both"),
    path: ["expiresAt"],
  });

const createFields = inputSchema(CreateApiKeyInput);
const createSchema = createFields
  .omit({ lifespan: true, expiresAt: true })
  .and(expiry(createFields))
  .refine((v) => v.lifespan || v.expiresAt, {
    error: e(ErrorCode.REQUIRED, "is required: pick a lifespan (NEVER for no expiry) or give expiresAt"),
    path: ["lifespan"],
  });
const updateFields = inputSchema(UpdateApiKeyInput);
const updateSchema = updateFields.omit({ lifespan: true, expiresAt: true }).and(expiry(updateFields));
const revokeSchema = inputSchema(RevokeApiKeyInput);
const rotateSchema = inputSchema(RotateApiKeyInput);

/** The expiry a lifespan or an explicit date stands for; undefined when neither was given. */
function resolveExpiry(now: Date, lifespan?: KeyLifespan | null, expiresAt?: Date | null): Date | null | undefined {
  if (expiresAt) {
    if (expiresAt.getTime() <= now.getTime()) {
      throw new DomainError(ErrorCode.OUT_OF_RANGE, "expiresAt must be in the future.", "expiresAt");
    }
    return expiresAt;
  }
  if (!lifespan) return undefined;
  const days = LIFESPAN_DAYS[lifespan];
  return days === null ? null : new Date(now.getTime() + days * DAY_MS);
}

/**
 * Records a change to a key that verification must see: audited on the key, and its verdicts
 * invalidated on every instance once the transaction commits.
 */
export async function recordKeyChange(
  ctx: RequestContext,
  em: EntityManager,
  key: ApiKey,
  change: Omit<AuditEntry, "subjectType" | "subjectId">,
): Promise<void> {
  recordAudit(ctx, em, { ...change, subjectType: "ApiKey", subjectId: key.id });
  await invalidate(ctx, em, [`key:${key.id}`]);
}

/**
 * Loads a key for change, locking its row so concurrent changes of one key run one at a time.
 * Only the key row is locked (a `FOR UPDATE` over the join would lock its holder too), keeping
 * the one lock order (docs/architecture.md): holder rows, then key rows. An offboarding holds the
 * leaver's row and then waits for their keys; a key change holding a key must not wait for that
 * holder row. The locking read comes first and alone; the load after it sees what the previous
 * holder of the lock committed.
 */
export async function lockKey(em: EntityManager, id: string): Promise<ApiKey> {
  const keyId = parseId(id);
  await em.execute("select k.id from api_key k where k.id = ? for update of k", [keyId]);
  const key = await em.findOne(ApiKey, { id: keyId }, { populate: ["holder"], refresh: true });
  if (!key) throw new DomainError(ErrorCode.KEY_NOT_FOUND, "No such API key.", "id");
  return key;
}

/** The signed-in user as a reference for `createdBy`-style columns, or null for a token without one. */
export function actorRef(ctx: RequestContext, em: EntityManager): User | null {
  return ctx.principal?.userId ? em.getReference(User, ctx.principal.userId) : null;
}

/** A key just issued, with its secret; or, replayed under an idempotency key, without it. */
export interface IssuedKey {
  key: ApiKey;
  /** The secret, shown once: null when an earlier call under the same idempotency key showed it. */
  secret: string | null;
  warnings: KeyWarning[];
  /** An earlier call with the same idempotency key created the key. */
  replayed: boolean;
}

/**
 * Issues a key to a holder for one environment and returns its secret, the only time it is
 * shown. A production key held by a person (not a group email) is allowed, with a warning:
 * it breaks, or stays with them, when they leave.
 *
 * Under an `idempotencyKey`, the same key and parameters again issue nothing and answer the key
 * created first, with its warnings but without its secret (it was shown once: rotate the key if
 * that answer was lost); the same idempotency key with other parameters is refused with
 * IDEMPOTENCY_KEY_REUSED.
 */
export async function createApiKey(ctx: RequestContext, input: CreateApiKeyInput): Promise<IssuedKey> {
  const data = parseInput(createSchema, input);
  const holderId = parseId(data.holderId, "holderId");
  const hash = data.idempotencyKey
    ? requestHash({
        name: data.name,
        environment: data.environment,
        holderId,
        lifespan: data.lifespan,
        expiresAt: data.expiresAt,
      })
    : "";
  if (data.idempotencyKey) {
    const created = await createdUnder(ctx.em, data.idempotencyKey, hash);
    if (created) return created;
  }
  const expiresAt = resolveExpiry(ctx.now, data.lifespan, data.expiresAt) ?? null;
  try {
    return await inTransaction(ctx, async (em) => {
      // FOR SHARE: an offboarding of this holder (FOR UPDATE) finishes first, so a leaver gets no key.
      const holder = await em.findOne(Holder, { id: holderId }, { lockMode: LockMode.PESSIMISTIC_READ });
      if (!holder) throw new DomainError(ErrorCode.HOLDER_NOT_FOUND, "No such holder.", "holderId");
      if (holder instanceof User && holder.status !== UserStatus.ACTIVE) {
        throw new DomainError(ErrorCode.USER_DEPARTED, "A departed user cannot be issued a key.", "holderId");
      }
      const minted = mintSecret(data.environment);
      const key = em.create(ApiKey, {
        name: data.name,
        environment: data.environment,
        holder,
        prefix: minted.prefix,
        secretDigest: minted.digest,
        expiresAt,
        createdAt: ctx.now,
        createdBy: actorRef(ctx, em),
      });
      recordAudit(ctx, em, {
        action: "api_key.created",
        subjectType: "ApiKey",
        subjectId: key.id,
        after: apiKeySnapshot(key),
      });
      const warnings: KeyWarning[] =
        data.environment === Environment.PRODUCTION && holder.kind === HolderKind.USER
          ? [
              {
                code: "PRODUCTION_KEY_HELD_BY_INDIVIDUAL",
                message: `${holder.email} is a person: the key stays valid, held by them, when they leave. Prefer a group email.`,
              },
            ]
          : [];
      if (data.idempotencyKey) {
        em.create(ApiKeyCreation, { idempotencyKey: data.idempotencyKey, requestHash: hash, key, warnings });
      }
      return { key, secret: minted.secret, warnings, replayed: false };
    });
  } catch (error) {
    // Another call recorded the same idempotency key first and committed while this one waited
    // for it: nothing of this one was written; answer as if that record had been seen at the start.
    if (
      data.idempotencyKey &&
      error instanceof UniqueConstraintViolationException &&
      (error as { constraint?: string }).constraint === "api_key_creation_pkey"
    ) {
      const created = await createdUnder(ctx.em, data.idempotencyKey, hash);
      if (created) return created;
    }
    throw error;
  }
}

/**
 * The key created earlier under `idempotencyKey`, as a replay (no secret); null when there was
 * none. The idempotency key of a request with other parameters is refused.
 */
async function createdUnder(em: EntityManager, idempotencyKey: string, hash: string): Promise<IssuedKey | null> {
  const created = await em.findOne(
    ApiKeyCreation,
    { idempotencyKey },
    { populate: ["key", "key.holder"], refresh: true },
  );
  if (!created) return null;
  expectSameRequest(created.requestHash, hash, "a key");
  return { key: created.key, secret: null, warnings: created.warnings as KeyWarning[], replayed: true };
}

/** Revokes a key for good. Revoking a revoked key changes nothing and succeeds. */
export async function revokeApiKey(ctx: RequestContext, input: RevokeApiKeyInput): Promise<ApiKey> {
  const data = parseInput(revokeSchema, input);
  return inTransaction(ctx, async (em) => {
    const key = await lockKey(em, data.id);
    if (key.revokedAt) return key;
    const before = apiKeySnapshot(key);
    key.revokedAt = ctx.now;
    key.revokedBy = actorRef(ctx, em);
    key.revokedReason = data.reason;
    await recordKeyChange(ctx, em, key, {
      action: "api_key.revoked",
      before,
      after: apiKeySnapshot(key),
      reason: data.reason,
    });
    return key;
  });
}

/**
 * Gives a key a new secret; the old one keeps working for `overlapHours` (0 to 7 days) so its
 * users can switch without an outage, then stops. Name, holder and environment stay.
 */
export async function rotateApiKey(
  ctx: RequestContext,
  input: RotateApiKeyInput,
): Promise<{ key: ApiKey; secret: string }> {
  const data = parseInput(rotateSchema, input);
  return inTransaction(ctx, async (em) => {
    const key = await lockKey(em, data.id);
    if (data.version != null) expectVersion(key.version, data.version);
    if (key.revokedAt) throw new DomainError(ErrorCode.KEY_REVOKED, "A revoked key cannot be rotated.", "id");
    if (key.expiresAt && key.expiresAt <= ctx.now) {
      throw new DomainError(ErrorCode.KEY_EXPIRED, "The key has expired; extend its expiry before rotating.", "id");
    }
    const before = apiKeySnapshot(key);
    const minted = mintSecret(key.environment);
    // A key imported without its digest has no old secret that could keep working.
    key.previousPrefix = key.secretDigest ? key.prefix : null;
    key.previousSecretDigest = key.secretDigest;
    key.previousSecretExpiresAt = key.secretDigest ? new Date(ctx.now.getTime() + data.overlapHours * HOUR_MS) : null;
    key.prefix = minted.prefix;
    key.secretDigest = minted.digest;
    key.rotatedAt = ctx.now;
    await recordKeyChange(ctx, em, key, {
      action: "api_key.rotated",
      before,
      after: { ...apiKeySnapshot(key), overlapHours: data.overlapHours },
    });
    return { key, secret: minted.secret };
  });
}

/** Renames a key or changes its expiry, at the version the caller read. */
export async function updateApiKey(ctx: RequestContext, input: UpdateApiKeyInput): Promise<ApiKey> {
  const data = parseInput(updateSchema, input);
  const expiresAt = resolveExpiry(ctx.now, data.lifespan, data.expiresAt);
  return inTransaction(ctx, async (em) => {
    const key = await lockKey(em, data.id);
    expectVersion(key.version, data.version);
    if (expiresAt !== undefined && key.revokedAt) {
      throw new DomainError(ErrorCode.KEY_REVOKED, "A revoked key's expiry cannot change.", "id");
    }
    const before = apiKeySnapshot(key);
    const renamed = data.name != null && data.name !== key.name;
    const reexpired = expiresAt !== undefined && expiresAt?.getTime() !== key.expiresAt?.getTime();
    if (!renamed && !reexpired) return key;
    if (renamed) key.name = data.name as string;
    if (reexpired) key.expiresAt = expiresAt ?? null;
    recordAudit(ctx, em, {
      action: "api_key.updated",
      subjectType: "ApiKey",
      subjectId: key.id,
      before,
      after: apiKeySnapshot(key),
    });
    if (reexpired) await invalidate(ctx, em, [`key:${key.id}`]);
    return key;
  });
}
