import type { EntityManager } from "@mikro-orm/postgresql";
import type { RequestContext } from "../../shared/request-context.js";
import {
  type ImportedKeyRow,
  type ImportedKeyUpdate,
  insertImportedKeys,
  updateImportedKeys,
} from "../api-key/api-key.import.js";
import { AUDIT_SET_COLUMNS, auditActorSql, auditReasonSql, auditSubjectsSql } from "../audit/audit-sql.js";
import type { AuditSubject } from "../audit/audit-subject-type.js";
import type { StoredHolder } from "./import-existing.js";

/** Everything applying an import writes, as rows ready for `jsonb_to_recordset`. */
export interface ImportWrites {
  /** Holders to insert, in the shape they are compared in. */
  holders: StoredHolder[];
  renamedHolders: { id: string; name: string }[];
  services: { id: string; slug: string; name: string }[];
  renamedServices: { id: string; name: string }[];
  memberships: { group_id: string; user_id: string }[];
  collaborators: { id: string; service_id: string; holder_id: string; role: string }[];
  keys: ImportedKeyRow[];
  updatedKeys: ImportedKeyUpdate[];
}

/** Renames the listed rows (`{ id, name }`) of a table that keeps a version, moving it on. */
function renameSql(table: "holder" | "service"): string {
  return `update ${table} t set name = r.name, updated_at = ?, version = t.version + 1
       from jsonb_to_recordset(?::jsonb) as r(id uuid, name text) where t.id = r.id`;
}

/** Rows per statement: bounds a statement's parameter size while keeping their number constant per batch. */
export const IMPORT_BATCH = 25_000;

/** One audit entry of the import: the records changed alike, as one subject set. */
export interface ImportAuditSet {
  action: string;
  subject_type: AuditSubject;
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
  await batched(writes.holders, (rows) =>
    run(
      em,
      `insert into holder (id, kind, email, name, status, departed_at, created_at, updated_at, version)
     select r.id, r.kind, r.email, r.name, r.status, r.departed_at, ?, ?, 1
       from jsonb_to_recordset(?::jsonb) as r(id uuid, kind text, email text, name text, status text, departed_at timestamptz)`,
      [now, now, JSON.stringify(rows)],
    ),
  );
  await batched(writes.renamedHolders, (rows) => run(em, renameSql("holder"), [now, JSON.stringify(rows)]));
  await batched(writes.services, (rows) =>
    run(
      em,
      `insert into service (id, slug, name, created_at, updated_at, version)
     select r.id, r.slug, r.name, ?, ?, 1 from jsonb_to_recordset(?::jsonb) as r(id uuid, slug text, name text)`,
      [now, now, JSON.stringify(rows)],
    ),
  );
  await batched(writes.renamedServices, (rows) => run(em, renameSql("service"), [now, JSON.stringify(rows)]));
  await batched(writes.memberships, (rows) =>
    run(
      em,
      `insert into group_membership (group_id, user_id, created_at)
     select r.group_id, r.user_id, ? from jsonb_to_recordset(?::jsonb) as r(group_id uuid, user_id uuid)`,
      [now, JSON.stringify(rows)],
    ),
  );
  await batched(writes.collaborators, (rows) =>
    run(
      em,
      `insert into collaborator (id, service_id, holder_id, role, created_at)
     select r.id, r.service_id, r.holder_id, r.role, ? from jsonb_to_recordset(?::jsonb) as r(id uuid, service_id uuid, holder_id uuid, role text)`,
      [now, JSON.stringify(rows)],
    ),
  );
  await batched(writes.keys, (rows) => insertImportedKeys(em, rows, now));
  await batched(writes.updatedKeys, (rows) => updateImportedKeys(em, rows, now));
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

/** Runs one statement, for `batched`. */
async function run(em: EntityManager, text: string, params: unknown[]): Promise<void> {
  await em.execute(text, params);
}

/** Writes `rows` in batches of IMPORT_BATCH, one statement per batch. */
async function batched<T>(rows: T[], write: (batch: T[]) => Promise<void>): Promise<void> {
  for (let start = 0; start < rows.length; start += IMPORT_BATCH) await write(rows.slice(start, start + IMPORT_BATCH));
}
