import type { graphql } from "./graphql.js";

/** A kind of row in an inventory file, from the schema. */
export type ImportKind = ReturnType<typeof graphql.scalar<"ImportKind">>;

/**
 * CSV file names (lower-cased, without `.csv`) and the kind of rows each holds, as docs/import.md says:
 * the console's file picker and `pnpm keyholder import` read files by this one rule.
 */
const CSV_KINDS: Record<string, ImportKind> = {
  users: "USER",
  "group-emails": "GROUP_EMAIL",
  group_emails: "GROUP_EMAIL",
  groupemails: "GROUP_EMAIL",
  services: "SERVICE",
  collaborators: "COLLABORATOR",
  keys: "KEY",
};

/** A file picked or named for an import, read as text; `name` may be a path (its last segment names the kind). */
export interface PickedFile {
  name: string;
  text: string;
}

/** What the mutation takes: a JSON bundle or CSV files by kind. */
export type ImportFiles = { json: string } | { csv: { kind: ImportKind; content: string }[] };

/**
 * The import input for the files picked: one `.json` bundle, or `.csv` files named after their
 * kind. Returns a sentence saying what is wrong otherwise.
 */
export function importFilesOf(files: PickedFile[]): ImportFiles | string {
  if (files.length === 0) return "Choose a JSON bundle or CSV files.";
  const json = files.filter((f) => f.name.toLowerCase().endsWith(".json"));
  if (json.length) {
    if (files.length > 1) return "Choose one JSON bundle, or CSV files — not both.";
    return { json: (json[0] as PickedFile).text };
  }
  const csv: { kind: ImportKind; content: string }[] = [];
  for (const file of files) {
    const lower = (file.name.split(/[\\/]/).pop() ?? "").toLowerCase();
    const kind = lower.endsWith(".csv") ? CSV_KINDS[lower.slice(0, -4)] : undefined;
    if (!kind)
      return `“${file.name}” is not named after its kind: users.csv, group-emails.csv, services.csv, collaborators.csv or keys.csv.`;
    if (csv.some((c) => c.kind === kind)) return `Two files hold ${kind} rows; choose one per kind.`;
    csv.push({ kind, content: file.text });
  }
  return { csv };
}
