import { sql } from "../../shared/sql.js";
import type { AuditSubjectTable } from "../audit/audit-subjects.js";

/** Access tokens as audit subjects: labelled `name (prefix…)`, found by prefix, or name and prefix as a label. */
export const tokenAuditSubjects: AuditSubjectTable = {
  table: "access_token",
  labels: "select id::text, name || ' (' || prefix || '…)' as label from access_token where id = any(?::uuid[])",
  named: ({ typed, label }) => [
    sql`select id from access_token where prefix = ${typed}`,
    ...(label ? [sql`select id from access_token where prefix = ${label.prefix} and lower(name) = ${label.name}`] : []),
  ],
};
