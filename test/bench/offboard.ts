import { performance } from "node:perf_hooks";
import { isDeepStrictEqual } from "node:util";
import pg from "pg";
import { onCleanup } from "./cleanup.ts";
import { type BenchDatabase } from "./database.ts";
import { startDbCpuProbe } from "./db-cpu.ts";
import { type JsonPoster, jsonPoster } from "./http-client.ts";
import { type RunningServer, startKeyholder } from "./keyholder.ts";
import { progress, step } from "./log.ts";
import { describeMachine, machineLoad } from "./machine.ts";
import { statementCount } from "./measure.ts";
import {
  formatOffboardJson,
  formatOffboardReport,
  type OffboardOutcome,
  type OffboardSample,
  type OffboardSeries,
  offboardVerdict,
} from "./offboard-report.ts";
import {
  type Leaver,
  OFFBOARD_SERVICES,
  type OffboardFixture,
  provisionOperatorToken,
  seedOffboardFixture,
  TARGET_BILLING,
} from "./offboard-seed.ts";
import { seededBenchDatabase } from "./prepare.ts";
import { processCpuMicros } from "./proc-cpu.ts";
import { summariseCpuProfiles } from "./profile-summary.ts";
import type { Scenario, ScenarioOptions } from "./scenario.ts";
import { type SeedSize } from "./seed.ts";

/** Background data, so the statements run against tables of a realistic shape. */
const BACKGROUND_SIZE: SeedSize = { holders: 2_000, services: 200, keys: 20_000 };
/** Keys per measured leaver (the number), and per small leaver (the statement-count check). */
const KEYS = 10_000;
const SMALL_KEYS = 1_000;
/**
 * An offboarding that takes longer than this is reported as failed (and the rounds stop), so a
 * pathological server cannot hold the run past its few minutes.
 */
const OFFBOARD_TIMEOUT_MS = 45_000;
/** The baseline's PostgreSQL application name, so its backend's CPU can be told apart. */
const BASELINE_APPLICATION = "kh-bench-offboard-baseline";

const OFFBOARD_MUTATION =
  "mutation Offboard($input: OffboardUserInput!) { offboardUser(input: $input) { " +
  "errors { code field message } " +
  "offboarding { userId email dryRun replayed keys { keyId action toHolderEmail } " +
  "billingAdded { holderEmail services { slug } } collaborationsRemoved { service { slug } role } groupsLeft sessionsEnded tokensRevoked } } }";

/** The raw baseline: what moving the keys costs PostgreSQL with nothing around it. */
const BASELINE_UPDATE =
  "update api_key set holder_id = $1, version = version + 1, updated_at = now() where holder_id = $2";

interface OffboardAnswer {
  data?: {
    offboardUser?: {
      errors: { code: string; field: string | null; message: string }[];
      offboarding: {
        userId: string;
        keys: { keyId: string; action: string; toHolderEmail: string }[];
        billingAdded: { holderEmail: string; services: { slug: string }[] }[];
        collaborationsRemoved: { service: { slug: string } | null; role: string }[];
        groupsLeft: string[];
      } | null;
    };
  };
  errors?: { message: string }[];
}

/** What the scenario needs to offboard through the API and time the baseline. */
export interface Bench {
  db: BenchDatabase;
  keyholder: RunningServer;
  api: JsonPoster;
  raw: pg.Client;
}

/** An offboarding that failed, timed out or crashed the server: reported, not thrown out of the run. */
class OffboardFailure extends Error {}

/** Set on Ctrl-C (run.ts cleans up and exits; this only keeps a half-run from being reported). */
let interrupted = false;
function watchInterrupts(): void {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      interrupted = true;
    });
  }
}

/**
 * Connects the API client (with the token) and the baseline's raw pg client; both are closed at
 * cleanup too (before the database is dropped), so Ctrl-C leaves nothing open.
 */
export async function openBench(db: BenchDatabase, keyholder: RunningServer, authorization: string): Promise<Bench> {
  const raw = new pg.Client({ connectionString: db.url, application_name: BASELINE_APPLICATION });
  // A dropped database ends the connection: that must not crash the run while it cleans up.
  raw.on("error", (error) => progress(`  baseline connection: ${error.message}`));
  await raw.connect();
  const bench: Bench = { db, keyholder, api: jsonPoster(keyholder.url, { authorization }), raw };
  onCleanup(() => closeBench(bench));
  return bench;
}

