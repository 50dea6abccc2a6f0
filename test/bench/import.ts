import { createHash } from "node:crypto";
import { performance } from "node:perf_hooks";
import { createBenchDatabase } from "./database.ts";
import { buildServer, migrateDatabase, startKeyholder } from "./keyholder.ts";
import { progress, step } from "./log.ts";
import { describeMachine, machineLoad } from "./machine.ts";
import { provisionOperatorToken } from "./offboard-seed.ts";
import type { Scenario, ScenarioOptions } from "./scenario.ts";
import { serverModule } from "./server-module.ts";

/** The issue's size: keys, with holders, services and roles in proportion. */
const KEYS = 100_000;
/** The goal: the whole apply (plan, writes, audit, commit) within this. */
const GOAL_MS = 60_000;
/** A small import, to show that the number of statements does not grow with the rows. */
const SMALL_KEYS = 1_000;

// The shapes of the server modules used (see server-module.ts).
interface Orm {
  em: unknown;
  close(force?: boolean): Promise<void>;
}
interface ImportResult {
  applied: boolean;
  refused: number;
  counts: { kind: string; created: number; updated: number; unchanged: number; refused: number }[];
  rows: unknown[];
}
type ImportFn = (ctx: unknown, request: { json: string; apply: boolean }) => Promise<ImportResult>;
type CountSql = <T>(fn: () => Promise<T>) => Promise<{ result: T; sql: { count: number } }>;

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

/**
 * An organisation of `keys` keys: a user per 10 keys (one in ten departed), a group email per 100
 * keys with three members, a service per 200 keys; each group is Billing on two services and each
 * tenth user Admin on one. Nine keys in ten come with their digest and prefix, the rest without.
 */
export function inventory(keys: number, tag: string): string {
  const users = Array.from({ length: keys / 10 }, (_, i) =>
    i % 10 === 9
      ? { email: `u${i}@${tag}.example`, name: `User ${i}`, status: "DEPARTED", departedAt: "2026-06-30" }
      : { email: `u${i}@${tag}.example`, name: `User ${i}`, status: "ACTIVE" },
  );
  const active = users.filter((u) => u.status === "ACTIVE");
  const groupEmails = Array.from({ length: keys / 100 }, (_, i) => ({
    email: `team${i}@${tag}.example`,
    name: `Team ${i}`,
    members: [0, 1, 2].map((j) => (active[(i * 3 + j) % active.length] as { email: string }).email),
  }));
  const services = Array.from({ length: keys / 200 }, (_, i) => ({ slug: `svc-${i}`, name: `Service ${i}` }));
  const collaborators = [
    ...groupEmails.flatMap((g, i) =>
      [0, 1].map((j) => ({ service: `svc-${(i * 2 + j) % services.length}`, holder: g.email, role: "BILLING" })),
    ),
    ...active
      .filter((_, i) => i % 10 === 0)
      .map((u, i) => ({ service: `svc-${i % services.length}`, holder: u.email, role: "ADMIN" })),
  ];
  const holders = [...users.map((u) => u.email), ...groupEmails.map((g) => g.email)];
  const keyRows = Array.from({ length: keys }, (_, i) => {
    const base = {
      name: `Key ${i}`,
      environment: i % 3 === 0 ? "STAGING" : "PRODUCTION",
      holder: holders[i % holders.length],
      createdAt: "2025-01-01T00:00:00Z",
      expiresAt: i % 4 === 0 ? "2027-06-30T00:00:00Z" : null,
    };
    return i % 10 === 9
      ? base
      : { ...base, secretSha256: sha(`${tag}-secret-${i}`), prefix: `sk_${tag.slice(0, 4)}_${i.toString(36)}` };
  });
  return JSON.stringify({ users, groupEmails, services, collaborators, keys: keyRows });
}

