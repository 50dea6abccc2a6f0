import { z } from "zod";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import type { RequestContext } from "../../shared/request-context.js";
import { expectVersion, inTransaction } from "../../shared/transaction.js";
import { parseInput, reason, text, version } from "../../shared/validation.js";
import type { ApiKey } from "./api-key.entity.js";
import { lockKey, recordKeyChange } from "./api-key.write.js";

const suspendSchema = z.object({ id: z.string(), reason: text(1000), version: version.nullish() });
const resumeSchema = z.object({ id: z.string(), reason, version: version.nullish() });
const endOverlapSchema = z.object({ id: z.string(), version: version.nullish() });

/** What the audit trail keeps of a key's suspension. */
const suspension = (key: ApiKey) => ({
  name: key.name,
  prefix: key.prefix,
  holder: key.holder.email ?? null,
  suspendedAt: key.suspendedAt?.toISOString() ?? null,
  suspendedReason: key.suspendedReason,
});

/**
 * Suspends a key: verification refuses it (SUSPENDED) on every instance from the commit on, until
 * it is resumed. Nothing else changes: a safer first step than revoking a key nobody can name the
 * user of. Suspending a suspended key changes nothing; a revoked key cannot be suspended.
 */
export async function suspendApiKey(
  ctx: RequestContext,
  input: { id: string; reason: string; version?: number | null },
): Promise<ApiKey> {
  return setSuspended(ctx, parseInput(suspendSchema, input), true);
}

/**
 * Resumes a suspended key: it works again wherever the two-hop rule says. A key not suspended is
 * left as is; a revoked key cannot be resumed (KEY_REVOKED).
 */
export async function resumeApiKey(
  ctx: RequestContext,
  input: { id: string; reason?: string | null; version?: number | null },
): Promise<ApiKey> {
  const data = parseInput(resumeSchema, input);
  return setSuspended(ctx, { ...data, reason: data.reason ?? null }, false);
}

/**
 * Suspends (`suspended`) or resumes a key, audited with the suspension before and after. A key
 * already so is left as is; a revoked key is KEY_REVOKED either way: resuming it would record a
 * resumption of a key that stays refused for good.
 */
function setSuspended(
  ctx: RequestContext,
  data: { id: string; reason: string | null; version?: number | null },
  suspended: boolean,
): Promise<ApiKey> {
  return inTransaction(ctx, async (em) => {
    const key = await lockKey(em, data.id);
    if (data.version != null) expectVersion(key.version, data.version);
    if (key.revokedAt) {
      const change = suspended ? "suspended" : "resumed";
      throw new DomainError(ErrorCode.KEY_REVOKED, `A revoked key cannot be ${change}.`, "id");
    }
    if (Boolean(key.suspendedAt) === suspended) return key;
    const before = suspension(key);
    key.suspendedAt = suspended ? ctx.now : null;
    key.suspendedReason = suspended ? data.reason : null;
    await recordKeyChange(ctx, em, key, {
      action: suspended ? "api_key.suspended" : "api_key.resumed",
      before,
      after: suspension(key),
      reason: data.reason,
    });
    return key;
  });
}

/**
 * Ends a rotation's overlap now: the secret the last rotation replaced stops working at once
 * (verification answers EXPIRED for it), the current secret and the key stay as they are. Without
 * an overlap still running it is NO_ROTATION_OVERLAP.
 */
export async function endApiKeyOverlap(
  ctx: RequestContext,
  input: { id: string; version?: number | null },
): Promise<ApiKey> {
  const data = parseInput(endOverlapSchema, input);
  return inTransaction(ctx, async (em) => {
    const key = await lockKey(em, data.id);
    if (data.version != null) expectVersion(key.version, data.version);
    // A revoked key's secrets, old and new, are refused already: there is nothing to end.
    if (key.revokedAt) throw new DomainError(ErrorCode.KEY_REVOKED, "The key is revoked: no secret of it works.", "id");
    if (!key.previousSecretExpiresAt || key.previousSecretExpiresAt.getTime() <= ctx.now.getTime()) {
      throw new DomainError(
        ErrorCode.NO_ROTATION_OVERLAP,
        "The key's previous secret has already stopped working; there is no overlap to end.",
        "id",
      );
    }
    const overlap = () => ({
      name: key.name,
      prefix: key.prefix,
      previousPrefix: key.previousPrefix,
      previousSecretExpiresAt: key.previousSecretExpiresAt?.toISOString() ?? null,
    });
    const before = overlap();
    key.previousSecretExpiresAt = ctx.now;
    await recordKeyChange(ctx, em, key, {
      action: "api_key.overlap_ended",
      before,
      after: overlap(),
    });
    return key;
  });
}
