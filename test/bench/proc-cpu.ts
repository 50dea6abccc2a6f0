import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

let ticksPerSecond: number | undefined;

/** The kernel's clock tick rate (`getconf CLK_TCK`), the unit of /proc CPU times; 100 on Linux. */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/**
 * CPU time (user + system) a process has consumed so far, in microseconds, or null when it is
 * gone or not readable. /proc/<pid>/stat counts every thread of the process (libuv pool, GC
 * helpers), which is what "server CPU" should mean.
 */
export function processCpuMicros(pid: number): number | null {
  const times = statTimes(`/proc/${pid}/stat`);
  return times ? ((times.user + times.system) * 1_000_000) / clockTicksPerSecond() : null;
}

/** A process's CPU split by thread: its main (JavaScript) thread's user and system time, and the rest. */
export interface ThreadCpu {
  mainUserUs: number;
  mainSystemUs: number;
  /** Every other thread: V8's helpers (concurrent and parallel GC, the optimising compiler) and libuv's pool. */
  helpersUs: number;
}

/**
 * CPU time a process has consumed so far by thread (/proc/<pid>/task/<tid>/stat; the main
 * thread's tid is the pid), in microseconds, or null when it is gone. V8's CPU profiler samples
 * only the main thread, by wall time: this says how much of the measured CPU that thread spent
 * in user and in system time, and how much the other threads did.
 */
export function threadCpuMicros(pid: number): ThreadCpu | null {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return null;
  }
  const perTick = 1_000_000 / clockTicksPerSecond();
  const split: ThreadCpu = { mainUserUs: 0, mainSystemUs: 0, helpersUs: 0 };
  for (const tid of tids) {
    const times = statTimes(`/proc/${pid}/task/${tid}/stat`);
    if (!times) continue;
    if (tid === String(pid)) {
      split.mainUserUs += times.user * perTick;
      split.mainSystemUs += times.system * perTick;
    } else {
      split.helpersUs += (times.user + times.system) * perTick;
    }
  }
  return split;
}

/** utime and stime (fields 14 and 15 of stat(5)) of a stat file, in clock ticks, or null. */
function statTimes(path: string): { user: number; system: number } | null {
  let stat: string;
  try {
    stat = readFileSync(path, "utf8");
  } catch {
    return null;
  }
  // The command name (field 2) may contain spaces and parentheses: split after its last ")".
  // Fields 14 and 15 of stat(5) are utime and stime; fields[0] here is field 3.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const user = Number(fields[11]);
  const system = Number(fields[12]);
  return Number.isFinite(user) && Number.isFinite(system) ? { user, system } : null;
}
