import { createHash } from "node:crypto";
import { UniqueConstraintViolationException } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import { z } from "zod";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import { parseId } from "../../shared/ids.js";
import { invalidate, type Topic } from "../../shared/invalidation.js";
import type { RequestContext } from "../../shared/request-context.js";
import { inTransaction } from "../../shared/transaction.js";
import { e, parseInput, text } from "../../shared/validation.js";
import { AUDIT_SET_COLUMNS, auditActorSql, auditReasonSql, auditSubjectsSql } from "../audit/audit-sql.js";
import { AUDIT_SUBJECTS } from "../audit/audit-subject-type.js";
import { KeyRevocationRecord } from "./key-revocation-record.entity.js";

export const MAX_BULK_KEYS = 10_000;

/** Beyond this many keys one `all` invalidation is cheaper than one per key. */
const KEY_TOPICS_MAX = 1_000;

const schema = z.object({
  ids: z
    .array(z.string())
    .min(1, { error: e(ErrorCode.REQUIRED, "must name at least one key") })
    .max(MAX_BULK_KEYS, { error: e(ErrorCode.OUT_OF_RANGE, `may name at most ${MAX_BULK_KEYS} keys`) }),
  reason: text(1000),
  idempotencyKey: z
    .string()
    .min(8, { error: e(ErrorCode.OUT_OF_RANGE, "must be 8 to 200 characters") })
    .max(200, { error: e(ErrorCode.OUT_OF_RANGE, "must be 8 to 200 characters") })
    .nullish(),
});

/** What a bulk revocation did. */
export interface BulkRevocation {
  /** Keys this call revoked, by id. */
  revokedIds: string[];
  /** Keys named that were revoked already, left as they were. */
  alreadyRevokedIds: string[];
  /** An earlier call under the same idempotency key did the work; this is its result. */
  replayed: boolean;
}

/**
 * Revokes many keys with one reason, in one transaction, all or nothing: an unknown id changes
 * nothing (KEY_NOT_FOUND). Keys revoked already are left as they were and reported. One
 * `api_key.revoked` audit event covers the keys it revoked, as a subject set. Under an
 * `idempotencyKey` the same request twice acts once and answers the first result; the same key
 * with other keys or another reason is IDEMPOTENCY_KEY_REUSED.
 */
export async function revokeApiKeys(
  ctx: RequestContext,
  input: { ids: string[]; reason: string; idempotencyKey?: string | null },
): Promise<BulkRevocation> {
  const data = parseInput(schema, input);
  const ids = [...new Set(data.ids.map((id) => parseId(id, "ids")))].sort();
  const request = createHash("sha256")
    .update(JSON.stringify([ids, data.reason]))
    .digest("hex");
  const key = data.idempotencyKey ?? null;
  if (key) {
    const done = await doneUnder(ctx.em, key, request);
    if (done) return done;
  }
  try {
    return await inTransaction(ctx, async (em) => {
      const result = await revoke(ctx, em, ids, data.reason);
      if (key) {
        await em.execute(
          "insert into key_revocation_record (idempotency_key, request, result) values (?, ?, ?::jsonb)",
          [key, request, JSON.stringify(result)],
        );
      }
      return result;
    });
  } catch (error) {
    // A concurrent call under the same key committed first: answer its result.
    if (key && error instanceof UniqueConstraintViolationException) {
      const done = await doneUnder(ctx.em, key, request);
      if (done) return done;
    }
    throw error;
  }
}

async function doneUnder(em: EntityManager, key: string, request: string): Promise<BulkRevocation | null> {
  const record = await em.findOne(KeyRevocationRecord, { idempotencyKey: key }, { disableIdentityMap: true });
  if (!record) return null;
  if (record.request !== request) {
    throw new DomainError(
      ErrorCode.IDEMPOTENCY_KEY_REUSED,
      "That idempotency key was used for another revocation.",
      "idempotencyKey",
    );
  }
  return { ...(record.result as unknown as BulkRevocation), replayed: true };
}

async function revoke(ctx: RequestContext, em: EntityManager, ids: string[], reason: string): Promise<BulkRevocation> {
  const idArray = `{${ids.join(",")}}`;
  // The key rows alone, in id order, as every key change locks them (docs/architecture.md).
  const locked = await em.execute<{ id: string; revoked: boolean }[]>(
    "select id, revoked_at is not null as revoked from api_key where id = any(?::uuid[]) order by id for update",
    [idArray],
  );
  if (locked.length !== ids.length) {
    const found = new Set(locked.map((r) => r.id));
    const unknown = ids.filter((id) => !found.has(id));
    throw new DomainError(ErrorCode.KEY_NOT_FOUND, `No such API key: ${unknown.slice(0, 5).join(", ")}.`, "ids");
  }
  const alreadyRevokedIds = locked.filter((r) => r.revoked).map((r) => r.id);
  const revokedIds = locked.filter((r) => !r.revoked).map((r) => r.id);
  if (!revokedIds.length) return { revokedIds, alreadyRevokedIds, replayed: false };
  const revokedArray = `{${revokedIds.join(",")}}`;
  await em.execute(
    `update api_key set revoked_at = ?, revoked_reason = ?, revoked_by_id = ?, version = version + 1, updated_at = ?
      where id = any(?::uuid[])`,
    [ctx.now, reason, ctx.principal?.userId ?? null, ctx.now, revokedArray],
  );
  const actor = auditActorSql(ctx);
  const why = auditReasonSql(ctx, reason);
  await em.execute(
    `insert into audit_event (${AUDIT_SET_COLUMNS})
     select ${actor.sql}, 'api_key.revoked', '${AUDIT_SUBJECTS.API_KEY}', ${auditSubjectsSql("x.ids")}, ?::jsonb, ?::jsonb, ${why.sql}
       from (select ?::uuid[] as ids) x`,
    [
      ...actor.params,
      JSON.stringify({ revokedAt: null, revokedReason: null }),
      JSON.stringify({ revokedAt: ctx.now.toISOString(), revokedReason: reason }),
      ...why.params,
      revokedArray,
    ],
  );
  const topics: Topic[] = revokedIds.length > KEY_TOPICS_MAX ? ["all"] : revokedIds.map((id): Topic => `key:${id}`);
  await invalidate(ctx, em, topics);
  return { revokedIds, alreadyRevokedIds, replayed: false };
}
