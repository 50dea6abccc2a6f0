import { DomainError, ErrorCode } from "../../shared/errors.js";
import { hasUnstorableCharacters } from "../../shared/text.js";
import { readCsv } from "./import-csv.js";
import { ImportKind, KIND_FORMATS } from "./import-kind.js";

/** One row as read from a file, before validation: its kind, its number and its fields. */
export interface RawRow {
  kind: ImportKind;
  /** JSON: position in its array, from 1. CSV: the line the record starts on (the header is line 1). */
  row: number;
  data: unknown;
  /** Set when the record could not be read as a row at all. */
  problem?: { code: ErrorCode; message: string };
}

/** One CSV file of one kind. */
export interface CsvFile {
  kind: ImportKind;
  content: string;
}

/** At most this many rows per import, all kinds together. */
export const MAX_IMPORT_ROWS = 500_000;

const fileError = (message: string, field: string) => new DomainError(ErrorCode.INVALID_FILE, message, field);

/**
 * The rows of a JSON bundle: an object with any of the arrays `users`, `groupEmails`,
 * `services`, `collaborators` and `keys`. Anything else at the top level is refused.
 */
export function rowsOfBundle(json: string): RawRow[] {
  let bundle: unknown;
  try {
    bundle = JSON.parse(json);
  } catch {
    throw fileError("The file is not valid JSON.", "json");
  }
  if (typeof bundle !== "object" || bundle === null || Array.isArray(bundle))
    throw fileError(
      "The JSON bundle must be an object with arrays users, groupEmails, services, collaborators, keys.",
      "json",
    );
  const keys = new Map(Object.values(ImportKind).map((kind) => [KIND_FORMATS[kind].bundleKey, kind]));
  const rows: RawRow[] = [];
  for (const [name, value] of Object.entries(bundle)) {
    const kind = keys.get(name);
    if (!kind) throw fileError(`Unknown array "${safe(name)}" in the JSON bundle.`, "json");
    if (!Array.isArray(value)) throw fileError(`"${name}" must be an array.`, "json");
    // Counted before any row is made: a bundle of millions of tiny rows must not fill the heap.
    limit(rows.length + value.length);
    for (const [i, data] of value.entries()) rows.push({ kind, row: i + 1, data });
    limit(rows.length);
  }
  return rows;
}

/**
 * The rows of CSV files, one kind per file, each with a header line naming its columns (in any
 * order; every column but the required ones may be left out). Empty cells are absent values;
 * a group email's `members` are separated by `;`.
 */
export function rowsOfCsv(files: CsvFile[]): RawRow[] {
  const rows: RawRow[] = [];
  const seen = new Set<ImportKind>();
  files.forEach((file, f) => {
    const field = `csv.${f}`;
    if (seen.has(file.kind)) throw fileError(`Two CSV files of kind ${file.kind}; send one per kind.`, field);
    seen.add(file.kind);
    // The header, the rows still allowed, and one more to notice that there are too many.
    const records = readCsv(file.content, MAX_IMPORT_ROWS - rows.length + 1);
    if (!records) throw fileError("A quoted field is not closed.", field);
    const [header, ...body] = records;
    if (!header) return;
    limit(rows.length + body.length);
    const columns = header.fields.map((c) => c.trim());
    const known = KIND_FORMATS[file.kind].columns;
    for (const column of columns) {
      if (!known.includes(column))
        throw fileError(`Unknown column "${safe(column)}" for ${file.kind}; expected ${known.join(", ")}.`, field);
    }
    if (new Set(columns).size !== columns.length) throw fileError("A column is named twice in the header.", field);
    for (const record of body) {
      if (record.fields.length !== columns.length) {
        const message = `has ${record.fields.length} fields; the header names ${columns.length}.`;
        rows.push({
          kind: file.kind,
          row: record.line,
          data: null,
          problem: { code: ErrorCode.INVALID_FILE, message },
        });
        continue;
      }
      const data: Record<string, unknown> = {};
      columns.forEach((column, i) => {
        const value = record.fields[i] ?? "";
        if (value === "") return;
        data[column] =
          column === "members"
            ? value
                .split(";")
                .map((m) => m.trim())
                .filter(Boolean)
            : value;
      });
      rows.push({ kind: file.kind, row: record.line, data });
    }
    limit(rows.length);
  });
  return rows;
}

function limit(count: number): void {
  if (count > MAX_IMPORT_ROWS)
    throw new DomainError(ErrorCode.TOO_MANY_ROWS, `An import holds at most ${MAX_IMPORT_ROWS} rows; split the file.`);
}

/** A name from the file, safe to echo in a message. */
function safe(text: string): string {
  return hasUnstorableCharacters(text) ? "(unreadable)" : text.slice(0, 64);
}
