import type { RequestContext } from "../../shared/request-context.js";
import { auditRow } from "./audit.service.js";

/**
 * The columns of a set-based audit write, `insert into audit_event (AUDIT_COLUMNS) select …`, whose
 * SELECT lists `auditActorSql`, then action, subject type, subject id, before and after, then
 * `auditReasonSql`. It writes the same rows `recordAuditMany` would, built by PostgreSQL from rows
 * it already has (a write's `RETURNING`), so no row travels to the server and back.
 */
export const AUDIT_COLUMNS =
  "occurred_at, actor_id, actor_label, credential_kind, credential_id, action, subject_type, subject_id, before, after, reason, request_id";

/**
 * `AUDIT_COLUMNS` with `subject_ids` after `subject_id`: for a write that changes many subjects
 * alike, whose SELECT lists `auditSubjectsSql` in place of the subject id.
 */
export const AUDIT_SET_COLUMNS =
  "occurred_at, actor_id, actor_label, credential_kind, credential_id, action, subject_type, subject_id, subject_ids, before, after, reason, request_id";

/**
 * The `subject_id, subject_ids` of `AUDIT_SET_COLUMNS` for the subjects `ids` (a uuid[] SQL
 * expression, in order) changed alike: one subject is stored as a row about it, more as a set.
 */
export function auditSubjectsSql(ids: string): string {
  return `case when cardinality(${ids}) = 1 then (${ids})[1]::text end, case when cardinality(${ids}) > 1 then ${ids} end`;
}

/** Placeholders and values for the actor columns (the first five of `AUDIT_COLUMNS`). */
export function auditActorSql(ctx: RequestContext): { sql: string; params: unknown[] } {
  const row = auditRow(ctx, { action: "", subjectType: "User", subjectId: "" });
  return {
    sql: "?::timestamptz, ?::uuid, ?::text, ?::text, ?::uuid",
    params: [row.occurredAt, row.actorId, row.actorLabel, row.credentialKind, row.credentialId],
  };
}

/** Placeholders and values for the last two columns of `AUDIT_COLUMNS`: the reason and the request id. */
export function auditReasonSql(ctx: RequestContext, reason: string | null): { sql: string; params: unknown[] } {
  return { sql: "?::text, ?::text", params: [reason ?? null, ctx.requestId] };
}
