/**
 * `node bench/export-probe.ts seed <database> <keys>` seeds the scale scenario's registry into a
 * database it creates and keeps; `node bench/export-probe.ts measure <database> [downloads]`
 * starts the built server on it and downloads the CSV export of every key, printing the time to
 * the last byte and the server's RSS before and at its peak (as `pnpm bench scale` measures
 * them), with the CPU the server and the database's backends spent on it. With
 * `KH_PROBE_NODE_FLAGS="--expose-gc --import <abs path>/bench/memory-report.ts"` the server's
 * memory is split (heap, garbage, external) at start, after `KH_PROBE_PLANS` offboarding plans
 * and after each download. For iterating on the export without reseeding; `KH_PROBE_DIST` picks
 * another server build.
 */
import { Agent } from "node:http";
import { resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { provisionAccessToken } from "./auth.ts";
import { cleanUpOnSignals, runCleanups } from "./cleanup.ts";
import { jsonPoster } from "./http-client.ts";
import { migrateDatabase, startKeyholder } from "./keyholder.ts";
import { progress, step } from "./log.ts";
import { machineLoad } from "./machine.ts";
import { processCpuMicros } from "./proc-cpu.ts";
import { exportOnce, rssMb } from "./scale-extras.ts";
import { seedScaleExtras } from "./scale-seed.ts";
import { seed } from "./seed.ts";

const ADMIN_URL = process.env.KH_BENCH_ADMIN_URL || "postgres://postgres@127.0.0.1:5432/postgres";

function urlOf(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function seedInto(database: string, keys: number): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${database}`);
  } finally {
    await admin.end();
  }
  const url = urlOf(database);
  await step("migrations", () => migrateDatabase(url));
  const size = { keys, holders: Math.max(keys / 10, 10), services: Math.max(keys / 100, 10) };
  await step(`seeding ${keys} keys`, () => seed(url, size));
  await step("scale extras", () => seedScaleExtras(url, size.services));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await step("vacuum analyze", () => client.query("vacuum analyze").then(() => undefined));
  } finally {
    await client.end();
  }
}

/** CPU seconds of the server and of the database's backends (other than `admin`'s) so far. */
async function cpuOf(admin: pg.Client, database: string, pid: number): Promise<{ server: number; db: number }> {
  const { rows } = await admin.query<{ pid: number }>(
    "select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
    [database],
  );
  const db = rows.reduce((sum, r) => sum + (processCpuMicros(r.pid) ?? 0), 0);
  return { server: (processCpuMicros(pid) ?? 0) / 1e6, db: db / 1e6 };
}

/** Asks bench/memory-report.ts, loaded into the server, for its memory line (on the server's stderr, printed at the end). */
async function memoryOf(pid: number): Promise<void> {
  process.kill(pid, "SIGUSR2");
  await sleep(500);
}

async function measure(database: string, downloads: number): Promise<void> {
  const url = urlOf(database);
  // The previous measurement's token holder, so that this one can be provisioned.
  const cleanup = new pg.Client({ connectionString: url });
  await cleanup.connect();
  await cleanup.query(`delete from access_token where user_id in (select id from holder where email = 'bench-viewer@keyholder.invalid');
    delete from holder where email = 'bench-viewer@keyholder.invalid'`);
  await cleanup.end();
  const authorization = await provisionAccessToken(url);
  if (!authorization) throw new Error("no access tokens in this schema");
  const flags = (process.env.KH_PROBE_NODE_FLAGS ?? "").split(" ").filter(Boolean);
  const server = await startKeyholder(
    url,
    flags,
    process.env.KH_PROBE_DIST ?? resolve(import.meta.dirname, "../../server/dist"),
  );
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const pid = server.child.pid;
  const report = flags.some((f) => f.includes("memory-report"));
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    progress(`load ${machineLoad().loadAverage.toFixed(2)}, RSS at start ${rssMb(pid).toFixed(1)} MB`);
    if (report) await memoryOf(pid);
    // KH_PROBE_PLANS=n: first read the leaver's offboarding plan n times, as `pnpm bench scale`
    // does (18 times) before its export, to see what that leaves in the server's memory.
    const plans = Number(process.env.KH_PROBE_PLANS ?? 0);
    if (plans) {
      const { rows } = await admin.query<{ id: string }>(
        "select id::text from holder where email = 'leaver@bench.gov.example'",
      );
      const api = jsonPoster(server.url, { authorization });
      const body = Buffer.from(
        JSON.stringify({
          query: `query Plan($id: ID!) { offboardingPlan(userId: $id) { finished wouldBreak lastActiveMemberOf
            collaborations { service { id slug } role soleBilling }
            keys { keyId name environment prefix active suggestedHolderId suggestion } } }`,
          variables: { id: rows[0]?.id },
        }),
      );
      for (let i = 0; i < plans; i++) {
        const res = await api.post(body);
        if (res.status !== 200 || !res.body.includes('"suggestion"')) throw new Error(`plan answered ${res.status}`);
      }
      api.close();
      progress(`after ${plans} offboarding plans: RSS ${rssMb(pid).toFixed(1)} MB`);
      if (report) await memoryOf(pid);
    }
    for (let i = 0; i < downloads; i++) {
      const before = rssMb(pid);
      const cpu0 = await cpuOf(admin, database, pid);
      const r = await exportOnce(agent, new URL("/v1/exports/keys.csv", server.base), authorization, pid);
      const cpu1 = await cpuOf(admin, database, pid);
      progress(
        `export ${i + 1}: ${r.lines - 1} keys, ${(r.bytes / 1e6).toFixed(1)} MB in ${(r.ms / 1000).toFixed(1)} s ` +
          `(${((r.ms * 1000) / (r.lines - 1)).toFixed(1)} µs/key), RSS ${before.toFixed(1)} → peak ${r.peakMb.toFixed(1)} MB ` +
          `(+${(r.peakMb - before).toFixed(1)}), CPU server ${(cpu1.server - cpu0.server).toFixed(1)} s, ` +
          `database ${(cpu1.db - cpu0.db).toFixed(1)} s, load ${machineLoad().loadAverage.toFixed(2)}`,
      );
      if (report) await memoryOf(pid);
    }
  } finally {
    agent.destroy();
    await admin.end();
    if (report) progress(server.child.output());
    await server.child.stop();
  }
}

async function main(): Promise<void> {
  const [command, database, count] = process.argv.slice(2);
  if (!database || !/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error("usage: seed|measure <database> [n]");
  if (command === "seed") await seedInto(database, Number(count ?? 1_000_000));
  else if (command === "measure") await measure(database, Number(count ?? 2));
  else throw new Error("usage: seed|measure <database> [n]");
}

cleanUpOnSignals();
main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => runCleanups());
