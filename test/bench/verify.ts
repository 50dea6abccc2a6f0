import { isDeepStrictEqual } from "node:util";
import { provisionAccessToken } from "./auth.ts";
import { startDbCpuProbe } from "./db-cpu.ts";
import { type HttpResponse, jsonPoster } from "./http-client.ts";
import { type RunningServer, startBaselineScript, startKeyholder } from "./keyholder.ts";
import { progress, step } from "./log.ts";
import { describeMachine, machineLoad } from "./machine.ts";
import { measureAlternately, type Target } from "./measure.ts";
import { seededBenchDatabase } from "./prepare.ts";
import { summariseCpuProfiles } from "./profile-summary.ts";
import type { Scenario, ScenarioOptions } from "./scenario.ts";
import { type SeedSize } from "./seed.ts";
import { measureThroughput, type Throughput, type ThroughputLoad } from "./throughput.ts";
import { formatVerifyJson, formatVerifyReport, verifyGoals } from "./verify-report.ts";
import { type KnownKey, seedVerifyFixture } from "./verify-seed.ts";

/** Background data, so the lookups run against tables of a realistic shape (a fifth of keys-page's). */
const BACKGROUND_SIZE: SeedSize = { holders: 2_000, services: 200, keys: 20_000 };
/** Keys whose secrets the bench knows, and the holders (Billing on `bench-verify`) who hold them. */
const FIXTURE_KEYS = 20_000;
const FIXTURE_HOLDERS = 500;
/** The cache-hit targets cycle through this many secrets, all verified during warm-up. */
const HIT_SECRETS = 64;
/**
 * Measured requests are split into this many rounds, alternating between the targets, so that a
 * burst of other work on the machine falls on every target alike; each batch starts with a few
 * unmeasured requests, so the idle pause that alternating itself creates is not counted as tail.
 */
const ROUNDS = 20;
const LEAD_IN = 20;
/** The sustained-throughput load: closed-loop kept-alive connections, warm-up, measured time. */
const THROUGHPUT: ThroughputLoad = { connections: 4, warmupMs: 1_000, durationMs: 4_000 };

const VERIFY_QUERY =
  "query Verify($secret: String!, $service: String!, $environment: Environment) { " +
  "verifyApiKey(secret: $secret, service: $service, environment: $environment) " +
  "{ valid reason keyId environment holder { id email kind } } }";

/** The JSON body of POST /v1/keys/verify for one key. */
const routeBody = (key: KnownKey, service: string) =>
  JSON.stringify({ secret: key.secret, service, environment: key.environment });
/** The same question as a GraphQL request. */
const graphqlBody = (key: KnownKey, service: string) =>
  JSON.stringify({ query: VERIFY_QUERY, variables: { secret: key.secret, service, environment: key.environment } });

/** Cycles through prepared bodies (the hit set); each call returns the next. */
function cycle(bodies: Buffer[]): () => Buffer {
  let i = 0;
  return () => bodies[i++ % bodies.length]!;
}

/** Hands out each prepared body once (never-verified secrets); running out is an error. */
function once(bodies: Buffer[]): () => Buffer {
  let i = 0;
  return () => {
    const body = bodies[i++];
    if (!body) throw new Error(`the miss target ran out of never-verified secrets (${bodies.length})`);
    return body;
  };
}

/** An answer check: status 200 and a VALID verification, whatever the envelope. */
function validAnswer(res: HttpResponse): string | null {
  if (res.status !== 200) return "an error";
  if (res.body.includes('"errors":')) return "a GraphQL error";
  return res.body.includes('"valid":true') ? null : "a verification that is not VALID";
}
const okAnswer = (res: HttpResponse) => (res.status === 200 ? null : "an error");

/**
 * Before any timing: the route and GraphQL must give the same VALID answer for a key, and a key
 * verified on a service its holder is not Billing on must be refused (so VALID means something).
 */
