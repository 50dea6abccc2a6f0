import { idempotencyKeyOf } from "./idempotency.js";

/** The columns a leavers file may have; only `email` is required. */
export const LEAVER_COLUMNS = ["email", "default_target", "reason"] as const;

/** One row of a leavers file, or why it cannot be used. */
export interface LeaverRow {
  /** The file's line number (1-based), to report the row by. */
  line: number;
  /** Lower-cased and trimmed; empty when the row could not be read. */
  email: string;
  /** The group email (or user) to hand the leaver's keys to, if the row names one. */
  defaultTarget: string | null;
  /** Why the person leaves, for the audit trail. */
  reason: string | null;
  /** Set when the row is unusable; every other row is still good to process. */
  problem: { code: "MALFORMED_ROW" | "INVALID_EMAIL" | "DUPLICATE_ROW"; message: string } | null;
}

/** A leavers file whose header itself is wrong: nothing in it can be trusted to mean what it says. */
export class LeaversFileError extends Error {
  override readonly name = "LeaversFileError";
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Reads a leavers CSV: one leaver per line, columns `email[,default_target][,reason]`, with or
 * without a header line naming them (in any order). Blank lines and lines starting with `#` are
 * skipped; fields may be quoted (RFC 4180, within one line). A bad row — an unclosed quote, too
 * many fields, a malformed or repeated email — is returned with its `problem` and does not stop
 * the others. Throws {@link LeaversFileError} only for a header with an unknown column.
 */
export function parseLeaversCsv(text: string): LeaverRow[] {
  const rows: LeaverRow[] = [];
  let columns: readonly string[] = LEAVER_COLUMNS;
  let first = true;
  const seen = new Map<string, number>();
  for (const [index, raw] of text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .entries()) {
    const line = index + 1;
    if (raw.trim() === "" || raw.trimStart().startsWith("#")) continue;
    const fields = splitCsvLine(raw);
    if (first) {
      first = false;
      // "email" is no email address, so a first line with a field called that is the header.
      if (fields?.some((field) => field.trim().toLowerCase() === "email")) {
        columns = header(fields);
        continue;
      }
    }
    rows.push(toRow(line, fields, columns, seen));
  }
  return rows;
}

/**
 * The idempotency key of one leaver's offboarding: the same leaver, target, reason and
 * `allowWiderAccess` always give the same key, so running a file again (or retrying a row)
 * replays instead of acting twice. The server binds a key to every parameter it was sent with, so
 * a run with wider access allowed gets keys of its own: rows a first run already offboarded then
 * answer USER_DEPARTED instead of IDEMPOTENCY_KEY_REUSED.
 */
export function leaverIdempotencyKey(
  email: string,
  targetEmail: string | null,
  reason: string | null,
  allowWiderAccess = false,
) {
  const parts = [email.trim().toLowerCase(), targetEmail ?? "", reason ?? ""];
  // Without wider access the key is the one earlier versions derived, so their runs still replay.
  return idempotencyKeyOf("keyholder.offboard.v1", ...parts, ...(allowWiderAccess ? ["allow-wider-access"] : []));
}

function header(fields: string[]): readonly string[] {
  const names = fields.map((f) => f.trim().toLowerCase());
  for (const name of names) {
    if (!(LEAVER_COLUMNS as readonly string[]).includes(name)) {
      throw new LeaversFileError(
        `Unknown column "${name}" in the header; the columns are ${LEAVER_COLUMNS.join(", ")}.`,
      );
    }
  }
  if (new Set(names).size !== names.length) throw new LeaversFileError("A column appears twice in the header.");
  return names;
}

function toRow(line: number, fields: string[] | null, columns: readonly string[], seen: Map<string, number>) {
  const row: LeaverRow = { line, email: "", defaultTarget: null, reason: null, problem: null };
  if (!fields) return { ...row, problem: { code: "MALFORMED_ROW" as const, message: "A quoted field is not closed." } };
  if (fields.length > columns.length) {
    const message = `${fields.length} fields, but the columns are ${columns.join(", ")}.`;
    return { ...row, problem: { code: "MALFORMED_ROW" as const, message } };
  }
  const value = (name: string) => {
    const v = fields[columns.indexOf(name)]?.trim();
    return v ? v : null;
  };
  row.email = value("email")?.toLowerCase() ?? "";
  row.defaultTarget = value("default_target")?.toLowerCase() ?? null;
  row.reason = value("reason");
  if (!EMAIL.test(row.email)) {
    row.problem = { code: "INVALID_EMAIL", message: `"${row.email}" is not an email address.` };
  } else if (row.defaultTarget !== null && !EMAIL.test(row.defaultTarget)) {
    row.problem = { code: "INVALID_EMAIL", message: `default_target "${row.defaultTarget}" is not an email address.` };
  } else if (seen.has(row.email)) {
    row.problem = { code: "DUPLICATE_ROW", message: `${row.email} is already on line ${seen.get(row.email)}.` };
  } else {
    seen.set(row.email, line);
  }
  return row;
}

/** The fields of one CSV line, or null when a quoted field is not closed. */
function splitCsvLine(line: string): string[] | null {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char !== '"') field += char;
      else if (line[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (char === '"' && field.trim() === "" && !wasQuoted) {
      quoted = true;
      wasQuoted = true;
      field = "";
    } else if (char === ",") {
      fields.push(field);
      field = "";
      wasQuoted = false;
    } else field += char;
  }
  if (quoted) return null;
  fields.push(field);
  return fields;
}
