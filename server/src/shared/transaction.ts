import {
  CheckConstraintViolationException,
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
 * Runs one write as one transaction, with the request's audit events inside it. Database
 * refusals a caller can cause become domain errors with stable codes (never the database's
 * own message, which can contain row data); a concurrent update of the same record becomes
 * VERSION_CONFLICT. On any error nothing is written, audit events included.
 */
export async function inTransaction<T>(ctx: RequestContext, work: (em: EntityManager) => Promise<T>): Promise<T> {
  ctx.pendingInvalidations = [];
  try {
    const result = await ctx.em.transactional(work);
    for (const topic of ctx.pendingInvalidations.splice(0)) ctx.hub.publish(topic);
    return result;
  } catch (error) {
    ctx.pendingInvalidations = [];
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
