import { availableParallelism, loadavg } from "node:os";

/** The conditions a run measured under: other work on the machine makes every number noisier. */
export interface MachineLoad {
  cpus: number;
  node: string;
  /** One-minute load average when measuring started. */
  loadAverage: number;
}

/** The machine's CPU count, Node version and current one-minute load average. */
export function machineLoad(): MachineLoad {
  return { cpus: availableParallelism(), node: process.version, loadAverage: Math.round(loadavg()[0]! * 100) / 100 };
}

/** One line for the report, with a warning when other work competed for the CPUs. */
export function describeMachine(m: MachineLoad & { loadAverageAfter: number }): string {
  const line = `Machine: ${m.cpus} CPUs, Node ${m.node}, load average ${m.loadAverage} before measuring, ${m.loadAverageAfter} after.`;
  // The bench itself keeps about one CPU busy (server, PostgreSQL and client take turns).
  const busy = Math.max(m.loadAverage, m.loadAverageAfter) > m.cpus;
  return busy
    ? `${line}\nThe load exceeded the CPU count: other work may have competed for the CPUs, so absolute numbers are noisy (the alternating rounds keep ratios fairer).`
    : line;
}
