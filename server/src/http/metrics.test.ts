import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CollaboratorRole } from "../shared/collaborator-role.js";
import { MAX_OPERATION_NAMES } from "../shared/metrics.js";
import { createTestDatabase, type TestDatabase } from "../test-support/database.js";
import { factories } from "../test-support/factories.js";
import { createTestApi, graphql, type TestApi } from "../test-support/graphql.js";
import { verifyOverHttp } from "../test-support/keys.js";

const TOKEN = "metrics-token-for-tests-0123456789";

const HOLDERS = graphql(`query Holders { holders(first: 5) { totalCount } }`);
// Unnamed on purpose: it is counted under the operation name "anonymous".
const UNNAMED_HOLDERS = graphql(`{ holders(first: 5) { totalCount } }`);
const OFFBOARD_ACTIONS = graphql(`
  mutation MetricsOffboard($i: OffboardUserInput!) { offboardUser(input: $i) { offboarding { keys { action } } errors { code } } }
`);
const OFFBOARD_REPLAYED = graphql(`
  mutation MetricsOffboardReplayed($i: OffboardUserInput!) {
    offboardUser(input: $i) { offboarding { replayed } errors { code } }
  }
`);

let db: TestDatabase;
let api: TestApi;
let unconfigured: TestApi;
beforeAll(async () => {
  db = await createTestDatabase();
  api = await createTestApi(db, { metricsToken: TOKEN });
  unconfigured = await createTestApi(db);
});
afterAll(async () => {
  await api?.close();
  await unconfigured?.close();
  await db?.drop();
});
beforeEach(() => db.reset());

async function scrape(authorization = `Bearer ${TOKEN}`) {
  return api.app.inject({ method: "GET", url: "/metrics", headers: { authorization } });
}

/** The value of one sample (`name{labels}`, labels in the order prom-client writes them), 0 when absent. */
async function sample(series: string): Promise<number> {
  const res = await scrape();
  expect(res.statusCode).toBe(200);
  for (const line of res.body.split("\n")) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return 0;
}

/** How much each sample moved while `work` ran. */
async function moved(series: string[], work: () => Promise<unknown>): Promise<Record<string, number>> {
  const before = await Promise.all(series.map(sample));
  await work();
  const after = await Promise.all(series.map(sample));
  return Object.fromEntries(series.map((s, i) => [s, (after[i] ?? 0) - (before[i] ?? 0)]));
}

