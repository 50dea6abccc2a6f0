/**
 * `pnpm soak [--minutes 30] [--rate 20] [--node-flags=--max-old-space-size=128]`: builds the server, seeds a throwaway database, starts
 * the real server as a child process and sends it a steady mix of reads, writes, verifications,
 * exports and offboardings for the given time. Reports every failure by code and the server's
 * RSS after the warm-up and at the end (medians of a window each). Exits 1 on any error, any operation
 * not sent because the server fell behind, or RSS growth of 10% or more.
 * `--node-flags` go to the server's node (a capped heap tells a leak, which then fails, from a
 * heap that merely has not been collected yet). Not part of CI: it takes as long as it is told to.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { cleanUpOnSignals, runCleanups } from "../bench/cleanup.ts";
import { createBenchDatabase } from "../bench/database.ts";
import { buildServer, migrateDatabase, startKeyholder } from "../bench/keyholder.ts";
import { progress, step } from "../bench/log.ts";
import { provisionOperatorToken } from "../bench/offboard-seed.ts";
import { seed } from "../bench/seed.ts";
import { judge, RSS_GROWTH_LIMIT, type RssSample, rssGrowth } from "./verdict.ts";
import { type Outcome, Workload } from "./workload.ts";

function options() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      minutes: { type: "string", default: "30" },
      rate: { type: "string", default: "20" },
      "node-flags": { type: "string", default: "" },
    },
  });
  const minutes = Number(values.minutes);
  const rate = Number(values.rate);
  if (!(minutes > 0) || !(rate > 0)) throw new Error("--minutes and --rate must be positive numbers");
  const nodeFlags = (values["node-flags"] ?? "").split(" ").filter(Boolean);
  return { minutes, rate, nodeFlags };
}

/** Resident set size of a process in bytes, from /proc. */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
  return kb * 1024;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<number> {
  cleanUpOnSignals();
  const { minutes, rate, nodeFlags } = options();
  await step("build the server", buildServer);
  const db = await step("create a scratch database", createBenchDatabase);
  await step("migrate", () => migrateDatabase(db.url));
  await step("seed 2,000 holders, 100 services, 10,000 keys", () =>
    seed(db.url, { holders: 2000, services: 100, keys: 10_000 }),
  );
  const authorization = await provisionOperatorToken(db.url);
  const server = await step("start the server", () => startKeyholder(db.url, nodeFlags));
  const workload = await Workload.open(server.base, authorization, db.url);

  const durationMs = minutes * 60_000;
  // A busy server's heap grows in a saw-tooth for minutes before it settles (seen: ~410 MB, a
  // collection down to ~210 MB at six minutes, level at 400-430 MB from nine minutes on): a quarter
  // of the run warms up.
  const warmupMs = durationMs / 4;
  // RSS is compared as the median of a window after the warm-up against one at the end.
  // Medians over a quarter each (the second and the last): the saw-tooth averages out, and a leak
  // still shows as the level of the last quarter rising over the second's.
  const windowMs = durationMs / 4;
  const sampleEveryMs = Math.max(200, Math.min(5000, windowMs / 5));
  progress(`soak: ${minutes} min at ${rate} operations/s (warm-up ${Math.round(warmupMs / 1000)} s)`);
  const startedAt = Date.now();
  const rssSamples: RssSample[] = [];
  let lastSample = 0;
  const outcomes: Outcome[] = [];
  const inFlight = new Set<Promise<void>>();
  let skipped = 0;
  let sent = 0;
  const interval = 1000 / rate;
  let next = Date.now();
  let lastReport = Date.now();
  while (Date.now() - startedAt < durationMs) {
    const elapsed = Date.now() - startedAt;
    if (elapsed - lastSample >= sampleEveryMs) {
      lastSample = elapsed;
      rssSamples.push({ atMs: elapsed, rss: rssOf(server.child.pid) });
    }
    if (inFlight.size >= 50) {
      skipped++;
    } else {
      sent++;
      const op = workload.next().then((outcome) => {
        outcomes.push(outcome);
      });
      inFlight.add(op);
      void op.finally(() => inFlight.delete(op));
    }
    if (Date.now() - lastReport >= 30_000) {
      lastReport = Date.now();
      const rss = rssOf(server.child.pid);
      const errors = outcomes.filter((o) => o.error).length;
      progress(`  ${Math.round(elapsed / 1000)} s: ${outcomes.length} done, ${errors} errors, RSS ${mb(rss)}`);
    }
    next += interval;
    const wait = next - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  await Promise.all(inFlight);
  rssSamples.push({ atMs: Date.now() - startedAt, rss: rssOf(server.child.pid) });
  const { start: rssStart, end: rssEnd, growth } = rssGrowth(rssSamples, warmupMs, windowMs);
  const rssMax = Math.max(...rssSamples.map((s) => s.rss));
  await workload.close();

  const byOperation = new Map<string, { ok: number; errors: number }>();
  const errorsByCode = new Map<string, number>();
  for (const o of outcomes) {
    const entry = byOperation.get(o.operation) ?? { ok: 0, errors: 0 };
    if (o.error) {
      entry.errors++;
      const key = `${o.operation}: ${o.error}`;
      errorsByCode.set(key, (errorsByCode.get(key) ?? 0) + 1);
    } else entry.ok++;
    byOperation.set(o.operation, entry);
  }
  const errors = outcomes.filter((o) => o.error).length;
  const verdict = judge({ errors, skipped, growth });
  const lines = [
    "",
    `Soak: ${minutes} min, ${sent} operations sent at ${rate}/s (${skipped} skipped: 50 already in flight)`,
    "",
    "operation        ok   errors",
    ...[...byOperation.entries()]
      .sort()
      .map(([name, e]) => `${name.padEnd(14)} ${String(e.ok).padStart(6)} ${String(e.errors).padStart(8)}`),
    "",
    errors ? "errors by code:" : "errors: none",
    ...[...errorsByCode.entries()].sort().map(([code, n]) => `  ${code}: ${n}`),
    "",
    `RSS after warm-up ${mb(rssStart)}, at the end ${mb(rssEnd)} (medians over ${Math.round(windowMs / 1000)} s; growth ${(growth * 100).toFixed(1)}%, max ${mb(rssMax)})`,
    `verdict: ${verdict.met ? "MET" : `NOT MET: ${verdict.reasons.join("; ")}`} (zero errors, none skipped, RSS growth under ${RSS_GROWTH_LIMIT * 100}%)`,
  ];
  console.log(lines.join("\n"));
  console.log(
    JSON.stringify({
      soak: {
        minutes,
        rate,
        sent,
        skipped,
        done: outcomes.length,
        errors,
        errorsByCode: Object.fromEntries(errorsByCode),
      },
      rss: { start: rssStart, end: rssEnd, max: rssMax, growth },
    }),
  );
  return verdict.met ? 0 : 1;
}

main()
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  )
  .finally(() => runCleanups());
