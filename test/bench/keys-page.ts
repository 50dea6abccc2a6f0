import { provisionAccessToken } from "./auth.ts";
import { startDbCpuProbe } from "./db-cpu.ts";
import { type RunningServer, startBaseline, startKeyholder } from "./keyholder.ts";
import { checkSameAnswer, describePage } from "./keys-page-check.ts";
import { progress, step } from "./log.ts";
import { describeMachine, machineLoad } from "./machine.ts";
import { type Measurement, measureAlternately, type Target } from "./measure.ts";
import { seededBenchDatabase } from "./prepare.ts";
import { cpuByLayer, summariseCpuProfiles } from "./profile-summary.ts";
import { formatJson, formatTable, goalMet, ratios } from "./report.ts";
import type { Scenario, ScenarioOptions } from "./scenario.ts";
import { KEYS_PAGE_SIZE } from "./seed.ts";

/** Measured requests are split into this many rounds, alternating between the targets. */
const ROUNDS = 4;

/**
 * Processes started of each server, measured as one target. Two processes of the same build cost
 * different amounts (their compiled code and collector state, where the scheduler puts them): up
 * to 15% apart per request (3 × 3 processes, 2,500 warm-up requests each), so one process of each
 * made the ratio swing as much from run to run. The ratio of the sums is what a fleet would cost.
 */
const PROCESSES = 3;

/** The request the console's keys page sends. */
const QUERY =
  "{ apiKeys(first: 50) { nodes { id name environment status prefix createdAt holder { __typename id email kind } worksOn { id slug name } } } }";

