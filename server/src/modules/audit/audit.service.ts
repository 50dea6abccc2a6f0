import type { EntityManager } from "@mikro-orm/postgresql";
import type { PageRequest } from "../../shared/pagination.js";
import type { Principal } from "../../shared/principal.js";
import type { RequestContext } from "../../shared/request-context.js";
import type { AuditEventFilter } from "./audit.filter.js";
import { AuditRepository } from "./audit.repository.js";
import type { AuditEntry as AuditEntryNode } from "./audit-entry.type.js";
import { AuditRecord } from "./audit-record.entity.js";
import type { AuditSubject } from "./audit-subject-type.js";
import type { AuditSubjectTable } from "./audit-subjects.js";

/** One change to record. `before`/`after` are small snapshots that never hold a secret. */
export interface AuditEntry {
  action: string;
  subjectType: AuditSubject;
  subjectId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  reason?: string | null;
  /** Who to record as the actor when it is not the request's principal (e.g. at sign-in). */
  actor?: Principal;
}

/** How an actor is named where Keyholder records who acted: their email, or `anonymous` for none. */
export function actorLabel(principal: Principal | null | undefined): string {
  return principal?.email ?? "anonymous";
}

/** The row an audit entry becomes, attributed to the request's actor (or the entry's own). */
export function auditRow(ctx: RequestContext, entry: AuditEntry) {
  const principal = entry.actor ?? ctx.principal;
  return {
    occurredAt: ctx.now,
    actorId: principal?.userId ?? null,
    actorLabel: actorLabel(principal),
    credentialKind: principal?.credentialKind ?? "SYSTEM",
    credentialId: principal?.credentialId ?? null,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    reason: entry.reason ?? null,
    requestId: ctx.requestId,
  };
}

/**
 * Queues an audit event on the transaction's entity manager, so it is written by the same
 * flush and commit as the change it describes, or not at all.
 */
export function recordAudit(ctx: RequestContext, em: EntityManager, entry: AuditEntry): AuditRecord {
  const event = em.create(AuditRecord, auditRow(ctx, entry));
  em.persist(event);
  return event;
}

/** Writes many audit events in one multi-row INSERT, inside the caller's transaction. */
export async function recordAuditMany(ctx: RequestContext, em: EntityManager, entries: AuditEntry[]): Promise<void> {
  if (entries.length)
    await em.insertMany(
      AuditRecord,
      entries.map((entry) => auditRow(ctx, entry)),
    );
}

/** A page of the audit trail, newest first. */
export function listAuditEvents(
  ctx: RequestContext,
  filter: AuditEventFilter,
  page: PageRequest,
  subjects: readonly AuditSubjectTable[] = [],
) {
  return new AuditRepository(ctx.em, subjects).page(filter, page);
}

/** A page of the trail's stored changes, newest first, a subject set as one entry. */
export function listAuditEntries(
  ctx: RequestContext,
  filter: AuditEventFilter,
  page: PageRequest,
  subjects: readonly AuditSubjectTable[] = [],
) {
  return new AuditRepository(ctx.em, subjects).entries(filter, page);
}

/** A page of one entry's subjects, as events in the order recorded. */
export function listAuditEntrySubjects(
  ctx: RequestContext,
  entry: AuditEntryNode,
  page: PageRequest,
  subject?: string | null,
  subjects: readonly AuditSubjectTable[] = [],
) {
  return new AuditRepository(ctx.em, subjects).entrySubjects(entry, page, subject);
}

/** One stored change by its number (an `AuditEntry.id`), or null. */
export function findAuditEntry(ctx: RequestContext, id: string) {
  return new AuditRepository(ctx.em).entry(id);
}
