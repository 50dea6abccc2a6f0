import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/** The parts of a V8 `.cpuprofile` the summary reads. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
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
