import { sql } from "../../shared/sql.js";
import type { AuditSubjectTable } from "../audit/audit-subjects.js";

/** Keys as audit subjects: labelled `name (prefix…)`, found by name, prefix, or both as a label. */
export const keyAuditSubjects: AuditSubjectTable = {
  table: "api_key",
  labels: "select id::text, name || ' (' || prefix || '…)' as label from api_key where id = any(?::uuid[])",
  named: ({ typed, name, label }) => [
    sql`select id from api_key where lower(name) = ${name}`,
    sql`select id from api_key where prefix = ${typed}`,
    ...(label ? [sql`select id from api_key where prefix = ${label.prefix} and lower(name) = ${label.name}`] : []),
  ],
};
