import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ThreadCpu } from "./proc-cpu.ts";

/** The parts of a V8 `.cpuprofile` the summary reads. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  /** When profiling started, in microseconds of the monotonic clock. */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

type Frame = CpuProfile["nodes"][number]["callFrame"];

/** The npm package a frame belongs to (pnpm layout), a node: module, or the path under the repo. */
function packageOf(frame: Frame): string {
  if (!frame.url) return frame.functionName || "(native)";
  const pkg = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame.url);
  if (pkg) return pkg[1]!;
  if (frame.url.startsWith("node:")) return "node (internals)";
  return frame.url.replace(/^file:\/\/.*?\/(server|test)\//, "$1/");
}

function functionOf(frame: Frame): string {
  const file = frame.url.replace(/^.*\/node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, "").replace(/^file:\/\//, "");
  return `${frame.functionName || "(anonymous)"} ${file}:${frame.lineNumber + 1}`;
}

function top(totals: Map<string, number>, busy: number, count: number): string[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, micros]) => `  ${((100 * micros) / busy).toFixed(1).padStart(5)}%  ${name}`);
}

/**
 * Where a profiled process spent its CPU: self time by package and by function, as shares of
 * the non-idle time. Enough to see which layer to look at; open the file in Chrome DevTools or
 * speedscope for call trees.
 */
export async function summariseCpuProfiles(dir: string): Promise<string> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".cpuprofile")).sort();
  const latest = files.at(-1);
  if (!latest) return `no .cpuprofile in ${dir}`;
  const profile = JSON.parse(await readFile(join(dir, latest), "utf8")) as CpuProfile;
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const frame = frames.get(id);
    const micros = profile.timeDeltas[i] ?? 0;
    if (!frame || frame.functionName === "(idle)") return;
    busy += micros;
    byPackage.set(packageOf(frame), (byPackage.get(packageOf(frame)) ?? 0) + micros);
    byFunction.set(functionOf(frame), (byFunction.get(functionOf(frame)) ?? 0) + micros);
  });
  return [
    `CPU profile ${join(dir, latest)}: ${(busy / 1000).toFixed(0)} ms busy (profiler overhead included)`,
    "self time by package:",
    ...top(byPackage, busy, 12),
    "self time by function:",
    ...top(byFunction, busy, 15),
  ].join("\n");
}

/** The layers a request's CPU is split into, each recognised by the frames of its code. */
const LAYERS: { name: string; matches: (frame: Frame) => boolean }[] = [
  { name: "serialisation (JSON)", matches: (f) => /^(prettyJSONStringify|stringify)$/.test(f.functionName) },
  {
    name: "logging",
    matches: (f) => /\/node_modules\/(pino|pino-std-serializers)\/|server\/dist\/logger\.js/.test(f.url),
  },
  {
    name: "SQL client (pg, its socket writes)",
    matches: (f) => /\/node_modules\/(pg|pg-protocol|pg-pool|pg-types|pg-cursor|postgres-[a-z]+)\//.test(f.url),
  },
  { name: "auth", matches: (f) => /server\/dist\/modules\/auth\//.test(f.url) },
  {
    name: "resolvers (services, loaders, ORM)",
    matches: (f) =>
      /server\/dist\/(modules|shared|db)\/|server\/dist\/graphql\/connection|\/node_modules\/(type-graphql|@mikro-orm\/[a-z]+|dataloader)\//.test(
        f.url,
      ),
  },
  {
    name: "parse/validate",
    matches: (f) => /\/node_modules\/graphql\/(language|validation)\/|\/node_modules\/@escape\.tech\//.test(f.url),
  },
  {
    name: "execution (graphql-jit, cost, checks)",
    matches: (f) =>
      /\/node_modules\/(graphql-jit|graphql)\/|server\/dist\/graphql\/(executor|cost|text-check|secret-arguments)/.test(
        f.url,
      ),
  },
  {
    name: "Apollo request pipeline",
    matches: (f) => /\/node_modules\/@apollo\/|\/node_modules\/@as-integrations\//.test(f.url),
  },
  {
    name: "HTTP (Fastify, node:http)",
    matches: (f) =>
      /\/node_modules\/(fastify|@fastify\/[a-z-]+|find-my-way|avvio)\/|^node:_http_|server\/dist\/http\//.test(f.url),
  },
];

/**
 * Where a profiled server's time per request went, by layer: each sample is charged to the
 * layer of the innermost frame of its stack that belongs to one (so `pg` called by a resolver is
 * SQL client, and a socket write by `pg` is too), counting from the first sample in which
 * Apollo ran a request (start-up left out) and dividing by the requests the server served.
 * V8 samples the main thread by wall time, so a system call is charged in full even when the
 * process waited in it on a loaded machine (hence the shares are also applied to the CPU time
 * measured from /proc); the garbage collector has no stack and is its own line.
 *
 * With `windows` (when the requests were measured, in the profile's clock: `windowsByProcess`),
 * only the samples taken within them count, and `requests` are those measured: the warm-up, when
 * the server still compiles its hot code, is left out.
 *
 * With the measured CPU split by thread (`threads`), the CPU column is charged from it instead:
 * the samples in a socket write (a system call) share the main thread's system time, the others
 * its user time, and the other threads (V8's garbage collector and compiler helpers, which the
 * profiler does not sample) are a line of their own. Under load a write's samples are mostly
 * waiting, so without the split they weigh several times their CPU.
 */
