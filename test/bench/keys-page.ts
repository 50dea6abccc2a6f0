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
  const [keyholder, baseline] = await step("starting keyholder and the baseline", () =>
    Promise.all([startKeyholder(db.url, nodeFlags), startBaseline(db.url)]),
  );
  const page = await checkSameAnswer(keyholder, baseline, QUERY, authorization);
  progress(`  same answer from both: ${describePage(page)}`);
  // Another build of the server (KH_BENCH_COMPARE_DIST, e.g. the previous commit's dist/), measured
  // in the same alternating rounds, for a before/after on the same machine at the same moment.
  const compareDist = process.env.KH_BENCH_COMPARE_DIST;
  const compared = compareDist
    ? await step(`starting the build in ${compareDist}`, () => startKeyholder(db.url, [], compareDist))
    : null;
  if (compared) await checkSameAnswer(compared, baseline, QUERY, authorization);

  const body = JSON.stringify({ query: QUERY });
  const target = (name: string, server: RunningServer, application: string): Target => ({
    name,
    url: server.url,
    pid: server.child.pid,
    authorization,
    dbCpu: db.local ? () => startDbCpuProbe(db.admin, db.name, application) : undefined,
  });
  const machineBefore = machineLoad();
  const targets = [target("baseline", baseline, "kh-bench-baseline"), target("keyholder", keyholder, "keyholder")];
  if (compared) targets.push({ ...target("compared build", compared, "keyholder"), dbCpu: undefined });
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
    // Every request the profiled server answered: warm-up, measured, and the answer check.
    const served = options.warmup + options.requests + 1;
    profile = `\n${await summariseCpuProfiles(options.cpuProfileDir)}\n\n${await cpuByLayer(options.cpuProfileDir, served, ours.cpuUsPerRequest, ours.threadsUsPerRequest)}\n`;
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
  run,
};
