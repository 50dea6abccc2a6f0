import type { Sql } from "../../shared/sql.js";

/** What a reader typed to find a subject, as `subjectsNamedSql` reads it. */
export interface TypedSubject {
  /** The text, trimmed, without a trailing ellipsis. */
  typed: string;
  /** The same, lower-cased. */
  name: string;
  /** A label `name (prefix…)`, when the text has that shape. */
  label: { name: string; prefix: string } | null;
}

/**
 * What the module owning a table of audit subjects tells the audit log about it, so the log names
 * and finds subjects without knowing other modules' tables: the table (its `id` is a uuid, unique
 * across subject tables), how its rows are labelled, and how typed text names them. The audit-log
 * module, above every owner, hands the list to the repository (`modules/audit-log/subject-tables.ts`).
 */
export interface AuditSubjectTable {
  table: string;
  /** SQL: `select id::text, <label> as label from <table> where id = any(?::uuid[])`, one parameter. */
  labels: string;
  /** SQL statements `select id from <table> where …`, each looked up by an index; none for no match. */
  named(text: TypedSubject): Sql[];
}
