import { expect } from "vitest";
import { Role } from "../../shared/role.js";
import type { TestDatabase } from "../database.js";
import { graphql, type TestApi } from "../graphql.js";
import { worksOnBySql } from "./lookup.js";
import type { OffboardingResultJson, Outcome } from "./outcome.js";
import type { RunState } from "./world.js";

/** The tables a plaintext secret must never reach. */
const SECRET_FREE_TABLES = [
  "audit_event",
  "api_key",
  "holder",
  "service",
  "collaborator",
  "group_membership",
  "access_token",
  "session",
  "offboarding_record",
];

/** Every row of every table that holds state, as text; usage timestamps left out (reads update them). */
const STATE_SQL = `
  select 'api_key:' || (to_jsonb(r) - 'last_used_at')::text as row from api_key r
  union all select 'collaborator:' || to_jsonb(r)::text from collaborator r
  union all select 'group_membership:' || to_jsonb(r)::text from group_membership r
  union all select 'holder:' || to_jsonb(r)::text from holder r
  union all select 'service:' || to_jsonb(r)::text from service r
  union all select 'offboarding_record:' || to_jsonb(r)::text from offboarding_record r
  union all select 'access_token:' || (to_jsonb(r) - 'last_used_at')::text from access_token r
  union all select 'session:' || (to_jsonb(r) - 'last_seen_at')::text from session r
  order by 1`;

/** The database as one step found it: every state row, the audit trail in order, where keys work. */
export interface Observation {
  rows: string[];
  audit: { id: string; row: string }[];
  /** Where each key works (two-hop rule, in SQL), slugs sorted. */
  worksOn: Map<string, string[]>;
}

/** Reads the whole state and audit trail with SQL. */
export async function observe(db: TestDatabase): Promise<Observation> {
  const em = db.em();
  const [rows, audit, worksOn] = await Promise.all([
    em.execute<{ row: string }[]>(STATE_SQL),
    em.execute<{ id: string; row: string }[]>("select id::text, a::text as row from audit_event a order by a.id"),
    worksOnBySql(db),
  ]);
  return { rows: rows.map((r) => r.row), audit, worksOn };
}

const KEYS_WORK_ON = graphql(`
  query EveryKeyWorksOn { apiKeys(first: 500) { totalCount nodes { id worksOn { slug } } } }
`);

/** Where each key works according to the API (`ApiKey.worksOn`), slugs sorted. */
export async function worksOnByApi(api: TestApi): Promise<Map<string, string[]>> {
  const { nodes } = (await api.execute(KEYS_WORK_ON)).apiKeys;
  return new Map(nodes.map((k) => [k.id, k.worksOn.map((s) => s.slug).sort()]));
}

/** Invariant 1: every key has exactly one holder that exists; nobody departed holds a key or a role. */
async function checkHolders(db: TestDatabase, state: RunState) {
  const [counts] = await db.em().execute<Record<string, number>[]>(
    `select
      (select count(*)::int from api_key k left join holder h on h.id = k.holder_id where h.id is null) as "keys without a holder",
      (select count(*)::int from api_key k join holder h on h.id = k.holder_id where h.status = 'DEPARTED') as "keys held by the departed",
      (select count(*)::int from collaborator c join holder h on h.id = c.holder_id where h.status = 'DEPARTED') as "roles of the departed",
      (select count(*)::int from group_membership m join holder h on h.id = m.user_id where h.status = 'DEPARTED') as "memberships of the departed",
      (select count(*)::int from holder where id = any(?::uuid[]) and status <> 'DEPARTED') as "offboarded but not departed"`,
    [`{${[...state.departed].join(",")}}`],
  );
  expect(
    Object.entries(counts ?? {}).filter(([, n]) => n !== 0),
    "invariant 1 and departures",
  ).toEqual([]);
}

/** Invariant 3: a change is audited, anything else leaves state and trail alone; the trail only grows. */
function checkAudit(before: Observation, after: Observation, outcome: Outcome) {
  expect(after.audit.slice(0, before.audit.length), "earlier audit rows are kept unchanged").toEqual(before.audit);
  if (outcome.status === "changed") {
    expect(after.audit.length, "a change adds at least one audit event").toBeGreaterThan(before.audit.length);
    expect(after.rows, "a successful change changes something").not.toEqual(before.rows);
  } else {
    expect(after.audit.slice(before.audit.length), `${outcome.status} (${outcome.code}) adds no audit event`).toEqual(
      [],
    );
    expect(after.rows, `${outcome.status} (${outcome.code}) changes nothing`).toEqual(before.rows);
  }
}

