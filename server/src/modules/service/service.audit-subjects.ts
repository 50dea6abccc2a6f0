import { sql } from "../../shared/sql.js";
import type { AuditSubjectTable } from "../audit/audit-subjects.js";

/** Services as audit subjects: labelled and found by slug. */
export const serviceAuditSubjects: AuditSubjectTable = {
  table: "service",
  labels: "select id::text, slug as label from service where id = any(?::uuid[])",
  named: ({ name }) => [sql`select id from service where slug = ${name}`],
};