async function checkAnswers(keyholder: RunningServer, authorization: string, key: KnownKey, service: string) {
  const headers = { authorization };
  const route = jsonPoster(`${keyholder.base}/v1/keys/verify`, headers);
  const graphql = jsonPoster(keyholder.url, headers);
  try {
    const viaRoute = await route.post(Buffer.from(routeBody(key, service)));
    const viaGraphql = await graphql.post(Buffer.from(graphqlBody(key, service)));
    const fromRoute = JSON.parse(viaRoute.body) as { valid?: boolean; reason?: string };
    const fromGraphql = (JSON.parse(viaGraphql.body) as { data?: { verifyApiKey?: unknown } }).data?.verifyApiKey;
    if (viaRoute.status !== 200 || fromRoute.valid !== true) {
      throw new Error(`POST /v1/keys/verify did not answer VALID (${viaRoute.status}): ${viaRoute.body}`);
    }
    if (!isDeepStrictEqual(fromRoute, fromGraphql)) {
      throw new Error(`route and GraphQL differ:\n  route:   ${viaRoute.body}\n  graphql: ${viaGraphql.body}`);
    }
    const elsewhere = await route.post(Buffer.from(routeBody(key, "service-1-not-billing")));
    const refused = JSON.parse(elsewhere.body) as { valid?: boolean; reason?: string };
    if (refused.valid !== false) throw new Error(`a key was VALID on a service it is not for: ${elsewhere.body}`);
    return `${fromRoute.reason} via both routes (${viaRoute.body.length} bytes); on another service: ${refused.reason}`;
  } finally {
    route.close();
    graphql.close();
  }
}