async function runImport(): Promise<boolean> {
  await step("building the server", buildServer);
  const db = await step("creating a database", createBenchDatabase);
  await step("migrating it", () => migrateDatabase(db.url));
  const { createOrm } = await serverModule<{ createOrm(o: { url: string; poolMax: number }): Promise<Orm> }>("db/orm");
  const { cliContext } = await serverModule<{ cliContext(orm: Orm, logger: unknown): unknown }>("cli/system-context");
  const { importInventory } = await serverModule<{ importInventory: ImportFn }>("modules/import/import.service");
  const { countSql } = await serverModule<{ countSql: CountSql }>("db/sql-counter");
  const { createLogger } = await serverModule<{ createLogger(level: string, stream: NodeJS.WritableStream): unknown }>(
    "logger",
  );
  const orm = await createOrm({ url: db.url, poolMax: 4 });
  const logger = createLogger("warn", process.stderr);
  const timed = async (json: string, apply: boolean) => {
    const start = performance.now();
    const { result, sql } = await countSql(() => importInventory(cliContext(orm, logger), { json, apply }));
    return { ms: performance.now() - start, statements: sql.count, result };
  };
  try {
    const load = machineLoad();
    const small = await step(`importing ${SMALL_KEYS} keys (statement count)`, () =>
      timed(inventory(SMALL_KEYS, "small"), true),
    );
    const file = inventory(KEYS, "large");
    progress(`  the ${KEYS.toLocaleString("en")}-key file is ${(file.length / 1e6).toFixed(1)} MB of JSON`);
    const dry = await step("dry run", () => timed(file, false));
    const apply = await step("apply", () => timed(file, true));
    const again = await step("re-run (nothing to change)", () => timed(file, true));
    // End to end: the same size of file (other emails and digests) through the real server's
    // POST /v1/imports, into the registry the in-process run just filled.
    const server = await step("starting the server", () => startKeyholder(db.url));
    const authorization = await provisionOperatorToken(db.url);
    const httpFile = inventory(KEYS, "http");
    const http = await step("apply over HTTP (POST /v1/imports)", async () => {
      const start = performance.now();
      const response = await fetch(new URL("/v1/imports", server.base), {
        method: "POST",
        headers: { "content-type": "application/json", authorization },
        body: JSON.stringify({ json: httpFile, apply: true }),
        signal: AbortSignal.timeout(5 * 60_000),
      });
      const result = (await response.json()) as ImportResult;
      if (!response.ok) throw new Error(`POST /v1/imports answered ${response.status}: ${JSON.stringify(result)}`);
      return { ms: performance.now() - start, statements: Number.NaN, result };
    });
    const rows = (r: ImportResult) => r.rows.length.toLocaleString("en");
    const created = apply.result.counts.reduce((n, c) => n + c.created, 0);
    const unchanged = again.result.counts.reduce((n, c) => n + c.unchanged, 0);
    const ok = apply.result.applied && apply.result.refused === 0 && unchanged === again.result.rows.length;
    const httpOk = http.result.applied && http.result.refused === 0;
    const met = ok && httpOk && apply.ms < GOAL_MS && http.ms < GOAL_MS;
    const line = (label: string, r: { ms: number; statements: number; result: ImportResult }) =>
      `${label.padEnd(34)} ${(r.ms / 1000).toFixed(1).padStart(6)} s  ${Number.isNaN(r.statements) ? "" : `${String(r.statements).padStart(4)} statements  `}${rows(r.result)} rows`;
    console.log(
      `Inventory import: ${KEYS.toLocaleString("en")} keys with their holders, group emails, services and roles`,
    );
    console.log(line("dry run", dry));
    console.log(line("apply (one transaction)", apply));
    console.log(line("re-run (all unchanged)", again));
    console.log(line(`apply of ${SMALL_KEYS} keys`, small));
    console.log(line("apply over HTTP, into that registry", http));
    console.log(
      `Created ${created.toLocaleString("en")} records; the re-run found ${unchanged.toLocaleString("en")} unchanged.`,
    );
    console.log(`Goal: apply under ${GOAL_MS / 1000} s, in-process and over HTTP: ${met ? "met" : "NOT met"}.`);
    console.log(describeMachine({ ...load, loadAverageAfter: machineLoad().loadAverage }));
    console.log(
      JSON.stringify({
        scenario: "import",
        keys: KEYS,
        dryRunMs: Math.round(dry.ms),
        applyMs: Math.round(apply.ms),
        rerunMs: Math.round(again.ms),
        httpApplyMs: Math.round(http.ms),
        applyStatements: apply.statements,
        smallApplyStatements: small.statements,
        created,
        goalMet: met,
      }),
    );
    return met;
  } finally {
    await orm.close(true);
  }
}

export const importScenario: Scenario = {
  name: "import",
  summary:
    "importInventory of 100,000 keys with their holders, services and roles: dry run, apply, re-run; apply over HTTP",
  run: (_options: ScenarioOptions) => runImport(),
};
