import {
  CheckConstraintViolationException,
  DeadlockException,
  ForeignKeyConstraintViolationException,
  OptimisticLockError,
  UniqueConstraintViolationException,
} from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import { DomainError, ErrorCode } from "./errors.js";
import type { RequestContext } from "./request-context.js";

/** Unique constraints a caller can run into, and what to tell them. */
const UNIQUE_CONFLICTS: Record<string, { code: ErrorCode; field: string; message: string }> = {
  holder_email_key: { code: ErrorCode.EMAIL_TAKEN, field: "email", message: "That email address is already in use." },
  service_slug_key: { code: ErrorCode.SLUG_TAKEN, field: "slug", message: "That slug is already in use." },
  collaborator_service_holder_role_key: {
    code: ErrorCode.COLLABORATOR_EXISTS,
    field: "role",
    message: "The holder already has that role on the service.",
  },
  group_membership_pkey: { code: ErrorCode.ALREADY_MEMBER, field: "userId", message: "The user is already a member." },
};

function constraintOf(error: unknown): string | undefined {
  return (error as { constraint?: string }).constraint;
}

/**
 * How often a write is tried when PostgreSQL aborts it as the victim of a deadlock (`40P01`) or
 * a serialization failure (`40001`). Such an abort rolls back everything, so running the write
 * again is safe; one lock order everywhere (docs/architecture.md) makes it rare.
 */
export const SERIALIZATION_ATTEMPTS = 4;

/** A deadlock or serialization failure: the transaction was rolled back and may simply run again. */
function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return error instanceof DeadlockException || code === "40P01" || code === "40001";
}

/**
 * Runs one write as one transaction, with the request's audit events inside it. Database
 * refusals a caller can cause become domain errors with stable codes (never the database's
 * own message, which can contain row data); a concurrent update of the same record becomes
 * VERSION_CONFLICT. A deadlock or serialization failure runs `work` again in a fresh
 * transaction (with an empty identity map), up to `SERIALIZATION_ATTEMPTS` times, and then
 * answers VERSION_CONFLICT. On any error nothing is written, audit events included.
 */
export async function inTransaction<T>(ctx: RequestContext, work: (em: EntityManager) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runOnce(ctx, work, attempt > 1);
    } catch (error) {
      if (!isRetryable(error)) throw error;
      const code = (error as { code?: unknown }).code;
      if (attempt >= SERIALIZATION_ATTEMPTS) {
        ctx.log.warn({ code, attempt }, "transaction kept failing on deadlocks or serialization failures");
        throw new DomainError(
          ErrorCode.VERSION_CONFLICT,
          "The records kept being changed by someone else at the same time; nothing was changed. Try again.",
        );
      }
      ctx.log.info({ code, attempt }, "transaction rolled back by a deadlock or serialization failure; retrying");
      // A little jitter, so the two sides of a deadlock do not meet again in the same order.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}

async function runOnce<T>(ctx: RequestContext, work: (em: EntityManager) => Promise<T>, clear: boolean): Promise<T> {
  ctx.pendingInvalidations = [];
  try {
    const result = await ctx.em.transactional(work, { clear });
    for (const topic of ctx.pendingInvalidations.splice(0)) ctx.hub.publish(topic);
    // What the request's loaders read before this write may be stale now: a later mutation of the
    // same request, or this one's payload, loads afresh.
    ctx.loaders.clear();
    return result;
  } catch (error) {
    ctx.pendingInvalidations = [];
    if (isRetryable(error)) throw error;
    if (error instanceof DomainError) throw error;
    if (error instanceof OptimisticLockError) {
      throw new DomainError(
        ErrorCode.VERSION_CONFLICT,
        "The record was changed by someone else; reload and retry.",
        "version",
      );
    }
    if (error instanceof UniqueConstraintViolationException) {
      const conflict = UNIQUE_CONFLICTS[constraintOf(error) ?? ""];
      if (conflict) throw new DomainError(conflict.code, conflict.message, conflict.field);
    }
    if (error instanceof ForeignKeyConstraintViolationException) {
      throw new DomainError(ErrorCode.NOT_FOUND, "A record this change refers to no longer exists.");
    }
    if (error instanceof CheckConstraintViolationException) {
      ctx.log.warn({ constraint: constraintOf(error) }, "input passed validation but failed a database check");
      throw new DomainError(ErrorCode.BAD_USER_INPUT, "The change breaks a rule of the data model.");
    }
    throw error;
  }
}

/** Checks the version a caller read against the record's current one. */
export function expectVersion(current: number, expected: number): void {
  if (current !== expected) {
    throw new DomainError(
      ErrorCode.VERSION_CONFLICT,
      `The record is at version ${current}, not ${expected}; reload and retry.`,
      "version",
    );
  }
}