async function run(options: ScenarioOptions): Promise<boolean> {
  const bg = BACKGROUND_SIZE;
  const db = await seededBenchDatabase(bg);
  // Every miss (warm-up and lead-ins included) needs a secret never verified before.
  const keyCount = Math.max(FIXTURE_KEYS, HIT_SECRETS + options.warmup + options.requests + ROUNDS * LEAD_IN);
  const fixture = await step(`adding ${keyCount} keys with known secrets, Billing on "bench-verify"`, () =>
    seedVerifyFixture(db.url, { keys: keyCount, holders: FIXTURE_HOLDERS, services: bg.services }),
  );
  const authorization = await provisionAccessToken(db.url);
  if (!authorization) throw new Error("the schema has no access tokens: POST /v1/keys/verify cannot be called");
  progress("  requests carry a VIEWER access token");

  const nodeFlags = options.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const [keyholder, bare, rawPg] = await step("starting keyholder and the two baselines", () =>
    Promise.all([
      startKeyholder(db.url, nodeFlags),
      startBaselineScript("baseline H", "verify-baseline-server.ts", db.url, { MODE: "http" }),
      startBaselineScript("baseline R", "verify-baseline-server.ts", db.url, { MODE: "pg" }),
    ]),
  );
  const service = fixture.serviceSlug;
  const hitKeys = fixture.keys.filter((k) => k.environment === "PRODUCTION").slice(0, HIT_SECRETS);
  const missKeys = fixture.keys.filter((k) => !hitKeys.includes(k));
  progress(`  ${await checkAnswers(keyholder, authorization, hitKeys[0]!, service)}`);

  const routeUrl = `${keyholder.base}/v1/keys/verify`;
  const sample = routeBody(hitKeys[0]!, service);
  const target = (name: string, url: string, server: RunningServer, application: string | null): Target => ({
    name,
    url,
    pid: server.child.pid,
    authorization,
    dbCpu: db.local && application ? () => startDbCpuProbe(db.admin, db.name, application) : undefined,
    checkAnswer: validAnswer,
  });
  const toBuffers = (keys: KnownKey[], body: (k: KnownKey, s: string) => string) =>
    keys.map((k) => Buffer.from(body(k, service)));
  const bareTarget = { ...target("H", `${bare.base}/v1/keys/verify`, bare, null), checkAnswer: okAnswer };
  const hitTarget = {
    ...target("verify-hit", routeUrl, keyholder, "keyholder"),
    nextBody: cycle(toBuffers(hitKeys, routeBody)),
  };
  const graphqlTarget = {
    ...target("graphql-hit", keyholder.url, keyholder, "keyholder"),
    nextBody: cycle(toBuffers(hitKeys, graphqlBody)),
  };
  const load = { warmup: options.warmup, requests: options.requests, rounds: ROUNDS, leadIn: LEAD_IN };

  const machineBefore = machineLoad();
  const [h, r, hit, miss] = await measureAlternately(
    [
      bareTarget,
      { ...target("R+H", `${rawPg.base}/v1/keys/verify`, rawPg, "kh-bench-verify-pg"), checkAnswer: okAnswer },
      hitTarget,
      { ...target("verify-miss", routeUrl, keyholder, "keyholder"), nextBody: once(toBuffers(missKeys, routeBody)) },
    ],
    sample,
    load,
  );
  // GraphQL afterwards, against H again: its garbage (much of it surviving young-generation
  // collections) would otherwise lengthen the GC pauses that the route's own p99 is judged on.
  const [h2, graphqlHit] = await measureAlternately([{ ...bareTarget, name: "H (2nd)" }, graphqlTarget], sample, {
    ...load,
    warmup: Math.min(load.warmup, 100),
  });

  const throughput: Throughput[] = [];
  const tpLoad = `${THROUGHPUT.connections} connections, ${THROUGHPUT.durationMs / 1000} s after ${THROUGHPUT.warmupMs / 1000} s warm-up`;
  for (const t of [bareTarget, hitTarget, graphqlTarget]) {
    throughput.push(
      await step(`sustained throughput of ${t.name} (${tpLoad})`, () => measureThroughput(t, sample, THROUGHPUT)),
    );
  }
  const machine = { ...machineBefore, loadAverageAfter: machineLoad().loadAverage };

  let profile = "";
  if (options.cpuProfileDir) {
    // V8 writes the profile when the server exits; it covers start-up, warm-up and the throughput runs too.
    await keyholder.child.stop();
    profile = `\n${await summariseCpuProfiles(options.cpuProfileDir)}\n`;
  }

  const goals = verifyGoals({ h, r, hit, miss, h2, graphqlHit }, throughput);
  const title =
    `verify: POST /v1/keys/verify (and GraphQL verifyApiKey) with an access token, ${fixture.keys.length} known keys ` +
    `among ${bg.keys + fixture.keys.length}, concurrency 1, ${options.requests} requests per target ` +
    `in ${ROUNDS} alternating rounds (each after ${LEAD_IN} unmeasured) ` +
    `(hits cycle through ${HIT_SECRETS} warmed secrets; every miss is a secret never verified before; ` +
    "GraphQL measured in a second phase, against H again)";
  console.log(
    `${profile}\n${formatVerifyReport(title, { h, r, hit, miss, h2, graphqlHit }, throughput, goals)}\n${describeMachine(machine)}\n`,
  );
  const extra = {
    seed: bg,
    fixture: { keys: fixture.keys.length, holders: fixture.holders, hitSecrets: HIT_SECRETS },
    warmup: options.warmup,
    rounds: ROUNDS,
    leadIn: LEAD_IN,
    throughputLoad: THROUGHPUT,
    machine,
  };
  console.log(formatVerifyJson(extra, { h, r, hit, miss, h2, graphqlHit }, throughput, goals));
  return goals.every((g) => g.met);
}

/** Key verification on a cache hit and a miss, against a bare node:http server and a raw pg lookup. */
export const verify: Scenario = {
  name: "verify",
  summary:
    "key verification (POST /v1/keys/verify, cache hit and miss; GraphQL for comparison) vs node:http and raw pg",
  defaults: { requests: 5000, warmup: 500 },
  run,
};