export async function cpuByLayer(
  dir: string,
  requests: number,
  measuredCpuUs: number,
  threads: ThreadCpu | null = null,
  windows: readonly (readonly [number, number])[] | null = null,
): Promise<string> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".cpuprofile")).sort();
  const latest = files.at(-1);
  if (!latest) return `no .cpuprofile in ${dir}`;
  const profile = JSON.parse(await readFile(join(dir, latest), "utf8")) as CpuProfile & {
    nodes: { id: number; children?: number[] }[];
  };
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parents = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parents.set(c, n.id);
  const layerOf = new Map<number, string>();
  const servesRequest = new Map<number, boolean>();
  const classify = (id: number): string => {
    const known = layerOf.get(id);
    if (known) return known;
    let layer = "other (node internals, microtasks)";
    for (let cur: number | undefined = id; cur !== undefined; cur = parents.get(cur)) {
      const frame = nodes.get(cur)?.callFrame;
      const found = frame && LAYERS.find((l) => l.matches(frame));
      if (found) {
        layer = found.name;
        break;
      }
    }
    if (nodes.get(id)?.callFrame.functionName === "(garbage collector)") layer = "garbage collector";
    layerOf.set(id, layer);
    return layer;
  };
  const inRequest = (id: number): boolean => {
    let known = servesRequest.get(id);
    if (known === undefined) {
      known = false;
      for (let cur: number | undefined = id; cur !== undefined; cur = parents.get(cur)) {
        if (nodes.get(cur)?.callFrame.functionName === "runHttpQuery") known = true;
      }
      servesRequest.set(id, known);
    }
    return known;
  };
  const totals = new Map<string, { sampled: number; system: number }>();
  let started = false;
  let busy = 0;
  let inSystem = 0;
  let at = profile.startTime;
  const measured = (time: number) => windows?.some(([from, to]) => time >= from && time <= to) ?? true;
  profile.samples.forEach((id, i) => {
    const micros = profile.timeDeltas[i] ?? 0;
    at += micros;
    started ||= windows ? measured(at) : inRequest(id);
    const frame = nodes.get(id)?.callFrame;
    if (!started || !measured(at) || !frame || frame.functionName === "(idle)") return;
    const system = SYSTEM_CALLS.test(frame.functionName) ? micros : 0;
    busy += micros;
    inSystem += system;
    const layer = classify(id);
    const total = totals.get(layer) ?? { sampled: 0, system: 0 };
    total.sampled += micros;
    total.system += system;
    totals.set(layer, total);
  });
  // The CPU charged to a layer: its share of the measured CPU, or with the thread split its
  // share of the main thread's system time (writes) plus its share of its user time (the rest).
  const cpuOf = ({ sampled, system }: { sampled: number; system: number }) =>
    threads
      ? (inSystem ? (system / inSystem) * threads.mainSystemUs : 0) +
        ((sampled - system) / (busy - inSystem)) * threads.mainUserUs
      : (sampled / busy) * measuredCpuUs;
  const rows: [string, { sampled: number; system: number }, number][] = [...totals].map(([name, t]) => [
    name,
    t,
    cpuOf(t),
  ]);
  if (threads) rows.push([HELPERS, { sampled: 0, system: 0 }, threads.helpersUs]);
  rows.sort((a, b) => b[2] - a[2]);
  const charged = threads
    ? `the main thread's ${threads.mainUserUs.toFixed(0)} µs user and ${threads.mainSystemUs.toFixed(0)} µs system time per request (socket writes charged the system time),\nand the other threads' ${threads.helpersUs.toFixed(0)} µs, measured from /proc (${measuredCpuUs.toFixed(0)} µs/request in all):`
    : `the same shares of the ${measuredCpuUs.toFixed(0)} µs/request of server CPU measured from /proc:`;
  const cpuTotal = threads ? threads.mainUserUs + threads.mainSystemUs + threads.helpersUs : measuredCpuUs;
  return [
    `time per request by layer: sampled over ${requests} requests (${(busy / 1000).toFixed(0)} ms ${windows ? "while measured" : "after start-up"}), and`,
    charged,
    ...rows.map(
      ([name, t, cpu]) =>
        `  ${name.padEnd(38)} ${(t.sampled / requests).toFixed(0).padStart(6)} µs sampled ${cpu.toFixed(0).padStart(6)} µs CPU ${((100 * cpu) / cpuTotal).toFixed(1).padStart(5)}%`,
    ),
    `  ${"total".padEnd(38)} ${(busy / requests).toFixed(0).padStart(6)} µs sampled ${cpuTotal.toFixed(0).padStart(6)} µs CPU`,
  ].join("\n");
}

/** Native frames that are a socket write, where the main thread is in the kernel. */
const SYSTEM_CALLS = /^(writeBuffer|writev|writeUtf8String|writeLatin1String|writeAsciiString|writeUcs2String)$/;

const HELPERS = "other threads (V8 GC and compiler helpers)";
