import { readFileSync } from "node:fs";
import { Agent, get } from "node:http";
import { performance } from "node:perf_hooks";
import type pg from "pg";
import { type HttpResponse, jsonPoster } from "./http-client.ts";
import type { RunningServer } from "./keyholder.ts";
import { progress } from "./log.ts";
import { graphqlAnswerProblem } from "./measure.ts";
import type { ScaleExtras } from "./scale-seed.ts";
import { percentile } from "./stats.ts";
import type { KnownKey } from "./verify-seed.ts";

/** Median, p95 and statements of one measured query at one size; the export adds its memory. */
export interface ExtraResult {
  medianMs: number;
  p95Ms: number;
  statements: number | null;
  /** The export only: the server's RSS before it, and its peak while streaming, MB. */
  rssBeforeMb?: number;
  rssPeakMb?: number;
  bytes?: number;
}

/** The measurements the scale scenario adds to its query list, in the order they are printed. */
export const EXTRA_NAMES = [
  "keys page at a deep cursor (90%)",
  "offboardingPlan, 10,000 keys",
  "audit log by subject",
  "audit log by action",
  "verify, cache miss (route)",
  "CSV export of every key",
] as const;
export type ExtraName = (typeof EXTRA_NAMES)[number];
export const EXPORT_NAME: ExtraName = "CSV export of every key";

const KEY_FIELDS = "id name environment status prefix createdAt holder { id email kind } worksOn { id slug }";

/**
 * The cursor of the key `position` keys into the newest-first keys list, built from the data
 * (the list orders by creation time then id, both descending; its cursor holds the two). It is
 * checked against the server's own `endCursor` of the first page before use.
 */
async function cursorAt(db: pg.Client, position: number): Promise<string> {
  const { rows } = await db.query<{ created_at: Date; id: string }>(
    "select created_at, id::text from api_key order by created_at desc, id desc offset $1 limit 1",
    [position - 1],
  );
  const row = rows[0];
  if (!row) throw new Error(`no key at position ${position}`);
  return Buffer.from(JSON.stringify(["apiKeys", row.created_at.toISOString(), row.id])).toString("base64url");
}

/** The server's resident set size, from /proc/<pid>/status (VmRSS, kB), in MB. */
export function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) / 1024;
}

/**
 * One GET of the CSV export, read to its last byte as fast as the client can; meanwhile the
 * server's RSS is sampled every 5 ms. Returns the time to the last byte and the peak RSS.
 */
export function exportOnce(
  agent: Agent,
  url: URL,
  authorization: string,
  pid: number,
): Promise<{ ms: number; peakMb: number; bytes: number; lines: number }> {
  return new Promise((resolve, reject) => {
    let peakMb = rssMb(pid);
    const sampler = setInterval(() => {
      peakMb = Math.max(peakMb, rssMb(pid));
    }, 5);
    const t0 = performance.now();
    const req = get(
      { agent, host: url.hostname, port: url.port, path: url.pathname, headers: { authorization } },
      (res) => {
        let bytes = 0;
        let lines = 0;
        res.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
        });
        res.on("end", () => {
          const ms = performance.now() - t0;
          clearInterval(sampler);
          peakMb = Math.max(peakMb, rssMb(pid));
          if (res.statusCode !== 200) reject(new Error(`the export answered ${res.statusCode}`));
          else resolve({ ms, peakMb, bytes, lines });
        });
        res.on("error", (error) => {
          clearInterval(sampler);
          reject(error);
        });
      },
    );
    req.on("error", (error) => {
      clearInterval(sampler);
      reject(error);
    });
  });
}

/** One measured request of a query at one size: its answer is checked before it is timed. */
export type Probe = () => Promise<HttpResponse>;

/** The checked request: a wrong answer stops the run, since timing it would mean nothing. */
function checked(
  post: (body: Buffer) => Promise<HttpResponse>,
  body: Buffer,
  check: (res: HttpResponse) => string | null,
) {
  return async () => {
    const res = await post(body);
    const problem = check(res);
    if (problem) throw new Error(`answered ${problem} (${res.status}): ${res.body.slice(0, 300)}`);
    return res;
  };
}

/** An answer check: a GraphQL answer without errors whose body holds `needle`. */
const holding = (needle: string) => (res: HttpResponse) =>
  graphqlAnswerProblem(res) ?? (res.body.includes(needle) ? null : `no ${needle}`);

/**
 * The measurements beyond the query list, against a running server on a seeded registry:
 * the keys page at the cursor of the key 90% down the list, the offboarding plan of the leaver
 * holding 10,000 keys, the audit log filtered by subject and by action, a verification that
 * misses the cache (each request a different key never verified before), as probes for the caller
 * to time; and the CSV export of every key with the server's RSS before and at its peak while
 * streaming, which `measureExport` times itself (one export at a time: its goal is memory).
 */
