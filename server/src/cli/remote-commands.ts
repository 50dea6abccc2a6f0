import { createWriteStream } from "node:fs";
import { readFile, rename, rm } from "node:fs/promises";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  isKeyholderError,
  KeyholderClient,
  type KeyholderError,
  type LeaverRow,
  LeaversFileError,
  leaverIdempotencyKey,
  type OffboardingResult,
  parseLeaversCsv,
} from "@keyholder/client";
import type { Command } from "./command.js";
import { importInventory } from "./import-command.js";

// Commands that run against a Keyholder server over its API, from any machine: they read
// KEYHOLDER_URL and KEYHOLDER_TOKEN and never touch a database. Exit codes: 0 everything
// done, 1 something failed (per row for a file), 2 a usage or setup error.

const OK = 0;
const FAILED = 1;
const USAGE = 2;

const REMOTE_ENV = "Needs KEYHOLDER_URL (e.g. https://keyholder.example.org) and KEYHOLDER_TOKEN (khp_…).";

/** The API client from KEYHOLDER_URL and KEYHOLDER_TOKEN, or the message saying what is missing. */
function remoteClient(env: NodeJS.ProcessEnv = process.env): KeyholderClient | string {
  const url = env.KEYHOLDER_URL?.trim();
  const token = env.KEYHOLDER_TOKEN?.trim();
  if (!url || !token) return `${!url ? "KEYHOLDER_URL" : "KEYHOLDER_TOKEN"} is not set. ${REMOTE_ENV}`;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
    return `KEYHOLDER_URL "${url}" is not an http(s) URL.`;
  return new KeyholderClient({ url, token });
}

/** Errors that would fail every further request too: stop instead of reporting each row. */
/**
 * Whether no later row can go better: Keyholder cannot be reached or does not know the token.
 * A refusal of one row, FORBIDDEN included (the role may not offboard, or this is the last
 * ADMIN), is reported on that row like any other failure.
 */
function isFatal(error: KeyholderError): boolean {
  return (
    error.source === "network" ||
    error.source === "http" ||
    (error.source === "api" && error.code === "UNAUTHENTICATED")
  );
}

/** Every issue of a refusal once, each with its field: the row's line already names the first code. */
function issuesText(error: KeyholderError): string {
  return error.issues
    .map(
      (issue, i) =>
        `${i > 0 && issue.code !== error.code ? `${issue.code}: ` : ""}${issue.field ? `${issue.field}: ` : ""}${issue.message}`,
    )
    .join(" ");
}

function describe(error: KeyholderError): string {
  return `${error.message}${error.requestId ? ` (request ${error.requestId})` : ""}`;
}

export const keysList: Command = {
  name: "keys:list",
  summary: "Remote: list a holder's keys and where each works.",
  options: {
    holder: { type: "string", description: "The user's or group email's address.", required: true },
    json: { type: "boolean", description: "One JSON object per key instead of a table." },
  },
  async run({ options, out }) {
    const client = remoteClient();
    if (typeof client === "string") return usage(out, client);
    const email = String(options.holder);
    try {
      const first = await client.holderKeys(email, { first: 0 });
      if (!first) {
        out(`HOLDER_NOT_FOUND: no user or group email is ${email}.`);
        return FAILED;
      }
      const status = first.__typename === "User" ? `, ${first.status}` : "";
      if (!options.json) out(`${first.email} (${first.__typename}${status}): ${first.keys.totalCount} key(s)`);
      const rows: string[][] = [["NAME", "ENVIRONMENT", "STATUS", "PREFIX", "WORKS ON", "EXPIRES"]];
      for await (const key of client.eachHolderKey(email)) {
        const worksOn = key.worksOn.map((s) => s.slug);
        if (options.json) out(JSON.stringify({ holder: first.email, ...key, worksOn }));
        else {
          const expires = key.expiresAt?.slice(0, 10) ?? "never";
          rows.push([key.name, key.environment, key.status, key.prefix, worksOn.join(";") || "-", expires]);
        }
      }
      if (!options.json && rows.length > 1) for (const line of table(rows)) out(line);
      return OK;
    } catch (error) {
      if (!isKeyholderError(error)) throw error;
      out(describe(error));
      return FAILED;
    }
  },
};

