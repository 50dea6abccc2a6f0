import type { TestDatabase } from "./database.js";

/** One audit_event row as stored, with the API's field names. */
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

/** Every audit event in the table, oldest first; read with SQL so the API is not trusted. */
export async function auditRows(db: TestDatabase): Promise<AuditRow[]> {
  const rows = await db.em().execute<Record<string, unknown>[]>(
    `select id::text, occurred_at, action, subject_type, subject_id, actor_id, actor_label, credential_kind,
            credential_id, before, after, reason, request_id
       from audit_event order by audit_event.id`,
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