/** Invariant 4: no secret ever returned is stored in any table or written to the log. */
async function checkSecrets(db: TestDatabase, api: TestApi, state: RunState) {
  if (!state.secrets.length) return;
  const probes = SECRET_FREE_TABLES.map(
    (t) => `select '${t}' as tbl where exists (select 1 from ${t} r where strpos(r::text, s.secret) > 0)`,
  );
  const leaks = await db
    .em()
    .execute<{ secret: string; tbl: string }[]>(
      `select s.secret, t.tbl from unnest(?::text[]) as s(secret) cross join lateral (${probes.join(" union all ")}) t`,
      [`{${state.secrets.join(",")}}`],
    );
  expect(leaks, "secrets stored in a table").toEqual([]);
  const log = api.logLines.join("\n");
  expect(
    state.secrets.filter((s) => log.includes(s)),
    "secrets in the log",
  ).toEqual([]);
}

/**
 * Invariant 2 for one offboarding: every key the leaver held is accounted for, with the services
 * it worked on before; a reassigned key works on exactly those services (on more only when the
 * operator allowed wider access), and where the result says; a revoked key works nowhere.
 */
async function checkOffboarding(
  db: TestDatabase,
  done: NonNullable<Outcome["offboarding"]>,
  worksOn: Map<string, string[]>,
) {
  const { held, result, allowWiderAccess } = done;
  expect(result.keys.map((k) => k.keyId).sort(), "every key the leaver held is in the result").toEqual(
    [...held.keys()].sort(),
  );
  for (const key of result.keys) {
    expect(key.servicesBefore, `servicesBefore of ${key.keyId}`).toEqual(held.get(key.keyId));
    if (key.action === "REVOKE") {
      const [row] = await db.em().execute("select revoked_at from api_key where id = ?", [key.keyId]);
      expect(row?.revoked_at, `revoked key ${key.keyId}`).not.toBeNull();
      expect(worksOn.get(key.keyId), `revoked key ${key.keyId} works nowhere`).toEqual([]);
      continue;
    }
    expect(worksOn.get(key.keyId), `reassigned key ${key.keyId} works where the result says`).toEqual(
      key.servicesAfter,
    );
    expect(worksOn.get(key.keyId), `reassigned key ${key.keyId} still works where it did`).toEqual(
      allowWiderAccess ? expect.arrayContaining(key.servicesBefore) : key.servicesBefore,
    );
  }
}

/**
 * Reassigned keys of an offboarding that the operator let widen access: the keys that now work on
 * more services than before (every other reassigned key still works on all it did).
 */
export async function keysThatGainedAccess(api: TestApi, result: OffboardingResultJson): Promise<string[]> {
  const worksOn = await worksOnByApi(api);
  return result.keys
    .filter((k) => k.action === "REASSIGN")
    .filter((k) => (worksOn.get(k.keyId) ?? []).some((slug) => !k.servicesBefore.includes(slug)))
    .map((k) => k.keyId);
}

/** GraphQL armor allows at most 20 aliases in one request. */
const ALIASES_PER_REQUEST = 20;

/**
 * "Works" as a service sees it: every key's current secret verifies on exactly the services
 * `worksOn` lists (aliased verifyApiKey queries, through the verifier and its cache).
 */
