// Offboards everyone in an HR leavers file with @keyholder/client: a dry run of every row first,
// then the real thing for the rows whose dry run passed. Safe to run again: each row carries an
// idempotency key derived from it, so a row that was done is replayed, not done twice.
//
//   KEYHOLDER_URL=https://keyholder.example.org KEYHOLDER_TOKEN=khp_… \
//     node leavers-feed.ts leavers.csv [--default-target group@example.org] [--dry-run]
//
// Exit code: 0 every row done, 1 some rows failed (the others were still done), 2 usage error.
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import {
  isKeyholderError,
  KeyholderClient,
  type LeaverRow,
  leaverIdempotencyKey,
  type OffboardUserInput,
  parseLeaversCsv,
} from "@keyholder/client";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    "default-target": { type: "string" },
    "dry-run": { type: "boolean", default: false },
    // A team group is often Billing on more services than a leaver's key used: allow that widening.
    "allow-wider-access": { type: "boolean", default: false },
  },
});
const file = positionals[0];
const url = process.env.KEYHOLDER_URL;
const token = process.env.KEYHOLDER_TOKEN;
if (!file || !url || !token) {
  console.error(
    "Usage: KEYHOLDER_URL=… KEYHOLDER_TOKEN=khp_… node leavers-feed.ts <leavers.csv> [--default-target <email>] [--dry-run] [--allow-wider-access]",
  );
  process.exit(2);
}

const keyholder = new KeyholderClient({ url, token });
const rows = parseLeaversCsv(await readFile(file, "utf8"));
let failed = 0;

/** Turns a row into offboardUser's input: the leaver's and the target's ids, and the row's idempotency key. */
async function inputFor(row: LeaverRow): Promise<OffboardUserInput> {
  const leaver = await keyholder.holder(row.email);
  if (leaver?.__typename !== "User") throw new Error(`${row.email} is not a user`);
  const targetEmail = row.defaultTarget ?? values["default-target"]?.toLowerCase() ?? null;
  const target = targetEmail ? await keyholder.holder(targetEmail) : null;
  if (targetEmail && !target) throw new Error(`target ${targetEmail} is not a user or group email`);
  return {
    userId: leaver.id,
    defaultTargetId: target?.id,
    reason: row.reason,
    allowWiderAccess: values["allow-wider-access"] === true,
    idempotencyKey: await leaverIdempotencyKey(
      row.email,
      targetEmail,
      row.reason,
      values["allow-wider-access"] === true,
    ),
  };
}

function fail(row: LeaverRow, error: unknown): void {
  failed++;
  const why = isKeyholderError(error) ? `${error.code}: ${error.message}` : (error as Error).message;
  console.log(`line ${row.line} ${row.email || "?"}: FAILED ${why}`);
}

// 1. Dry run: what would happen to every leaver's keys. Nothing changes.
console.log(`Dry run of ${rows.length} leaver(s):`);
const ready: { row: LeaverRow; input: OffboardUserInput }[] = [];
for (const row of rows) {
  if (row.problem) {
    fail(row, new Error(`${row.problem.code}: ${row.problem.message}`));
    continue;
  }
  try {
    const input = await inputFor(row);
    const plan = await keyholder.offboardUser({ ...input, dryRun: true });
    for (const key of plan.keys) {
      console.log(`  ${plan.email}: ${key.action} ${key.name} (${key.prefix}) -> ${key.toHolderEmail}`);
    }
    ready.push({ row, input });
  } catch (error) {
    if (isKeyholderError(error, "USER_DEPARTED")) console.log(`  ${row.email}: already departed`);
    else fail(row, error);
  }
}

// 2. Apply the rows whose dry run passed. Each is one transaction on the server.
if (!values["dry-run"]) {
  console.log(`Offboarding ${ready.length} leaver(s):`);
  for (const { row, input } of ready) {
    try {
      const done = await keyholder.offboardUser(input);
      const note = done.replayed ? " (done earlier; replayed)" : "";
      console.log(`line ${row.line} ${done.email}: DEPARTED, ${done.keys.length} key(s) moved${note}`);
    } catch (error) {
      fail(row, error);
    }
  }
}

console.log(`${rows.length - failed} ok, ${failed} failed.`);
process.exit(failed > 0 ? 1 : 0);