describe("GET /metrics", () => {
  it("refuses without the token, with a wrong one, and does not exist when no token is configured", async () => {
    for (const authorization of ["", "Bearer", "Bearer wrong", `Bearer ${TOKEN}x`, TOKEN, `Basic ${TOKEN}`]) {
      const res = await scrape(authorization);
      expect({ authorization, status: res.statusCode }).toEqual({ authorization, status: 401 });
      expect(res.body).not.toContain("keyholder_");
    }
    const off = await unconfigured.app.inject({
      method: "GET",
      url: "/metrics",
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(off.statusCode).toBe(404);
    const ok = await scrape();
    expect(ok.statusCode).toBe(200);
    expect(ok.headers["content-type"]).toContain("text/plain");
    // Process metrics, event-loop lag and the pool are there from the start.
    expect(ok.body).toContain("keyholder_nodejs_eventloop_lag_p99_seconds");
    expect(ok.body).toMatch(/keyholder_db_pool_connections\{state="idle"\} \d+/);
    expect(ok.body).toContain('keyholder_db_pool_connections{state="waiting"} 0');
  });

  it("counts and times GraphQL operations by name, with their SQL statements, and HTTP requests by route", async () => {
    const delta = await moved(
      [
        'keyholder_graphql_operation_duration_seconds_count{operation="Holders",type="query"}',
        'keyholder_graphql_operation_duration_seconds_count{operation="anonymous",type="query"}',
        'keyholder_graphql_sql_statements_count{operation="Holders"}',
        'keyholder_http_request_duration_seconds_count{method="POST",route="/graphql",status="2xx"}',
      ],
      async () => {
        await api.gql(HOLDERS);
        await api.gql(HOLDERS);
        await api.gql(UNNAMED_HOLDERS);
      },
    );
    expect(delta).toEqual({
      'keyholder_graphql_operation_duration_seconds_count{operation="Holders",type="query"}': 2,
      'keyholder_graphql_operation_duration_seconds_count{operation="anonymous",type="query"}': 1,
      'keyholder_graphql_sql_statements_count{operation="Holders"}': 2,
      'keyholder_http_request_duration_seconds_count{method="POST",route="/graphql",status="2xx"}': 3,
    });
    expect(await sample('keyholder_graphql_sql_statements_sum{operation="Holders"}')).toBeGreaterThan(0);
  });

  it("counts errors by code: GraphQL errors and a failing mutation's payload errors", async () => {
    const delta = await moved(
      [
        'keyholder_errors_total{code="GRAPHQL_VALIDATION_FAILED",source="graphql"}',
        'keyholder_errors_total{code="INVALID_EMAIL",source="payload"}',
        'keyholder_graphql_operation_duration_seconds_count{operation="invalid",type="unknown"}',
      ],
      async () => {
        // A string: a field the schema lacks, which a typed document cannot name.
        await api.gql("{ noSuchField }");
        const res = await api.gql(
          graphql(
            `mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { user { id } errors { code } } }`,
          ),
          { input: { email: "not an email", name: "Nobody" } },
        );
        expect(res.data?.createUser?.errors).toEqual([{ code: "INVALID_EMAIL" }]);
      },
    );
    expect(delta).toEqual({
      'keyholder_errors_total{code="GRAPHQL_VALIDATION_FAILED",source="graphql"}': 1,
      'keyholder_errors_total{code="INVALID_EMAIL",source="payload"}': 1,
      'keyholder_graphql_operation_duration_seconds_count{operation="invalid",type="unknown"}': 1,
    });
  });

  it("counts verification answers by reason, cache hits and misses, and the invalidations a revocation sends", async () => {
    const f = factories(db.em());
    const group = await f.group();
    await f.collaborator(await f.service({ slug: "fines" }), group, CollaboratorRole.BILLING);
    const key = await f.key(group);
    const body = { secret: key.secret, service: "fines" };
    const delta = await moved(
      [
        'keyholder_verifications_total{reason="VALID"}',
        'keyholder_verifications_total{reason="REVOKED"}',
        'keyholder_verifications_total{reason="MALFORMED"}',
        'keyholder_verify_cache_lookups_total{result="hit"}',
        'keyholder_verify_cache_lookups_total{result="miss"}',
        'keyholder_cache_invalidations_total{topic="key"}',
        'keyholder_http_request_duration_seconds_count{method="POST",route="/v1/keys/verify",status="2xx"}',
      ],
      async () => {
        expect((await verifyOverHttp(api, body)).body.reason).toBe("VALID"); // miss
        expect((await verifyOverHttp(api, body)).body.reason).toBe("VALID"); // hit
        const revoked = await api.gql(
          graphql(`mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { errors { code } } }`),
          { input: { id: key.id, reason: "leaked" } },
        );
        expect(revoked.data?.revokeApiKey?.errors).toEqual([]);
        expect((await verifyOverHttp(api, body)).body.reason).toBe("REVOKED"); // miss after the invalidation
        expect((await verifyOverHttp(api, { secret: "kh_live_nope", service: "fines" })).body.reason).toBe("MALFORMED");
      },
    );
    expect(delta).toMatchObject({
      'keyholder_verifications_total{reason="VALID"}': 2,
      'keyholder_verifications_total{reason="REVOKED"}': 1,
      'keyholder_verifications_total{reason="MALFORMED"}': 1,
      'keyholder_verify_cache_lookups_total{result="hit"}': 1,
      'keyholder_verify_cache_lookups_total{result="miss"}': 2,
      'keyholder_http_request_duration_seconds_count{method="POST",route="/v1/keys/verify",status="2xx"}': 4,
    });
    // This instance's own write, and the same topic again through NOTIFY.
    expect(delta['keyholder_cache_invalidations_total{topic="key"}']).toBeGreaterThanOrEqual(1);
  });

  it("counts completed offboardings and their keys by what happened to them; a dry run counts nothing", async () => {
    const f = factories(db.em());
    const alice = await f.user();
    const finance = await f.group({}, [await f.user()]);
    const fines = await f.service({ slug: "fines" });
    await f.collaborator(fines, alice);
    await f.collaborator(fines, finance);
    const kept = await f.key(alice, { name: "kept" });
    const dropped = await f.key(alice, { name: "dropped" });
    const input = {
      userId: alice.id,
      defaultTargetId: finance.id,
      decisions: [
        { keyId: kept.id, action: "REASSIGN" as const },
        { keyId: dropped.id, action: "REVOKE" as const },
      ],
    };
    const series = [
      "keyholder_offboardings_total",
      'keyholder_offboarded_keys_total{action="reassigned"}',
      'keyholder_offboarded_keys_total{action="revoked"}',
    ];
    const dry = await moved(series, async () => {
      const res = await api.gql(OFFBOARD_ACTIONS, { i: { ...input, dryRun: true } });
      expect(res.data?.offboardUser?.errors).toEqual([]);
    });
    expect(Object.values(dry)).toEqual([0, 0, 0]);
    const real = await moved(series, async () => {
      const res = await api.gql(OFFBOARD_ACTIONS, { i: input });
      expect(res.data?.offboardUser?.errors).toEqual([]);
    });
    expect(real).toEqual({
      keyholder_offboardings_total: 1,
      'keyholder_offboarded_keys_total{action="reassigned"}': 1,
      'keyholder_offboarded_keys_total{action="revoked"}': 1,
    });
  });

  it("counts an offboarding sent twice at once and again under its idempotency key once", async () => {
    const f = factories(db.em());
    const leaver = await f.user();
    const finance = await f.group({}, [await f.user()]);
    await f.key(leaver, { name: "kept" });
    const input = { userId: leaver.id, defaultTargetId: finance.id, idempotencyKey: "hr-feed-leaver-1" };
    const series = ["keyholder_offboardings_total", 'keyholder_offboarded_keys_total{action="reassigned"}'];
    const delta = await moved(series, async () => {
      // At once (the second waits for the first's lock on the user and replays its result), then again.
      const both = await Promise.all([
        api.gql(OFFBOARD_REPLAYED, { i: input }),
        api.gql(OFFBOARD_REPLAYED, { i: input }),
      ]);
      expect(both.map((res) => res.data?.offboardUser?.offboarding?.replayed).sort()).toEqual([false, true]);
      const again = await api.gql(OFFBOARD_REPLAYED, { i: input });
      expect(again.data?.offboardUser).toEqual({ offboarding: { replayed: true }, errors: [] });
    });
    expect(delta).toEqual({
      keyholder_offboardings_total: 1,
      'keyholder_offboarded_keys_total{action="reassigned"}': 1,
    });
  });

  it("labels requests for unknown URLs by no path of theirs", async () => {
    for (const url of ["/nope-4f1c", "/graphql/extra-9a2b", "/v1/keys/verify/3c7d?x=1"]) {
      const res = await api.app.inject({ method: "GET", url });
      expect(res.statusCode).toBe(404);
    }
    const body = (await scrape()).body;
    expect(body).not.toMatch(/4f1c|9a2b|3c7d/);
    expect(body).toMatch(
      /keyholder_http_request_duration_seconds_count\{method="GET",route="unmatched",status="4xx"\} [1-9]/,
    );
  });

  it("keeps operation names from callers without credentials out of the bounded set of labels", async () => {
    for (let i = 0; i < MAX_OPERATION_NAMES + 5; i++) {
      // A string: each request carries an operation name of its own, made up here.
      await api.anonymous(`query Flood${i} { __typename }`);
    }
    const body = (await scrape()).body;
    expect(body).not.toContain('operation="Flood');
    const series = 'keyholder_graphql_operation_duration_seconds_count{operation="Holders",type="query"}';
    expect(await moved([series], () => api.gql(HOLDERS))).toEqual({
      [series]: 1,
    });
  });
});
