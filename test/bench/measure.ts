import { performance } from "node:perf_hooks";
import type { DbCpuProbe } from "./db-cpu.ts";
import { type HttpResponse, type JsonPoster, jsonPoster } from "./http-client.ts";
import { step } from "./log.ts";
import { processCpuMicros, type ThreadCpu, threadCpuMicros } from "./proc-cpu.ts";
import { type LatencySummary, summarise } from "./stats.ts";

/** One server under test. */
export interface Target {
  name: string;
  url: string;
  /** The server process, whose CPU time is measured. */
  pid: number;
  /**
   * More processes of the same server (same build, same settings), measured as one target: every
   * batch is shared among all of them, and their CPU, requests and latencies are added up.
   */
  copies?: readonly { url: string; pid: number }[];
  /** The `Authorization` header to send, when the API requires one. */
  authorization: string | null;
  /** Starts measuring the CPU of this server's database backends, when that is possible. */
  dbCpu?: () => Promise<DbCpuProbe>;
  /** The body of each request, when it must differ from one request to the next (default: the shared body). */
  nextBody?: () => Buffer;
  /**
   * Why an answer is wrong, or null when it is right. Default: a 200 without GraphQL `errors`.
   * A wrong answer stops the run, since timing it would mean nothing.
   */
  checkAnswer?: (res: HttpResponse) => string | null;
}

/** The default answer check: status 200 and no GraphQL `errors`. */
export function graphqlAnswerProblem(res: HttpResponse): string | null {
  // `"errors":` is the cheap test for a GraphQL error; full parsing would slow the client down.
  return res.status !== 200 || res.body.includes('"errors":') ? "an error" : null;
}

/** What one target cost over the measured requests. */
export interface Measurement {
  name: string;
  requests: number;
  /** Server process CPU (user + system, all threads) per request, µs. */
  cpuUsPerRequest: number;
  /** The same CPU per request split by thread (main thread's user and system time, the others), µs. */
  threadsUsPerRequest: ThreadCpu | null;
  /** PostgreSQL backend CPU per request, µs; null when the backends cannot be observed. */
  dbCpuUsPerRequest: number | null;
  latencyMs: LatencySummary;
  requestsPerSecond: number;
  /** Statements for the operation: mean of the server-timing `sql;desc="N statements"` entry. */
  sqlPerRequest: number | null;
  /** Statements to authenticate the caller: the `auth;desc="N statements"` entry (0 when absent). */
  authSqlPerRequest: number | null;
  responseBytes: number;
  /** The measured requests each process of the target answered (`Target.copies`: the first is `pid`). */
  requestsByProcess: number[];
  /**
   * When each process was measured: per process, its batches' [start, end] in microseconds of the
   * monotonic clock, the clock of V8's CPU profiles (so a profile's samples can be cut to them).
   */
  windowsByProcess: [number, number][][];
}

/** The server-timing entries that count statements: `sql;desc="N statements"` and `auth;…`. */
const STATEMENTS = {
  sql: /(?:^|[\s,])sql;desc="(\d+) statements"/,
  auth: /(?:^|[\s,])auth;desc="(\d+) statements"/,
};

/** The count of one server-timing statements entry, or null when it is absent. */
export function statementCount(res: HttpResponse, name: keyof typeof STATEMENTS): number | null {
  const header = res.headers["server-timing"];
  const match = typeof header === "string" ? STATEMENTS[name].exec(header) : null;
  return match ? Number(match[1]) : null;
}

/** One process of a target, with its connection and what of it was measured. */
interface MeasuredProcess {
  pid: number;
  client: JsonPoster;
  measured: number;
  windows: [number, number][];
}

/** Now, in microseconds of the monotonic clock (the one V8's CPU profiles time their samples by). */
function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/**
 * Measures one target over several batches of sequential requests on one kept-alive connection.
 * Concurrency 1 makes latency the pure cost of one request, with no queueing. CPU is read from
 * /proc before and after each batch, so batches of different targets can be interleaved: drift
 * in the machine's speed (other load, CPU frequency) then affects both targets alike.
 */
export class Measurer {
  readonly target: Target;
  /** Each process of the target (`Target.copies`), with its connection. */
  private readonly processes: MeasuredProcess[];
  private readonly payload: Buffer;
  private readonly latencies: number[] = [];
  private cpuMicros = 0;
  private threads: ThreadCpu | null = { mainUserUs: 0, mainSystemUs: 0, helpersUs: 0 };
  private dbMicros: number | null = 0;
  private wallMs = 0;
  private statements = 0;
  private authStatements = 0;
  private counted = 0;
  private bytes = 0;

  constructor(target: Target, body: string) {
    this.target = target;
    const headers: Record<string, string> = target.authorization ? { authorization: target.authorization } : {};
    this.processes = [target, ...(target.copies ?? [])].map((p) => ({
      pid: p.pid,
      client: jsonPoster(p.url, headers),
      measured: 0,
      windows: [],
    }));
    this.payload = Buffer.from(body);
  }

  private async send(client: JsonPoster): Promise<HttpResponse> {
    const res = await client.post(this.target.nextBody?.() ?? this.payload);
    const problem = (this.target.checkAnswer ?? graphqlAnswerProblem)(res);
    if (problem != null) {
      throw new Error(`${this.target.name} answered ${problem} (${res.status}): ${res.body.slice(0, 500)}`);
    }
    return res;
  }