export const offboardCsv: Command = {
  name: "offboard:csv",
  summary: "Remote: offboard the leavers in a CSV file (email[,default_target][,reason]); a dry run unless --apply.",
  options: {
    file: { type: "string", description: "The leavers file.", required: true },
    apply: { type: "boolean", description: "Really offboard (default: dry run, nothing changes)." },
    "default-target": {
      type: "string",
      description: "Group email that takes the keys of rows without a default_target.",
    },
    json: { type: "boolean", description: "One JSON object per row instead of text lines." },
    "allow-wider-access": {
      type: "boolean",
      description:
        "Let keys work on more services than before: a moved key whose target is Billing on more services, or the target's own keys gaining the Billing roles carried over.",
    },
  },
  async run({ options, out }) {
    const client = remoteClient();
    if (typeof client === "string") return usage(out, client);
    let rows: LeaverRow[];
    try {
      rows = parseLeaversCsv(await readFile(String(options.file), "utf8"));
    } catch (error) {
      if (error instanceof LeaversFileError) return usage(out, `${options.file}: ${error.message}`);
      return usage(out, `Cannot read ${options.file}: ${(error as Error).message}`);
    }
    const apply = options.apply === true;
    const fallbackTarget = typeof options["default-target"] === "string" ? options["default-target"] : null;
    const report = new RowReport(out, options.json === true, apply);
    if (!options.json)
      out(apply ? "APPLY: offboarding for real." : "DRY RUN: nothing will change; run again with --apply to offboard.");
    const holderIds = new Map<string, string | null>();
    const holderId = async (email: string) => {
      if (!holderIds.has(email)) holderIds.set(email, (await client.holder(email))?.id ?? null);
      return holderIds.get(email) ?? null;
    };
    for (const row of rows) {
      if (row.problem) {
        report.failed(row, row.problem.code, row.problem.message);
        continue;
      }
      const target = row.defaultTarget ?? fallbackTarget?.trim().toLowerCase() ?? null;
      try {
        const leaver = await client.holder(row.email);
        if (leaver?.__typename !== "User") {
          report.failed(row, "USER_NOT_FOUND", leaver ? "is a group email, not a user." : "no user has this email.");
          continue;
        }
        const targetId = target ? await holderId(target) : null;
        if (target && !targetId) {
          report.failed(row, "HOLDER_NOT_FOUND", `default target ${target} is not a user or group email.`);
          continue;
        }
        const result = await client.offboardUser({
          userId: leaver.id,
          defaultTargetId: targetId,
          reason: row.reason,
          dryRun: !apply,
          allowWiderAccess: options["allow-wider-access"] === true,
          idempotencyKey: await leaverIdempotencyKey(
            row.email,
            target,
            row.reason,
            options["allow-wider-access"] === true,
          ),
        });
        report.done(row, result);
      } catch (error) {
        if (!isKeyholderError(error)) throw error;
        if (error.code === "USER_DEPARTED") report.alreadyDeparted(row);
        else if (isFatal(error)) {
          out(`Stopped at line ${row.line}: ${describe(error)}`);
          report.summary();
          return FAILED;
        } else report.failed(row, error.code, issuesText(error));
      }
    }
    report.summary();
    return report.failures > 0 ? FAILED : OK;
  },
};

export const exportKeys: Command = {
  name: "export:keys",
  summary: "Remote: download the ownership list (every key, its holder and where it works) as CSV.",
  options: {
    out: {
      type: "string",
      description: "The CSV file to write (replaced only once the download is complete).",
      required: true,
    },
  },
  async run({ options, out }) {
    const client = remoteClient();
    if (typeof client === "string") return usage(out, client);
    const file = String(options.out);
    const partial = `${file}.partial`;
    let lines = 0;
    let quoted = false;
    // Counts records (line breaks outside quoted fields) as the bytes go by, without buffering.
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        for (const byte of chunk) {
          if (byte === 0x22) quoted = !quoted;
          else if (byte === 0x0a && !quoted) lines++;
        }
        done(null, chunk);
      },
    });
    try {
      const csv = await client.exportKeysCsv();
      await pipeline(Readable.fromWeb(csv), counter, createWriteStream(partial));
      await rename(partial, file);
    } catch (error) {
      await rm(partial, { force: true });
      if (!isKeyholderError(error)) {
        out(`Could not write ${file}: ${(error as Error).message}`);
        return FAILED;
      }
      out(describe(error));
      return FAILED;
    }
    out(`Wrote ${Math.max(lines - 1, 0)} keys to ${file}.`);
    return OK;
  },
};

export const remoteCommands: Command[] = [keysList, offboardCsv, exportKeys, importInventory];

function usage(out: (line: string) => void, message: string): number {
  out(message);
  return USAGE;
}

/** Columns padded to their widest cell. */
function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd(),
  );
}

/** Reports each row of a leavers file as it is done, then a summary a script can rely on. */
class RowReport {
  ok = 0;
  failures = 0;

  constructor(
    private readonly out: (line: string) => void,
    private readonly json: boolean,
    private readonly apply: boolean,
  ) {}

  done(row: LeaverRow, result: OffboardingResult) {
    this.ok++;
    const reassigned = result.keys.filter((k) => k.action === "REASSIGN").length;
    const revoked = result.keys.length - reassigned;
    const targets = [...new Set(result.keys.map((k) => k.toHolderEmail))].join(", ") || "nobody";
    const verb = result.dryRun ? "would move" : result.replayed ? "already offboarded by this row: moved" : "moved";
    const text =
      `${verb} ${result.keys.length} key(s) to ${targets} (${reassigned} reassigned, ${revoked} revoked), ` +
      `${result.collaborationsRemoved.length} role(s) removed, ${result.groupsLeft.length} group(s) left`;
    this.line(row, "ok", text, { dryRun: result.dryRun, replayed: result.replayed, offboarding: result });
  }

  alreadyDeparted(row: LeaverRow) {
    this.ok++;
    this.line(row, "ok", "already departed; nothing to do.", { alreadyDeparted: true });
  }

  failed(row: LeaverRow, code: string, message: string) {
    this.failures++;
    this.line(row, "failed", `${code}: ${message}`, { code, message });
  }

  summary() {
    const total = this.ok + this.failures;
    const mode = this.apply ? "applied" : "dry run: nothing changed";
    if (this.json)
      this.out(JSON.stringify({ summary: true, rows: total, ok: this.ok, failed: this.failures, apply: this.apply }));
    else this.out(`${total} row(s): ${this.ok} ok, ${this.failures} failed (${mode}).`);
  }

  private line(row: LeaverRow, status: "ok" | "failed", text: string, detail: Record<string, unknown>) {
    if (this.json) this.out(JSON.stringify({ line: row.line, email: row.email, status, ...detail }));
    else this.out(`line ${row.line}: ${status.padEnd(6)} ${row.email || "(no email)"}: ${text}`);
  }
}