async function run(options: ScenarioOptions): Promise<boolean> {
  const size = KEYS_PAGE_SIZE;
  const db = await seededBenchDatabase(size);
  const authorization = await provisionAccessToken(db.url);
  progress(
    authorization ? "  the API needs a token: requests carry a VIEWER access token" : "  the API needs no token",
  );

  const nodeFlags = options.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  // Only the first Keyholder process is profiled.
  const [keyholder, baseline, ...copies] = await step(
    `starting ${PROCESSES} keyholder and ${PROCESSES} baseline processes`,
    () =>
      Promise.all([
        startKeyholder(db.url, nodeFlags),
        startBaseline(db.url),
        ...Array.from({ length: PROCESSES - 1 }, () => [startKeyholder(db.url), startBaseline(db.url)]).flat(),
      ]),
  );
  const keyholders: [RunningServer, ...RunningServer[]] = [keyholder, ...copies.filter((_, i) => i % 2 === 0)];
  const baselines: [RunningServer, ...RunningServer[]] = [baseline, ...copies.filter((_, i) => i % 2 === 1)];
  const page = await checkSameAnswer(keyholder, baseline, QUERY, authorization);
  for (const [i, copy] of keyholders.entries())
    await checkSameAnswer(copy, baselines[i] ?? baseline, QUERY, authorization);
  progress(`  same answer from all: ${describePage(page)}`);
  // Another build of the server (KH_BENCH_COMPARE_DIST, e.g. the previous commit's dist/), measured
  // in the same alternating rounds, for a before/after on the same machine at the same moment.
  const compareDist = process.env.KH_BENCH_COMPARE_DIST;
  const compared = compareDist
    ? await step(`starting ${PROCESSES} processes of the build in ${compareDist}`, () =>
        Promise.all(Array.from({ length: PROCESSES }, () => startKeyholder(db.url, [], compareDist))),
      )
    : null;
  for (const copy of compared ?? []) await checkSameAnswer(copy, baseline, QUERY, authorization);
  const comparedProcesses = compared as [RunningServer, ...RunningServer[]] | null;

  const body = JSON.stringify({ query: QUERY });
  const target = (
    name: string,
    [server, ...more]: [RunningServer, ...RunningServer[]],
    application: string,
  ): Target => ({
    name,
    url: server.url,
    pid: server.child.pid,
    copies: more.map((copy) => ({ url: copy.url, pid: copy.child.pid })),
    authorization,
    dbCpu: db.local ? () => startDbCpuProbe(db.admin, db.name, application) : undefined,
  });
  const machineBefore = machineLoad();
  const targets = [target("baseline", baselines, "kh-bench-baseline"), target("keyholder", keyholders, "keyholder")];
  if (comparedProcesses)
    targets.push({ ...target("compared build", comparedProcesses, "keyholder"), dbCpu: undefined });
  const [base, ours, other] = await measureAlternately(targets, body, {
    warmup: options.warmup,
    requests: options.requests,
    rounds: ROUNDS,
  });
  if (!base || !ours) throw new Error("measureAlternately returned no measurement");
  const machine = { ...machineBefore, loadAverageAfter: machineLoad().loadAverage };

  let profile = "";
  if (options.cpuProfileDir) {
    // V8 writes the profile when the server exits; it covers start-up and warm-up too.
    await keyholder.child.stop();
    // The layers of the measured requests alone: the profile covers the warm-up too.
    const layers = await cpuByLayer(
      options.cpuProfileDir,
      ours.requestsByProcess[0] ?? 0,
      ours.cpuUsPerRequest,
      ours.threadsUsPerRequest,
      ours.windowsByProcess[0] ?? [],
    );
    profile = `\n${await summariseCpuProfiles(options.cpuProfileDir)}\n\n${layers}\n`;
  }

  const title =
    `keys-page: POST /graphql apiKeys(first: 50) with holder and worksOn, ` +
    `${size.keys} keys / ${size.holders} holders / ${size.services} services, concurrency 1, ${options.requests} requests`;
  const comparison = other
    ? `\n${compareDist}: CPU ${other.cpuUsPerRequest.toFixed(0)} µs/req (${(other.cpuUsPerRequest / base.cpuUsPerRequest).toFixed(2)}x baseline), ` +
      `p50 ${other.latencyMs.p50.toFixed(2)} ms, p99 ${other.latencyMs.p99.toFixed(2)} ms; this build ÷ that one: CPU ` +
      `${(ours.cpuUsPerRequest / other.cpuUsPerRequest).toFixed(2)}x\n`
    : "";
  console.log(
    `${profile}\n${formatTable(title, base, ours)}\n${describeThreads([base, ours, ...(other ? [other] : [])])}\n${comparison}${describeMachine(machine)}\n`,
  );
  console.log(formatJson("keys-page", { seed: size, warmup: options.warmup, machine }, base, ours));
  return goalMet(ratios(ours, base));
}

/**
 * Each target's CPU per request by thread: what its main (JavaScript) thread spent in user and
 * in system time (socket reads and writes), and its other threads (V8's concurrent garbage
 * collector and compiler, libuv's pool), which a CPU profile does not sample.
 */
function describeThreads(measured: Measurement[]): string {
  const rows = measured.map((m) => {
    const t = m.threadsUsPerRequest;
    return t
      ? `  ${m.name.padEnd(20)} main thread user ${t.mainUserUs.toFixed(0).padStart(5)} µs, system ${t.mainSystemUs.toFixed(0).padStart(5)} µs; other threads ${t.helpersUs.toFixed(0).padStart(5)} µs`
      : `  ${m.name.padEnd(20)} (threads not readable)`;
  });
  return ["server CPU per request by thread:", ...rows].join("\n");
}

/** The keys page: 50 newest keys with holder and worksOn, against raw pg over HTTP. */
export const keysPage: Scenario = {
  name: "keys-page",
  summary: "the console's keys page (50 keys with holder and worksOn) vs one raw pg query behind node:http",
  // The server compiles most of its hot code in its first ~1,500 requests (`--trace-opt`: 306
  // compilations in the 1,000 requests after the first 500, ~30 per 1,000 after 2,000); the
  // baseline's is small and done sooner. The goal is about a server in its steady state.
  defaults: { warmup: 2500, requests: 3000 },
  run,
};