export async function extraProbes(
  server: RunningServer,
  db: pg.Client,
  authorization: string,
  extras: ScaleExtras,
  verify: { serviceSlug: string; keys: KnownKey[] },
): Promise<{ probes: [ExtraName, Probe][]; measureExport: (exports: number) => Promise<ExtraResult>; close(): void }> {
  const probes: [ExtraName, Probe][] = [];
  const api = jsonPoster(server.url, { authorization });
  const route = jsonPoster(`${server.base}/v1/keys/verify`, { authorization });
  const graphql = (query: string, variables: Record<string, unknown> = {}) =>
    Buffer.from(JSON.stringify({ query, variables }));
  /** Keeps `send` as the probe of `name`. */
  const measure = (name: ExtraName, send: Probe) => {
    probes.push([name, send]);
  };
  /** A GraphQL request to the API, checked to answer with `needle` and no error. */
  const query = (text: string, variables: Record<string, unknown>, needle: string) =>
    checked((b) => api.post(b), graphql(text, variables), holding(needle));
  let keyCount = 0;
  try {
    // The deep cursor: rebuilt for the first page's last key, it must be the server's endCursor.
    const first = await api.post(graphql("{ apiKeys(first: 50) { pageInfo { endCursor } } }"));
    const endCursor = (JSON.parse(first.body) as { data: { apiKeys: { pageInfo: { endCursor: string } } } }).data
      .apiKeys.pageInfo.endCursor;
    if ((await cursorAt(db, 50)) !== endCursor) {
      throw new Error(`a cursor built from the data is not the server's: ${await cursorAt(db, 50)} vs ${endCursor}`);
    }
    const { rows } = await db.query<{ n: number }>("select count(*)::int as n from api_key");
    keyCount = rows[0]!.n;
    const deep = await cursorAt(db, Math.floor(keyCount * 0.9));
    measure(
      "keys page at a deep cursor (90%)",
      query(
        `query Deep($after: String) { apiKeys(first: 50, after: $after) { nodes { ${KEY_FIELDS} } } }`,
        { after: deep },
        '"worksOn"',
      ),
    );

    // The offboarding wizard's first screen (OffboardingPlanSummaryQuery): the keys counted, their
    // services and suggested successors once, and the first page of 25 keys.
    const suggestion = "{ suggestedHolderId suggestedHolderEmail suggestion }";
    measure(
      "offboardingPlan, 10,000 keys",
      query(
        `query Plan($id: ID!) { offboardingPlan(userId: $id) {
           user { id email name status departedAt } keyCount activeKeyCount activeKeysWorkOn { id slug name }
           activeKeySuggestion ${suggestion} inactiveKeySuggestion ${suggestion}
           plannedKeys(first: 25) { totalCount pageInfo { hasNextPage endCursor }
             nodes { keyId name prefix environment active suggestedHolderId suggestedHolderEmail suggestion } }
           collaborations { service { id slug name } role soleBilling } lastActiveMemberOf wouldBreakSummary finished } }`,
        { id: extras.leaverId },
        '"suggestion"',
      ),
    );

    const auditQuery =
      "query Audit($filter: AuditEventFilter) { auditEvents(first: 50, filter: $filter) { nodes { id occurredAt actorLabel action subjectType subjectId } } }";
    for (const [name, filter] of [
      ["audit log by subject", { subject: extras.auditSubject }],
      ["audit log by action", { action: extras.auditAction }],
    ] as const) {
      measure(name, query(auditQuery, { filter }, '"action"'));
    }

    // A miss: every request (warm-up included) verifies a key no request verified before.
    let next = 0;
    const missBodies = verify.keys.map((k) =>
      Buffer.from(JSON.stringify({ secret: k.secret, service: verify.serviceSlug, environment: k.environment })),
    );
    const miss = async () => {
      const body = missBodies[next++];
      if (!body) throw new Error(`the cache-miss measurement ran out of never-verified keys (${missBodies.length})`);
      const res = await route.post(body);
      if (res.status !== 200 || !res.body.includes('"valid":true')) {
        throw new Error(`verify answered ${res.status}: ${res.body.slice(0, 300)}`);
      }
      return res;
    };
    measure("verify, cache miss (route)", miss);
  } catch (error) {
    api.close();
    route.close();
    throw error;
  }

  // The export: sequential downloads, the first untimed; RSS before the first and its peak over all.
  const measureExport = async (exports: number): Promise<ExtraResult> => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const url = new URL(`${server.base}/v1/exports/keys.csv`);
    try {
      const before = rssMb(server.child.pid);
      const warm = await exportOnce(agent, url, authorization, server.child.pid);
      if (warm.lines !== keyCount + 1) throw new Error(`the export held ${warm.lines - 1} keys, not ${keyCount}`);
      const times: number[] = [];
      let peak = warm.peakMb;
      for (let i = 0; i < exports; i++) {
        const run = await exportOnce(agent, url, authorization, server.child.pid);
        times.push(run.ms);
        peak = Math.max(peak, run.peakMb);
      }
      times.sort((a, b) => a - b);
      progress(
        `  ${EXPORT_NAME}: ${percentile(times, 50).toFixed(0)} ms, RSS ${before.toFixed(0)} → ${peak.toFixed(0)} MB`,
      );
      return {
        medianMs: percentile(times, 50),
        p95Ms: percentile(times, 95),
        statements: null,
        rssBeforeMb: before,
        rssPeakMb: peak,
        bytes: warm.bytes,
      };
    } finally {
      agent.destroy();
    }
  };
  return {
    probes,
    measureExport,
    close() {
      api.close();
      route.close();
    },
  };
}
