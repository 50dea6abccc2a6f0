import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import {
  type ImportInventoryInput,
  type ImportResult,
  type ImportRowResult,
  importFilesOf,
  isKeyholderError,
  KeyholderClient,
} from "@keyholder/client";
import type { Command } from "./command.js";

// `pnpm keyholder import`: sends an inventory file to a Keyholder server (KEYHOLDER_URL,
// KEYHOLDER_TOKEN) and prints each row's outcome. Exit codes: 0 every row fine (and written,
// with --apply), 1 some row refused or the server refused the file, 2 a usage or setup error.

/**
 * The API input for `--file`: a JSON bundle, or CSV files named by kind (comma-separated, or a folder
 * of them), by the console's own rule (`importFilesOf`).
 */
export async function inventoryInput(file: string): Promise<ImportInventoryInput | string> {
  const paths: string[] = [];
  for (const path of file
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    if ((await stat(path)).isDirectory()) {
      for (const name of (await readdir(path)).sort()) if (/\.(csv|json)$/i.test(name)) paths.push(join(path, name));
    } else paths.push(path);
  }
  if (!paths.length) return `${file}: no .json or .csv file to import.`;
  return importFilesOf(await Promise.all(paths.map(async (name) => ({ name, text: await readFile(name, "utf8") }))));
}

export const importInventory: Command = {
  name: "import",
  summary:
    "Remote: import an inventory (inventory.json, or users.csv,group-emails.csv,services.csv,collaborators.csv,keys.csv or their folder); a dry run unless --apply.",
  options: {
    file: {
      type: "string",
      description: "The JSON bundle, or CSV files (comma-separated) or a folder of them.",
      required: true,
    },
    apply: { type: "boolean", description: "Write the rows, all or nothing (default: dry run, nothing changes)." },
    json: { type: "boolean", description: "One JSON object per row, then a summary object, instead of text lines." },
    quiet: { type: "boolean", description: "Print only refused rows and the summary." },
  },
  async run({ options, out }) {
    const url = process.env.KEYHOLDER_URL?.trim();
    const token = process.env.KEYHOLDER_TOKEN?.trim();
    if (!url || !token) {
      out(`${!url ? "KEYHOLDER_URL" : "KEYHOLDER_TOKEN"} is not set. Needs KEYHOLDER_URL and KEYHOLDER_TOKEN (khp_…).`);
      return 2;
    }
    let input: ImportInventoryInput | string;
    try {
      input = await inventoryInput(String(options.file));
    } catch (error) {
      input = `Cannot read ${options.file}: ${(error as Error).message}`;
    }
    if (typeof input === "string") {
      out(input);
      return 2;
    }
    const apply = options.apply === true;
    // An import of many rows takes a while on the server; the default 30 s is for single records.
    const client = new KeyholderClient({ url, token, timeoutMs: 10 * 60_000 });
    let result: ImportResult;
    try {
      result = await client.importInventory({ ...input, apply });
    } catch (error) {
      if (!isKeyholderError(error)) throw error;
      out(
        `${error.code}: ${error.field ? `${error.field}: ` : ""}${error.message}${error.requestId ? ` (request ${error.requestId})` : ""}`,
      );
      return 1;
    }
    report(result, apply, options.json === true, options.quiet === true, out);
    return result.refused > 0 ? 1 : 0;
  },
};

function report(result: ImportResult, apply: boolean, json: boolean, quiet: boolean, out: (line: string) => void) {
  for (const row of result.rows) {
    if (quiet && row.outcome !== "REFUSED") continue;
    if (json) out(JSON.stringify(row));
    else out(line(row));
  }
  const totals = result.counts.map(
    (c) => `${c.kind}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.refused} refused`,
  );
  const mode = result.applied
    ? "applied"
    : apply
      ? "NOT applied: a row was refused, so nothing was written"
      : "dry run: nothing changed; run again with --apply to write";
  if (json)
    out(JSON.stringify({ summary: true, applied: result.applied, refused: result.refused, counts: result.counts }));
  else {
    for (const total of totals) out(total);
    out(`${result.rows.length} row(s), ${result.refused} refused (${mode}).`);
  }
}

function line(row: ImportRowResult): string {
  const where = `${row.kind} row ${row.row}`;
  const what = row.reference ?? "";
  if (row.outcome !== "REFUSED") return `${where}: ${row.outcome.toLowerCase().padEnd(9)} ${what}`;
  return `${where}: refused   ${what}: ${row.code}${row.field ? ` (${row.field})` : ""}: ${row.message}`;
}