const closed = new WeakSet<Bench>();

/** Closes the clients of `openBench` (once). */
export async function closeBench(bench: Bench): Promise<void> {
  if (closed.has(bench)) return;
  closed.add(bench);
  bench.api.close();
  await bench.raw.end();
}

/** POSTs a GraphQL request and returns the parsed answer, failing on transport or GraphQL errors. */
async function graphql<T>(api: JsonPoster, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await api.post(Buffer.from(JSON.stringify({ query, variables })));
  const answer = JSON.parse(res.body) as { data?: T; errors?: { message: string }[] };
  if (res.status !== 200 || answer.errors?.length || !answer.data) {
    throw new Error(`GraphQL request failed (${res.status}): ${res.body.slice(0, 500)}`);
  }
  return answer.data;
}

/** Offboards one leaver through the API (keys to their target group), timing it and its CPU. */
async function offboardViaApi(bench: Bench, leaver: Leaver): Promise<OffboardSample> {
  const body = Buffer.from(
    JSON.stringify({
      query: OFFBOARD_MUTATION,
      variables: {
        input: { userId: leaver.userId, defaultTargetId: leaver.targetId, reason: "pnpm bench offboard" },
      },
    }),
  );
  const probe = bench.db.local ? await startDbCpuProbe(bench.db.admin, bench.db.name, "keyholder") : null;
  const cpuBefore = processCpuMicros(bench.keyholder.child.pid);
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer after ${OFFBOARD_TIMEOUT_MS / 1000} s`)), OFFBOARD_TIMEOUT_MS);
  });
  const res = await Promise.race([bench.api.post(body), timeout])
    .catch((error: unknown) => {
      const output = bench.keyholder.child.output();
      const oom = /heap out of memory/.test(output) ? " (the server ran out of JavaScript heap and crashed)" : "";
      throw new OffboardFailure(
        `offboardUser of ${leaver.email} (${leaver.keys} keys) failed: ${(error as Error).message}${oom}`,
      );
    })
    .finally(() => clearTimeout(timer));
  const ms = performance.now() - t0;
  const cpuAfter = processCpuMicros(bench.keyholder.child.pid);
  const dbCpuUs = probe ? await probe.elapsed() : null;

  const answer = JSON.parse(res.body) as OffboardAnswer;
  const payload = answer.data?.offboardUser;
  if (res.status !== 200 || answer.errors?.length || !payload?.offboarding || payload.errors.length) {
    throw new OffboardFailure(`offboardUser of ${leaver.email} failed (${res.status}): ${res.body.slice(0, 800)}`);
  }
  const result = payload.offboarding;
  if (result.keys.length !== leaver.keys || result.keys.some((k) => k.toHolderEmail !== leaver.targetEmail)) {
    throw new Error(`offboardUser of ${leaver.email} moved ${result.keys.length} keys, not ${leaver.keys}`);
  }
  const added = result.billingAdded.flatMap((b) => b.services).length;
  if (added !== OFFBOARD_SERVICES - TARGET_BILLING) {
    throw new Error(`offboardUser added ${added} Billing collaborations, not ${OFFBOARD_SERVICES - TARGET_BILLING}`);
  }
  return {
    ms,
    serverCpuUs: cpuBefore == null || cpuAfter == null ? null : cpuAfter - cpuBefore,
    dbCpuUs,
    statements: statementCount(res, "sql"),
    authStatements: statementCount(res, "auth"),
    keys: result.keys.length,
    bytes: res.body.length,
  };
}

/** The baseline: `begin; update …; commit` of the leaver's keys to their target, timed from here. */
async function moveViaRawUpdate(bench: Bench, leaver: Leaver): Promise<OffboardSample> {
  const probe = bench.db.local ? await startDbCpuProbe(bench.db.admin, bench.db.name, BASELINE_APPLICATION) : null;
  const t0 = performance.now();
  await bench.raw.query("begin");
  const updated = await bench.raw.query(BASELINE_UPDATE, [leaver.targetId, leaver.userId]);
  await bench.raw.query("commit");
  const ms = performance.now() - t0;
  const dbCpuUs = probe ? await probe.elapsed() : null;
  if (updated.rowCount !== leaver.keys) {
    throw new Error(`the raw UPDATE moved ${updated.rowCount} keys of ${leaver.email}, not ${leaver.keys}`);
  }
  // One statement, like server-timing counts (it leaves out begin and commit too).
  return { ms, serverCpuUs: null, dbCpuUs, statements: 1, authStatements: null, keys: leaver.keys, bytes: 0 };
}

const KEY_QUERY = "query Key($id: ID!) { apiKey(id: $id) { id holder { id email } worksOn { slug } } }";
const USER_QUERY = "query User($id: ID!) { user(id: $id) { status keys(first: 1) { nodes { id } } } }";

interface KeyAnswer {
  apiKey: { id: string; holder: { id: string; email: string }; worksOn: { slug: string }[] } | null;
}

/** Where a sample of the leaver's active keys works, as the API says (called before offboarding). */
async function sampleKeys(bench: Bench, leaver: Leaver): Promise<Map<string, string[]>> {
  const { rows } = await bench.raw.query<{ id: string }>(
    `select id from api_key where holder_id = $1 and revoked_at is null and (expires_at is null or expires_at > now())
     order by id limit 3`,
    [leaver.userId],
  );
  const before = new Map<string, string[]>();
  for (const { id } of rows) {
    const { apiKey } = await graphql<KeyAnswer>(bench.api, KEY_QUERY, { id });
    const slugs = (apiKey?.worksOn ?? []).map((s) => s.slug).sort();
    if (slugs.length !== OFFBOARD_SERVICES) {
      throw new Error(
        `sample key ${id} works on ${slugs.length} services before offboarding, not ${OFFBOARD_SERVICES}`,
      );
    }
    before.set(id, slugs);
  }
  return before;
}

/** After an offboarding: the user holds no key and is DEPARTED, and the sample keys work where they did. */
async function checkOffboarded(bench: Bench, leaver: Leaver, before: Map<string, string[]>): Promise<string> {
  const { user } = await graphql<{ user: { status: string; keys: { nodes: { id: string }[] } } | null }>(
    bench.api,
    USER_QUERY,
    { id: leaver.userId },
  );
  const { rows } = await bench.raw.query<{ held: number }>(
    "select count(*)::int as held from api_key where holder_id = $1",
    [leaver.userId],
  );
  if (user?.status !== "DEPARTED" || user.keys.nodes.length || rows[0]?.held !== 0) {
    throw new Error(
      `after offboarding ${leaver.email}: status ${user?.status}, ${rows[0]?.held} keys still held (API lists ${user?.keys.nodes.length})`,
    );
  }
  for (const [id, slugs] of before) {
    const { apiKey } = await graphql<KeyAnswer>(bench.api, KEY_QUERY, { id });
    const after = (apiKey?.worksOn ?? []).map((s) => s.slug).sort();
    if (apiKey?.holder.id !== leaver.targetId || !isDeepStrictEqual(after, slugs)) {
      throw new Error(
        `key ${id} after offboarding: held by ${apiKey?.holder.email}, works on ${after.length} services (before: ${slugs.length})`,
      );
    }
  }
  return (
    `${leaver.email} is DEPARTED and holds no key (API and SQL); ${before.size} sample keys are held by ` +
    `${leaver.targetEmail} and work on the same ${OFFBOARD_SERVICES} services as before (apiKey.worksOn)`
  );
}

/**
 * The measurement: `warmups` small offboardings (each after a small raw UPDATE), then `rounds`
 * alternating rounds of a raw UPDATE of 10k keys and an offboarding of 10k keys, each on fresh
 * rows; the first offboarding is checked for correctness. A failed offboarding (error, timeout,
 * crashed server) ends the measurement and is returned as `failure`, so it can be reported.
 */
export async function measureOffboarding(
  bench: Bench,
  fixture: OffboardFixture,
  { rounds, warmups }: { rounds: number; warmups: number },
): Promise<OffboardOutcome> {
  const small: OffboardSeries = { name: "offboardUser (small)", keys: SMALL_KEYS, samples: [] };
  const baseline: OffboardSeries = { name: "raw UPDATE", keys: KEYS, samples: [] };
  const ours: OffboardSeries = { name: "offboardUser", keys: KEYS, samples: [] };
  const outcome: OffboardOutcome = { baseline, keyholder: ours, small, correctness: "not checked", failure: null };
  try {
    const before = await sampleKeys(bench, fixture.measured[0]!);
    await step(`warm-up: ${warmups} offboarding(s) of ${SMALL_KEYS} keys, and as many raw UPDATEs`, async () => {
      for (let i = 0; i < warmups; i++) {
        await moveViaRawUpdate(bench, fixture.smallBaseline[i]!);
        small.samples.push(await offboardViaApi(bench, fixture.small[i]!));
      }
    });
    await step(
      `${rounds} alternating rounds: raw UPDATE of ${KEYS} keys, then offboardUser of ${KEYS} keys`,
      async () => {
        for (let r = 0; r < rounds; r++) {
          const b = await moveViaRawUpdate(bench, fixture.baseline[r]!);
          baseline.samples.push(b);
          progress(`  round ${r + 1}: raw UPDATE ${b.ms.toFixed(1)} ms`);
          const o = await offboardViaApi(bench, fixture.measured[r]!);
          ours.samples.push(o);
          progress(`  round ${r + 1}: offboardUser ${o.ms.toFixed(1)} ms (${o.statements} statements)`);
          if (r === 0) outcome.correctness = await checkOffboarded(bench, fixture.measured[0]!, before);
        }
      },
    );
  } catch (error) {
    // After Ctrl-C the server is stopped under the request: that is no result to report.
    if (!(error instanceof OffboardFailure) || interrupted) throw error;
    progress(`  ${error.message}`);
    outcome.failure = error.message;
  }
  return outcome;
}

async function run(options: ScenarioOptions): Promise<boolean> {
  watchInterrupts();
  const rounds = options.requests;
  const warmups = options.warmup;
  const bg = BACKGROUND_SIZE;
  const db = await seededBenchDatabase(bg);
  const fixture = await step(
    `adding ${2 * rounds} leavers with ${KEYS} keys and ${2 * warmups} with ${SMALL_KEYS}, ` +
      `each BILLING on ${OFFBOARD_SERVICES} services, and their target group emails`,
    () => seedOffboardFixture(db.url, { rounds, keys: KEYS, smallKeys: SMALL_KEYS, warmups }),
  );
  const authorization = await provisionOperatorToken(db.url);
  progress("  requests carry an OPERATOR access token");

  const nodeFlags = options.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const keyholder = await step("starting keyholder", () => startKeyholder(db.url, nodeFlags));
  const bench = await openBench(db, keyholder, authorization);
  try {
    const machineBefore = machineLoad();
    const outcome = await measureOffboarding(bench, fixture, { rounds, warmups });
    const machine = { ...machineBefore, loadAverageAfter: machineLoad().loadAverage };

    let profile = "";
    if (options.cpuProfileDir && !outcome.failure) {
      // V8 writes the profile when the server exits; it covers start-up and the warm-up too.
      await keyholder.child.stop();
      profile = `\n${await summariseCpuProfiles(options.cpuProfileDir)}\n`;
    }

    const title =
      `offboard: mutation offboardUser of a leaver holding ${KEYS} keys (BILLING on ${OFFBOARD_SERVICES} services; ` +
      `target group already BILLING on ${TARGET_BILLING}), vs begin; UPDATE api_key … where holder_id = $leaver; commit ` +
      `of ${KEYS} comparable keys over raw pg; ${rounds} alternating rounds, concurrency 1, a fresh leaver each round ` +
      `(background: ${bg.keys} keys, ${bg.holders} holders, ${bg.services} services)`;
    console.log(`${profile}\n${formatOffboardReport(title, outcome)}\n${describeMachine(machine)}\n`);
    const extra = {
      seed: bg,
      fixture: { keys: KEYS, smallKeys: SMALL_KEYS, services: OFFBOARD_SERVICES, targetBilling: TARGET_BILLING },
      rounds,
      warmups,
      machine,
    };
    console.log(formatOffboardJson(extra, outcome));
    return offboardVerdict(outcome).met;
  } finally {
    await closeBench(bench);
  }
}

/** Offboarding a leaver with 10,000 keys, against a raw UPDATE of as many keys in a transaction. */
export const offboard: Scenario = {
  name: "offboard",
  summary: "offboardUser of a leaver holding 10,000 keys vs a raw single UPDATE of 10,000 keys in a transaction",
  defaults: { requests: 5, warmup: 1 },
  run,
};
