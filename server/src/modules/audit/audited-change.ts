import type { EntityClass, FilterQuery, RequiredEntityData } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { DomainError } from "../../shared/errors.js";
import type { RequestContext } from "../../shared/request-context.js";
import { expectVersion, inTransaction } from "../../shared/transaction.js";
import { recordAudit } from "./audit.service.js";
import type { AuditSubject } from "./audit-subject-type.js";

/** A kind of versioned record whose changes are audited: how to find, name and snapshot one. */
export interface AuditedKind<T extends { id: string; version: number }> {
  entity: EntityClass<T>;
  subjectType: AuditSubject;
  /** The refusal when an id names no such record. */
  notFound: () => DomainError;
  /** What the audit trail keeps of a record, before and after a change. */
  snapshot(record: T): Record<string, unknown>;
}

/**
 * Creates a record with its `action` event in one transaction; `then` runs inside it, before the
 * event is recorded (e.g. to invalidate what caches the new record changes).
 */
export function createAudited<T extends { id: string; version: number }>(
  ctx: RequestContext,
  kind: AuditedKind<T>,
  action: string,
  data: RequiredEntityData<T>,
  then?: (em: EntityManager, record: T) => Promise<void>,
): Promise<T> {
  return inTransaction(ctx, async (em) => {
    const record = em.create(kind.entity, data);
    await then?.(em, record);
    recordAudit(ctx, em, { action, subjectType: kind.subjectType, subjectId: record.id, after: kind.snapshot(record) });
    return record;
  });
}

/**
 * Changes the record `target.id` at the version the caller read, in one transaction with its
 * `action` event holding the snapshots before and after: `notFound` when there is none,
 * VERSION_CONFLICT when the version is stale. When `change` answers false it changed nothing,
 * and nothing is recorded.
 */
export function changeAudited<T extends { id: string; version: number }>(
  ctx: RequestContext,
  kind: AuditedKind<T>,
  action: string,
  target: { id: string; version: number; reason?: string | null },
  change: (record: T, em: EntityManager) => Promise<unknown>,
): Promise<T> {
  return inTransaction(ctx, async (em) => {
    const record = await em.findOne(kind.entity, { id: target.id } as FilterQuery<T>);
    if (!record) throw kind.notFound();
    expectVersion(record.version, target.version);
    const before = kind.snapshot(record);
    if ((await change(record, em)) === false) return record;
    recordAudit(ctx, em, {
      action,
      subjectType: kind.subjectType,
      subjectId: record.id,
      before,
      after: kind.snapshot(record),
      ...(target.reason !== undefined ? { reason: target.reason } : {}),
    });
    return record;
  });
}
