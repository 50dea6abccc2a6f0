import type { TestDatabase } from "./database.js";

/** One audit event with the API's field names: a stored row, or one subject of a row's subject set. */
export interface AuditRow {
  id: string;
  occurredAt: Date;
  action: string;
  subjectType: string;
  subjectId: string;
  actorId: string | null;
  actorLabel: string;
  credentialKind: string;
  credentialId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string | null;
  requestId: string | null;
}

/**
 * Every audit event, oldest first; read with SQL so the API is not trusted. A row recorded for a
 * set of subjects is one event per subject, with the id `<row id>.<position>`.
 */
export async function auditRows(db: TestDatabase): Promise<AuditRow[]> {
  const rows = await db.em().execute<Record<string, unknown>[]>(
    `select a.id::text || case when a.subject_ids is null then '' else '.' || s.n end as id, occurred_at, action,
            subject_type, coalesce(a.subject_id, s.subject::text) as subject_id, actor_id, actor_label, credential_kind,
            credential_id, before, after, reason, request_id
       from audit_event a, unnest(coalesce(a.subject_ids, array[null::uuid])) with ordinality as s(subject, n)
      order by a.id, s.n`,
  );
  return rows.map((row) => ({
    id: row.id as string,
    occurredAt: new Date(row.occurred_at as string),
    action: row.action as string,
    subjectType: row.subject_type as string,
    subjectId: row.subject_id as string,
    actorId: row.actor_id as string | null,
    actorLabel: row.actor_label as string,
    credentialKind: row.credential_kind as string,
    credentialId: row.credential_id as string | null,
    before: row.before as Record<string, unknown> | null,
    after: row.after as Record<string, unknown> | null,
    reason: row.reason as string | null,
    requestId: row.request_id as string | null,
  }));
}

/** How many audit rows contain `text` anywhere (any column, JSON included). */
export async function auditRowsContaining(db: TestDatabase, text: string): Promise<number> {
  const rows = await db
    .em()
    .execute<{ n: string }[]>("select count(*)::text as n from audit_event a where strpos(a::text, ?) > 0", [text]);
  return Number(rows[0]?.n);
}

/** The id of the only access token of a user (the test accounts have one each). */
export async function tokenIdOf(db: TestDatabase, userId: string): Promise<string> {
  const rows = await db.em().execute<{ id: string }[]>("select id from access_token where user_id = ?", [userId]);
  if (rows.length !== 1) throw new Error(`expected one token for ${userId}, found ${rows.length}`);
  return rows[0]?.id as string;
}
