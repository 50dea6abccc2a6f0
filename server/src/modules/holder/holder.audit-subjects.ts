import { sql } from "../../shared/sql.js";
import type { AuditSubjectTable } from "../audit/audit-subjects.js";

/** Holders (users and group emails) as audit subjects: labelled and found by email. */
export const holderAuditSubjects: AuditSubjectTable = {
  table: "holder",
  labels: "select id::text, email as label from holder where id = any(?::uuid[])",
  named: ({ name }) => [sql`select id from holder where email = ${name}`],
};
