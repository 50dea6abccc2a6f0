import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { jsonPoster } from "./http-client.ts";
import { graphqlAnswerProblem, statementCount, type Target } from "./measure.ts";
import { processCpuMicros } from "./proc-cpu.ts";
import { type LatencySummary, summarise } from "./stats.ts";

/** How hard and how long to load a target. */
export interface ThroughputLoad {
  /** Concurrent kept-alive connections, each sending its next request as soon as the last is answered. */
  connections: number;
  /** Unmeasured time at full load first (JIT, connection set-up). */
  warmupMs: number;
  /** Measured time. */
  durationMs: number;
}

/** Sustained throughput of one target. */
export interface Throughput {
  name: string;
  connections: number;
  requests: number;
  /** Answers per second of wall time. */
  requestsPerSecond: number;
  /** Server process CPU time over wall time: 1.0 = one core fully busy. */
  cpuUtilisation: number;
  /** Answers per second of server CPU time: the throughput one fully busy core would give. */
  perCoreRequestsPerSecond: number;
  cpuUsPerRequest: number;
  /** Latency under this load (queueing included). */
  latencyMs: LatencySummary;
  /** Mean statements per request (operation + authentication), null when not reported. */
  statementsPerRequest: number | null;
}

/**
 * Loads a target with `connections` closed-loop clients for warmupMs + durationMs and reports
 * what it served in the measured part. Dividing answers by the server's CPU seconds (not by wall
 * seconds) gives throughput per core, which does not depend on whether the load generator,
 * sharing the machine, managed to keep the server fully busy.
 */
export async function measureThroughput(target: Target, body: string, load: ThroughputLoad): Promise<Throughput> {
  const payload = Buffer.from(body);
  const check = target.checkAnswer ?? graphqlAnswerProblem;
  const headers: Record<string, string> = target.authorization ? { authorization: target.authorization } : {};
  const clients = Array.from({ length: load.connections }, () => jsonPoster(target.url, headers));
  let measuring = false;
  let stopping = false;
  let requests = 0;
  let statements = 0;
  let counted = 0;
  const latencies: number[] = [];

  const loop = async (client: (typeof clients)[number]) => {
    while (!stopping) {
      const t0 = performance.now();
      const res = await client.post(target.nextBody?.() ?? payload);
      const elapsed = performance.now() - t0;
      const problem = check(res);
      if (problem != null)
        throw new Error(`${target.name} answered ${problem} (${res.status}): ${res.body.slice(0, 500)}`);
      if (!measuring) continue;
      requests++;
      latencies.push(elapsed);
      const sql = statementCount(res, "sql");
      if (sql != null) {
        statements += sql + (statementCount(res, "auth") ?? 0);
        counted++;
      }
    }
  };

  try {
    const loops = clients.map(loop);
    const failed = Promise.all(loops);
    // Surface a failing loop at once rather than after the full duration.
    const window = async () => {
      await sleep(load.warmupMs);
      const cpuBefore = processCpuMicros(target.pid);
      const start = performance.now();
      measuring = true;
      await sleep(load.durationMs);
      measuring = false;
      const wallMs = performance.now() - start;
      const cpuAfter = processCpuMicros(target.pid);
      stopping = true;
      if (cpuBefore == null || cpuAfter == null) throw new Error(`cannot read /proc/${target.pid}/stat`);
      return { wallMs, cpuMicros: cpuAfter - cpuBefore };
    };
    const [, { wallMs, cpuMicros }] = await Promise.all([failed, window()]);
    const cpuSeconds = cpuMicros / 1e6;
    return {
      name: target.name,
      connections: load.connections,
      requests,
      requestsPerSecond: requests / (wallMs / 1000),
      cpuUtilisation: cpuSeconds / (wallMs / 1000),
      perCoreRequestsPerSecond: requests / cpuSeconds,
      cpuUsPerRequest: cpuMicros / requests,
      latencyMs: summarise(latencies),
      statementsPerRequest: counted === requests && requests > 0 ? statements / requests : null,
    };
  } finally {
    stopping = true;
    for (const client of clients) client.close();
  }
}