async function checkVerification(db: TestDatabase, api: TestApi, state: RunState, worksOn: Map<string, string[]>) {
  const services = await db.em().execute<{ slug: string }[]>("select slug from service order by slug");
  const probes = [...state.secretOf].flatMap(([keyId, secret]) =>
    services.map(({ slug }) => ({ keyId, secret, slug })),
  );
  const wrong: { key: string; service: string; valid: boolean; reason: string }[] = [];
  for (let start = 0; start < probes.length; start += ALIASES_PER_REQUEST) {
    const batch = probes.slice(start, start + ALIASES_PER_REQUEST);
    const fields = batch.map(
      (p, i) => `v${i}: verifyApiKey(secret: "${p.secret}", service: "${p.slug}") { valid reason }`,
    );
    // Text: one aliased field per probe, as many as the batch holds, which no fixed document can say.
    const res = await api.as(Role.VIEWER)(`{ ${fields.join("\n")} }`);
    if (res.errors || !res.data) throw new Error(JSON.stringify(res.errors));
    const data = res.data;
    for (const [i, p] of batch.entries()) {
      const { valid, reason } = data[`v${i}`] as { valid: boolean; reason: string };
      const works = worksOn.get(p.keyId)?.includes(p.slug) ?? false;
      if (valid !== works) wrong.push({ key: p.keyId, service: p.slug, valid, reason });
    }
  }
  expect(wrong, "secrets that verify otherwise than worksOn says").toEqual([]);
}

/** Moves report the truth: a key works where the result says; with keepAccess it lost nothing. */
function checkMoves(outcome: Outcome, worksOn: Map<string, string[]>) {
  for (const k of outcome.moved ?? []) {
    expect(worksOn.get(k.keyId), `moved key ${k.keyId} works where the result says`).toEqual(k.servicesAfter);
    if (k.keepAccess) {
      expect(worksOn.get(k.keyId), `moved key ${k.keyId} kept access`).toEqual(
        expect.arrayContaining(k.servicesBefore),
      );
    }
  }
}

/**
 * Invariant 5 after a reassignment or an offboarding: no key works on a service it did not work on
 * before, unless the operator allowed wider access, and then only a key the result listed, on
 * exactly the services listed for it. A moved key keeping access works on exactly its services
 * (on more only where listed and allowed); without keepAccess it may lose but never gain.
 */
function checkNoSilentWidening(before: Map<string, string[]>, after: Map<string, string[]>, outcome: Outcome) {
  const { widening } = outcome;
  if (outcome.status !== "changed" || !widening) return;
  const grew: { key: string; gained: string[]; listed: string[] | null }[] = [];
  for (const [keyId, now] of after) {
    const was = before.get(keyId);
    if (!was) continue;
    const gained = now.filter((s) => !was.includes(s));
    const listed = widening.listed.get(keyId) ?? null;
    const allowed = widening.allowWiderAccess && listed && gained.join() === [...listed].sort().join();
    if (gained.length && !allowed) grew.push({ key: keyId, gained, listed });
  }
  expect(grew, `keys that gained services (allowWiderAccess: ${widening.allowWiderAccess})`).toEqual([]);
  if (!widening.allowWiderAccess) expect([...widening.listed.keys()], "nothing listed as widening").toEqual([]);
  for (const k of outcome.moved ?? []) {
    const now = after.get(k.keyId) ?? [];
    const extra = widening.listed.get(k.keyId) ?? [];
    const expected = k.keepAccess ? [...new Set([...(before.get(k.keyId) ?? []), ...extra])].sort() : now;
    expect(now, `moved key ${k.keyId} works where it did`).toEqual(expected);
  }
  for (const k of outcome.offboarding?.result.keys ?? []) {
    if (k.action !== "REASSIGN") continue;
    const extra = widening.listed.get(k.keyId) ?? [];
    expect(after.get(k.keyId), `reassigned key ${k.keyId} works where it did`).toEqual(
      [...new Set([...(before.get(k.keyId) ?? []), ...extra])].sort(),
    );
  }
}

/** Every check that must hold after a step, given the state before it. */
export async function checkStep(
  db: TestDatabase,
  api: TestApi,
  state: RunState,
  before: Observation,
  outcome: Outcome,
): Promise<Observation> {
  const after = await observe(db);
  checkAudit(before, after, outcome);
  await checkHolders(db, state);
  const worksOn = await worksOnByApi(api);
  expect(worksOn, "ApiKey.worksOn agrees with the two-hop rule").toEqual(await worksOnBySql(db));
  checkMoves(outcome, worksOn);
  checkNoSilentWidening(before.worksOn, worksOn, outcome);
  if (outcome.offboarding) await checkOffboarding(db, outcome.offboarding, worksOn);
  await checkVerification(db, api, state, worksOn);
  await checkSecrets(db, api, state);
  return after;
}