  /** Unmeasured requests to each process, to get JIT, pools and caches into their steady state. */
  async warmUp(requests: number): Promise<void> {
    for (const { client } of this.processes) for (let i = 0; i < requests; i++) await this.send(client);
  }

  /**
   * A measured batch of `requests` sequential requests, shared among the target's processes one
   * after another, each part after `leadIn` unmeasured requests to that process.
   */
  async batch(requests: number, leadIn = 0): Promise<void> {
    const count = this.processes.length;
    for (const [i, server] of this.processes.entries()) {
      const share = Math.floor(requests / count) + (i < requests % count ? 1 : 0);
      if (share > 0) await this.measure(server, share, leadIn);
    }
  }

  private async measure(server: MeasuredProcess, requests: number, leadIn: number) {
    server.measured += requests;
    for (let i = 0; i < leadIn; i++) await this.send(server.client);
    const db = await this.target.dbCpu?.();
    const cpuBefore = processCpuMicros(server.pid);
    const threadsBefore = threadCpuMicros(server.pid);
    const start = performance.now();
    const windowStart = monotonicMicros();
    for (let i = 0; i < requests; i++) {
      const t0 = performance.now();
      const res = await this.send(server.client);
      this.latencies.push(performance.now() - t0);
      const sql = statementCount(res, "sql");
      if (sql != null) {
        this.statements += sql;
        this.authStatements += statementCount(res, "auth") ?? 0;
        this.counted++;
      }
      this.bytes = res.body.length;
    }
    this.wallMs += performance.now() - start;
    server.windows.push([windowStart, monotonicMicros()]);
    const cpuAfter = processCpuMicros(server.pid);
    const threadsAfter = threadCpuMicros(server.pid);
    if (cpuBefore == null || cpuAfter == null) {
      throw new Error(`cannot read /proc/${server.pid}/stat of ${this.target.name}`);
    }
    this.cpuMicros += cpuAfter - cpuBefore;
    const threads = this.threads;
    if (threads && threadsBefore && threadsAfter) {
      for (const k of ["mainUserUs", "mainSystemUs", "helpersUs"] as const)
        threads[k] += threadsAfter[k] - threadsBefore[k];
    } else {
      this.threads = null;
    }
    const dbElapsed = db ? await db.elapsed() : null;
    this.dbMicros = this.dbMicros == null || dbElapsed == null ? null : this.dbMicros + dbElapsed;
  }

  /** The totals over every batch so far. */
  result(): Measurement {
    const n = this.latencies.length;
    return {
      name: this.target.name,
      requests: n,
      cpuUsPerRequest: this.cpuMicros / n,
      threadsUsPerRequest: this.threads && {
        mainUserUs: this.threads.mainUserUs / n,
        mainSystemUs: this.threads.mainSystemUs / n,
        helpersUs: this.threads.helpersUs / n,
      },
      dbCpuUsPerRequest: this.dbMicros == null ? null : this.dbMicros / n,
      latencyMs: summarise(this.latencies),
      requestsPerSecond: n / (this.wallMs / 1000),
      sqlPerRequest: this.counted === n ? this.statements / n : null,
      authSqlPerRequest: this.counted === n ? this.authStatements / n : null,
      responseBytes: this.bytes,
      requestsByProcess: this.processes.map((p) => p.measured),
      windowsByProcess: this.processes.map((p) => p.windows),
    };
  }

  /** Closes the kept-alive connections. */
  close(): void {
    for (const { client } of this.processes) client.close();
  }
}

/** Warm-up and measured requests per target, and how many alternating rounds to measure in. */
export interface Load {
  warmup: number;
  requests: number;
  rounds: number;
  /**
   * Unmeasured requests at the start of every batch (default 0). Alternating leaves each server
   * idle while the others are measured; a lead-in keeps the first requests after that pause
   * (cold CPU caches, a descheduled process) out of the tail of a steady stream.
   */
  leadIn?: number;
}

/**
 * Warms every target up, then measures them in alternating rounds (A B A B …) so that a slower
 * or busier moment of the machine falls on all of them. Returns one measurement per target.
 */
export async function measureAlternately<const T extends readonly Target[]>(
  targets: T,
  body: string,
  load: Load,
): Promise<{ -readonly [K in keyof T]: Measurement }> {
  const measurers = targets.map((t) => new Measurer(t, body));
  try {
    for (const m of measurers) {
      const each = m.target.copies?.length ? " to each of its processes" : "";
      await step(`${m.target.name}: ${load.warmup} warm-up requests${each}`, () => m.warmUp(load.warmup));
    }
    const rounds = Math.max(1, Math.min(load.rounds, load.requests));
    await step(`${load.requests} measured requests per target, in ${rounds} alternating rounds`, async () => {
      for (let round = 0; round < rounds; round++) {
        // Spread the remainder so that exactly the requests asked for are made.
        const size = Math.floor(load.requests / rounds) + (round < load.requests % rounds ? 1 : 0);
        for (const m of measurers) await m.batch(size, load.leadIn);
      }
    });
  } finally {
    for (const m of measurers) m.close();
  }
  return measurers.map((m) => m.result()) as { -readonly [K in keyof T]: Measurement };
}
