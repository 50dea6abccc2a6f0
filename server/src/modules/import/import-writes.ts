import type { EntityManager } from "@mikro-orm/postgresql";
import type { RequestContext } from "../../shared/request-context.js";
import { AUDIT_SET_COLUMNS, auditActorSql, auditReasonSql, auditSubjectsSql } from "../audit/audit-sql.js";

/** Everything applying an import writes, as rows ready for `jsonb_to_recordset`. */
export interface ImportWrites {
  holders: {
    id: string;
    kind: "USER" | "GROUP";
    email: string;
    name: string;
    status: string | null;
    departed_at: Date | null;
  }[];
  renamedHolders: { id: string; name: string }[];
  services: { id: string; slug: string; name: string }[];
  renamedServices: { id: string; name: string }[];
  memberships: { group_id: string; user_id: string }[];
  collaborators: { id: string; service_id: string; holder_id: string; role: string }[];
  keys: {
    id: string;
    name: string;
    environment: string;
    holder_id: string;
    prefix: string;
    secret_digest: string | null;
    created_at: Date;
    expires_at: Date | null;
    last_used_at: Date | null;
  }[];
  updatedKeys: { id: string; name: string; expires_at: Date | null; last_used_at: Date | null }[];
}

/** Rows per statement: bounds a statement's parameter size while keeping their number constant per batch. */
export const IMPORT_BATCH = 25_000;

/** One audit entry of the import: the records changed alike, as one subject set. */
export interface ImportAuditSet {
  action: string;
  subject_type: string;
  ids: string[];
  after: Record<string, unknown>;
}

/**
 * Writes an import with one multi-row statement per kind of change and batch (`INSERT … SELECT
 * FROM jsonb_to_recordset`, `UPDATE … FROM jsonb_to_recordset`), then its audit sets in one
 * INSERT. Order follows the references: holders, services, memberships, roles, keys.
 */
export async function writeImport(
  ctx: RequestContext,
  em: EntityManager,
  writes: ImportWrites,
  audit: ImportAuditSet[],
  reason: string,
): Promise<void> {
  const now = ctx.now;
  await batched(em, writes.holders, (rows) => [
    `insert into holder (id, kind, email, name, status, departed_at, created_at, updated_at, version)
     select r.id, r.kind, r.email, r.name, r.status, r.departed_at, ?, ?, 1
       from jsonb_to_recordset(?::jsonb) as r(id uuid, kind text, email text, name text, status text, departed_at timestamptz)`,
    [now, now, rows],
  ]);
  await batched(em, writes.renamedHolders, (rows) => [
    `update holder h set name = r.name, updated_at = ?, version = h.version + 1
       from jsonb_to_recordset(?::jsonb) as r(id uuid, name text) where h.id = r.id`,
    [now, rows],
  ]);
  await batched(em, writes.services, (rows) => [
    `insert into service (id, slug, name, created_at, updated_at, version)
     select r.id, r.slug, r.name, ?, ?, 1 from jsonb_to_recordset(?::jsonb) as r(id uuid, slug text, name text)`,
    [now, now, rows],
  ]);
  await batched(em, writes.renamedServices, (rows) => [
    `update service s set name = r.name, updated_at = ?, version = s.version + 1
       from jsonb_to_recordset(?::jsonb) as r(id uuid, name text) where s.id = r.id`,
    [now, rows],
  ]);
  await batched(em, writes.memberships, (rows) => [
    `insert into group_membership (group_id, user_id, created_at)
     select r.group_id, r.user_id, ? from jsonb_to_recordset(?::jsonb) as r(group_id uuid, user_id uuid)`,
    [now, rows],
  ]);
  await batched(em, writes.collaborators, (rows) => [
    `insert into collaborator (id, service_id, holder_id, role, created_at)
     select r.id, r.service_id, r.holder_id, r.role, ? from jsonb_to_recordset(?::jsonb) as r(id uuid, service_id uuid, holder_id uuid, role text)`,
    [now, rows],
  ]);
  await batched(em, writes.keys, (rows) => [
    `insert into api_key (id, name, environment, holder_id, prefix, secret_digest, created_at, expires_at, last_used_at, updated_at, imported_at, version)
     select r.id, r.name, r.environment, r.holder_id, r.prefix, r.secret_digest, r.created_at, r.expires_at, r.last_used_at, ?, ?, 1
       from jsonb_to_recordset(?::jsonb) as r(id uuid, name text, environment text, holder_id uuid, prefix text,
            secret_digest text, created_at timestamptz, expires_at timestamptz, last_used_at timestamptz)`,
    [now, now, rows],
  ]);
  await batched(em, writes.updatedKeys, (rows) => [
    `update api_key k set name = r.name, expires_at = r.expires_at,
            last_used_at = greatest(k.last_used_at, r.last_used_at), updated_at = ?, version = k.version + 1
       from jsonb_to_recordset(?::jsonb) as r(id uuid, name text, expires_at timestamptz, last_used_at timestamptz)
      where k.id = r.id`,
    [now, rows],
  ]);
  if (!audit.length) return;
  const actor = auditActorSql(ctx);
  const why = auditReasonSql(ctx, reason);
  await em.execute(
    `insert into audit_event (${AUDIT_SET_COLUMNS})
     select ${actor.sql}, e.action, e.subject_type, ${auditSubjectsSql("e.ids")}, null, e.after, ${why.sql}
       from rows from (jsonb_to_recordset(?::jsonb) as (action text, subject_type text, ids uuid[], after jsonb))
            with ordinality as e(action, subject_type, ids, after, n)
      order by e.n`,
    [...actor.params, ...why.params, JSON.stringify(audit)],
  );
}

async function batched<T>(
  em: EntityManager,
  rows: T[],
  statement: (json: string) => [string, unknown[]],
): Promise<void> {
  for (let start = 0; start < rows.length; start += IMPORT_BATCH) {
    const [text, params] = statement(JSON.stringify(rows.slice(start, start + IMPORT_BATCH)));
    await em.execute(text, params);
  }
}
