import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Role } from "../../shared/role.js";
import { auditRows } from "../../test-support/audit.js";
import { startTestSession } from "../../test-support/auth.js";
import { withSession } from "../../test-support/console.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import {
  type GqlResult,
  graphql,
  type ResultOf,
  type TestApi,
  useTestApi,
  type VariablesOf,
} from "../../test-support/graphql.js";
import type { ApiKey } from "../api-key/api-key.entity.js";
import { SUBJECT_TABLES } from "../audit-log/subject-tables.js";
import { subjectsNamedSql } from "./audit.repository.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const EVENTS = graphql(`
  query($filter: AuditEventFilter, $first: Int, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id action subjectType subjectId actorId actorLabel credentialKind reason requestId actor { email } }
    }
  }
`);
const CREATE_SERVICE = graphql(
  `mutation($input: CreateServiceInput!) { createService(input: $input) { service { id version } errors { code } } }`,
);
const UPDATE_SERVICE = graphql(
  `mutation($input: UpdateServiceInput!) { updateService(input: $input) { service { id } errors { code } } }`,
);
const CREATE_USER = graphql(
  `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } errors { code } } }`,
);

/** Inserts an event directly (the table takes inserts), at a chosen time. */
const insertEvent = (occurredAt: string, action = "test.event", subjectId = "s") =>
  db
    .em()
    .execute(
      "insert into audit_event (occurred_at, actor_label, credential_kind, action, subject_type, subject_id) values (?, 'system', 'SYSTEM', ?, 'Database', ?)",
      [occurredAt, action, subjectId],
    );

const list = async (filter: VariablesOf<typeof EVENTS>["filter"]) => {
  const res = await api.gql(EVENTS, { filter });
  expect(res.errors).toBeUndefined();
  return res.data!.auditEvents.nodes.map((n) => `${n.action}@${n.subjectType}`);
};

describe("auditEvents", () => {
  it("filters by actor, action (exact or prefix), subject type and subject, newest first", async () => {
    const alpha = (await api.gql(CREATE_SERVICE, { input: { slug: "alpha", name: "Alpha" } })).data?.createService
      .service;
    await api.gql(CREATE_USER, { input: { email: "uma@agency.gov.example", name: "Uma" } });
    await api.gql(UPDATE_SERVICE, { input: { id: alpha!.id, version: 1, name: "Alpha 2" } });
    await api.as(Role.OPERATOR)(
      CREATE_SERVICE,
      { input: { slug: "beta", name: "Beta" } },
      { "x-request-id": "req-beta" },
    );

    expect(await list({})).toEqual([
      "service.created@SERVICE",
      "service.updated@SERVICE",
      "user.created@USER",
      "service.created@SERVICE",
    ]);
    const operator = await api.tokenFor(Role.OPERATOR);
    const byOperator = await api.gql(EVENTS, { filter: { actorId: operator.userId } });
    expect(byOperator.data?.auditEvents).toMatchObject({
      totalCount: 1,
      nodes: [
        {
          action: "service.created",
          actorId: operator.userId,
          actorLabel: "test-operator@keyholder.test",
          actor: { email: "test-operator@keyholder.test" },
          credentialKind: "TOKEN",
          requestId: "req-beta",
        },
      ],
    });
    expect(await list({ action: "service.created" })).toEqual(["service.created@SERVICE", "service.created@SERVICE"]);
    expect(await list({ action: "service." })).toEqual([
      "service.created@SERVICE",
      "service.updated@SERVICE",
      "service.created@SERVICE",
    ]);
    expect(await list({ action: "service" })).toEqual([]);
    expect(await list({ action: "%." })).toEqual([]);
    expect(await list({ action: "_ser." })).toEqual([]);
    expect(await list({ subjectType: "USER" })).toEqual(["user.created@USER"]);
    expect(await list({ subjectId: alpha!.id })).toEqual(["service.updated@SERVICE", "service.created@SERVICE"]);
    expect(await list({ subjectId: alpha!.id, action: "service.created" })).toEqual(["service.created@SERVICE"]);
    expect(await list({ actorId: randomUUID() })).toEqual([]);
  });

  it("filters by time: from is inclusive, to is exclusive", async () => {
    await insertEvent("2030-01-01T00:00:00Z", "t.zero");
    await insertEvent("2030-01-01T01:00:00Z", "t.one");
    await insertEvent("2030-01-01T02:00:00Z", "t.two");
    expect(await list({ from: "2030-01-01T01:00:00Z" })).toEqual(["t.two@DATABASE", "t.one@DATABASE"]);
    expect(await list({ to: "2030-01-01T01:00:00Z" })).toEqual(["t.zero@DATABASE"]);
    expect(await list({ from: "2030-01-01T01:00:00Z", to: "2030-01-01T02:00:00Z" })).toEqual(["t.one@DATABASE"]);
    expect(await list({ from: "2030-01-01T03:00:00Z" })).toEqual([]);
  });

  it("pages through every event exactly once, newest first, ties broken by id", async () => {
    for (let i = 0; i < 23; i++) {
      // Triples share a timestamp so the id tie-break is exercised.
      await insertEvent(new Date(Date.UTC(2030, 0, 1, 0, Math.floor(i / 3))).toISOString(), `p.${i}`);
    }
    const expected = (await auditRows(db))
      .sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime() || Number(b.id) - Number(a.id))
      .map((e) => e.id);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res: GqlResult<ResultOf<typeof EVENTS>> = await api.gql(EVENTS, { first: 5, after });
      expect(res.errors).toBeUndefined();
      expect(res.data?.auditEvents.totalCount).toBe(23);
      const page = res.data!.auditEvents;
      seen.push(...page.nodes.map((n) => n.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages++;
    } while (after && pages < 10);
    expect(pages).toBe(5);
    expect(seen).toEqual(expected);
  });

  it("rejects a malformed actor id and a cursor from another list", async () => {
    const bad = await api.gql(EVENTS, { filter: { actorId: "someone" } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "INVALID_ID" });
    const cursor = Buffer.from(JSON.stringify(["apiKeys", "2030-01-01T00:00:00Z", randomUUID()])).toString("base64url");
    const wrong = await api.gql(EVENTS, { after: cursor });
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: "INVALID_CURSOR" });
  });
});

describe("what gets recorded", () => {
  it("failed mutations record nothing", async () => {
    await api.gql(CREATE_SERVICE, { input: { slug: "Not A Slug", name: "x" } });
    await api.gql(UPDATE_SERVICE, { input: { id: randomUUID(), version: 1, name: "x" } });
    await api.as(Role.VIEWER)(CREATE_SERVICE, { input: { slug: "viewer-made", name: "x" } });
    await api.gql(CREATE_USER, { input: { email: "nope", name: "x" } });
    expect(await auditRows(db)).toEqual([]);
    expect(await db.em().execute("select id from service")).toEqual([]);
  });

  it("a request's audit events carry its id: the one sent, or a generated one echoed back", async () => {
    const sent = await api.gql(CREATE_SERVICE, { input: { slug: "one", name: "One" } }, { "x-request-id": "trace-42" });
    expect(sent.headers["x-request-id"]).toBe("trace-42");
    const generated = await api.gql(CREATE_SERVICE, { input: { slug: "two", name: "Two" } });
    const insane = await api.gql(
      CREATE_SERVICE,
      { input: { slug: "three", name: "Three" } },
      { "x-request-id": "a b\tc" },
    );
    for (const res of [generated, insane]) expect(res.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect((await auditRows(db)).map((e) => e.requestId)).toEqual([
      "trace-42",
      generated.headers["x-request-id"],
      insane.headers["x-request-id"],
    ]);
  });

  it("a change that fails inside its transaction records nothing, and a failed audit write undoes the change", async () => {
    const sql = (text: string) => db.em().execute(text);
    await sql(`create function test_refuse() returns trigger language plpgsql as $$
      begin raise exception 'refused by test'; end $$`);
    try {
      await sql(
        "create trigger test_refuse_service before insert on service for each row when (new.slug = 'doomed') execute function test_refuse()",
      );
      const failed = await api.gql(
        CREATE_SERVICE,
        { input: { slug: "doomed", name: "Doomed" } },
        { "x-request-id": "req-doomed" },
      );
      expect(failed.errors?.[0]?.extensions).toMatchObject({ code: "INTERNAL_SERVER_ERROR", requestId: "req-doomed" });
      expect(JSON.stringify(failed.errors)).not.toContain("refused by test");

      await sql(
        "create trigger test_refuse_audit before insert on audit_event for each row when (new.subject_type = 'Service') execute function test_refuse()",
      );
      const unaudited = await api.gql(CREATE_SERVICE, { input: { slug: "unaudited", name: "Unaudited" } });
      expect(unaudited.errors?.[0]?.extensions?.code).toBe("INTERNAL_SERVER_ERROR");
    } finally {
      await sql("drop trigger if exists test_refuse_service on service");
      await sql("drop trigger if exists test_refuse_audit on audit_event");
      await sql("drop function if exists test_refuse()");
    }
    expect(await db.em().execute("select slug from service")).toEqual([]);
    expect(await auditRows(db)).toEqual([]);
    // The server still works afterwards.
    const ok = await api.gql(CREATE_SERVICE, { input: { slug: "fine", name: "Fine" } });
    expect(ok.data?.createService?.errors).toEqual([]);
    expect((await auditRows(db)).map((e) => e.action)).toEqual(["service.created"]);
  });
});

const MANY = graphql(`
  mutation AuditedMoveMany($i: ReassignApiKeysInput!) { reassignApiKeys(input: $i) { errors { code } } }
`);
const ONE = graphql(`
  mutation AuditedMoveOne($i: ReassignApiKeyInput!) { reassignApiKey(input: $i) { errors { code } } }
`);
const HISTORY = graphql(`
  query HolderKeysHistory($holder: ID!) {
    apiKeys(filter: { holderId: $holder }, first: 50) {
      nodes { id history(first: 5) { nodes { action subjectId reason } } custody { holderEmail reason } }
    }
  }
`);
const KEY_HISTORY = graphql(`
  query KeyHistoryAndCustody($id: ID!) {
    apiKey(id: $id) { history { nodes { id reason } } custody { holderEmail reason } }
  }
`);
const ENTRIES = graphql(`
  query AuditEntries($filter: AuditEventFilter, $first: Int, $after: String, $subjects: Int, $subjectsAfter: String) {
    auditEntries(filter: $filter, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      nodes { id action subjectCount subjectLabel reason actor { email }
        subjects(first: $subjects, after: $subjectsAfter) {
          totalCount pageInfo { hasNextPage endCursor } nodes { id subjectId subjectLabel } } }
    }
  }
`);

describe("a change recorded alike for many subjects", () => {
  /** Alice's four keys and Bob's three, given interleaved, move to one group email in one call. */
  async function bulkMove() {
    const f = factories(db.em());
    const alice = await f.user({ email: "alice@agency.gov.example" });
    const bob = await f.user({ email: "bob@agency.gov.example" });
    const team = await f.group({ email: "team@agency.gov.example" });
    const a = await f.keys(Array.from({ length: 4 }, (_, i) => ({ holder: alice, name: `a${i}` })));
    const b = await f.keys(Array.from({ length: 3 }, (_, i) => ({ holder: bob, name: `b${i}` })));
    const given = [a[0], b[0], a[1], b[1], a[2], b[2], a[3]].map((k) => k?.id as string);
    const res = await api.gql(MANY, { i: { ids: given, toHolderId: team.id, reason: "reorg" } });
    expect(res.data?.reassignApiKeys?.errors).toEqual([]);
    // The result lists keys by id, and so does the audit: each set in that order, the sets by their first key.
    return { alice, bob, team, a: a.map((k) => k.id).sort(), b: b.map((k) => k.id).sort() };
  }

  it("is stored once per set, in the result's order, and read as one event per subject", async () => {
    const moved = await bulkMove();
    const [a, b, alice, bob] =
      (moved.a[0] as string) < (moved.b[0] as string)
        ? [moved.a, moved.b, moved.alice, moved.bob]
        : [moved.b, moved.a, moved.bob, moved.alice];
    const stored = await db
      .em()
      .execute<{ id: string; subject_id: string | null; ids: string[] | null; before: { holder: string } }[]>(
        "select id::text, subject_id, subject_ids::text[] as ids, before from audit_event where action = 'api_key.reassigned' order by id",
      );
    expect(stored.map((r) => [r.subject_id, r.ids, r.before.holder])).toEqual([
      [null, a, alice.email],
      [null, b, bob.email],
    ]);
    const [first, second] = stored.map((r) => r.id);
    const res = await api.gql(EVENTS, { filter: { action: "api_key.reassigned" } });
    expect(res.errors).toBeUndefined();
    expect(res.data?.auditEvents.totalCount).toBe(7);
    const events = (row: string | undefined, ids: string[]) => ids.map((id, i) => [`${row}.${i + 1}`, id]).reverse();
    expect(res.data?.auditEvents?.nodes?.map((n: { id: string; subjectId: string }) => [n.id, n.subjectId])).toEqual([
      ...events(second, b),
      ...events(first, a),
    ]);
    for (const node of res.data?.auditEvents?.nodes ?? []) {
      expect(node).toMatchObject({ subjectType: "API_KEY", reason: "reorg", actorLabel: "test-admin@keyholder.test" });
    }
  });

  it("pages through sets one event at a time, each exactly once, in the order recorded", async () => {
    await bulkMove();
    const expected = (await auditRows(db)).map((e) => e.id).reverse();
    expect(expected.filter((id) => id.includes("."))).toHaveLength(7);
    for (const first of [1, 2, 5]) {
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const res: GqlResult<ResultOf<typeof EVENTS>> = await api.gql(EVENTS, { first, after });
        expect(res.errors).toBeUndefined();
        expect(res.data?.auditEvents.totalCount).toBe(expected.length);
        const page = res.data!.auditEvents;
        seen.push(...page.nodes.map((n) => n.id));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after && seen.length <= expected.length);
      expect(seen).toEqual(expected);
    }
  });

  it("finds a subject's events inside sets and out: the subject filter, a key's history and custody", async () => {
    const { a, b, bob, team } = await bulkMove();
    // b[1] goes back to Bob on its own: its history mixes a set and a row about it alone.
    const back = await api.gql(ONE, { i: { id: b[1]!, toHolderId: bob.id, version: 2, reason: "back" } });
    expect(back.data?.reassignApiKey?.errors).toEqual([]);
    expect(await list({ subjectId: b[1] })).toEqual(["api_key.reassigned@API_KEY", "api_key.reassigned@API_KEY"]);
    const counted = await api.gql(EVENTS, { filter: { subjectId: b[1] }, first: 1 });
    expect(counted.data?.auditEvents?.totalCount).toBe(2);
    expect(await list({ subjectId: a[2], subjectType: "API_KEY" })).toEqual(["api_key.reassigned@API_KEY"]);
    expect(await list({ subjectId: a[2], subjectType: "SERVICE" })).toEqual([]);
    // Not a UUID, or shaped to break out of an array literal: simply no events.
    expect(await list({ subjectId: 'x"},{"y' })).toEqual([]);
    expect(await list({ subjectId: "s" })).toEqual([]);

    const res = await api.gql(HISTORY, { holder: team.id });
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.apiKeys.nodes;
    expect(nodes.map((k) => k.id).sort()).toEqual([...a, b[0], b[2]].sort());
    for (const key of nodes) {
      expect(key.history.nodes).toEqual([{ action: "api_key.reassigned", subjectId: key.id, reason: "reorg" }]);
      expect(key.custody).toEqual([
        { holderEmail: a.includes(key.id) ? "alice@agency.gov.example" : "bob@agency.gov.example", reason: null },
        { holderEmail: "team@agency.gov.example", reason: "reorg" },
      ]);
    }
    const moved = await api.gql(KEY_HISTORY, { id: b[1]! });
    expect(moved.data?.apiKey?.history?.nodes?.map((h) => h.reason)).toEqual(["back", "reorg"]);
    expect(moved.data?.apiKey?.history?.nodes?.[0]?.id).toMatch(/^\d+$/);
    expect(moved.data?.apiKey?.history?.nodes?.[1]?.id).toMatch(/^\d+\.2$/);
    expect(moved.data?.apiKey?.custody).toEqual([
      { holderEmail: "bob@agency.gov.example", reason: null },
      { holderEmail: "team@agency.gov.example", reason: "reorg" },
      { holderEmail: "bob@agency.gov.example", reason: "back" },
    ]);
  });
});

/**
 * Alice's `count` keys moved to the group email `to` in one reassignment (one audit entry naming
 * them all, with the reason "reorg"), then `service` created: an entry of many subjects and one of one.
 */
async function keysMovedThenService(
  moved: { count: number; name: (i: number) => string; to: string },
  service: { slug: string; name: string },
) {
  const f = factories(db.em());
  const alice = await f.user({ email: "alice@agency.gov.example" });
  const team = await f.group({ email: moved.to });
  const keys = await f.keys(Array.from({ length: moved.count }, (_, i) => ({ holder: alice, name: moved.name(i) })));
  const res = await api.gql(
    graphql(`mutation($i: ReassignApiKeysInput!) { reassignApiKeys(input: $i) { errors { code } } }`),
    { i: { ids: keys.map((k) => k.id), toHolderId: team.id, reason: "reorg" } },
  );
  expect(res.data?.reassignApiKeys?.errors).toEqual([]);
  await api.gql(CREATE_SERVICE, { input: service });
  return { alice, keys };
}

describe("subjectLabel", () => {
  const LABELS = graphql(`query AuditLabels($filter: AuditEventFilter, $first: Int) {
    auditEvents(filter: $filter, first: $first) { nodes { action subjectType subjectLabel } } }`);

  it("names every subject in words, in one statement for a page whatever its size", async () => {
    const { alice, keys } = await keysMovedThenService(
      { count: 30, name: (i) => `payments ${i}`, to: "team@agency.gov.example" },
      { slug: "parking-fines", name: "Parking" },
    );
    await insertEvent("2030-01-01T00:00:00Z", "test.event", alice.id);

    const [first] = (await api.gql(LABELS, { first: 2 })).data?.auditEvents?.nodes ?? [];
    expect(first).toEqual({ action: "test.event", subjectType: "DATABASE", subjectLabel: "alice@agency.gov.example" });
    const all = await api.gql(LABELS, { filter: { action: "api_key.reassigned" }, first: 30 });
    const labels = all.data?.auditEvents?.nodes?.map((n) => n.subjectLabel).sort();
    expect(labels).toEqual(keys.map((k) => `${k.name} (${k.prefix}…)`).sort());
    expect((await list({ action: "service.created" })).length).toBe(1);
    const service = await api.gql(LABELS, { filter: { action: "service.created" } });
    expect(service.data?.auditEvents?.nodes?.[0]?.subjectLabel).toBe("parking-fines");

    // A subject no table holds: its id.
    await insertEvent("2030-01-02T00:00:00Z", "test.gone", "gone");
    const gone = await api.gql(LABELS, { filter: { action: "test.gone" } });
    expect(gone.data?.auditEvents?.nodes?.[0]?.subjectLabel).toBe("gone");

    const small = await api.gql(LABELS, { filter: { action: "api_key." }, first: 2 });
    const big = await api.gql(LABELS, { filter: { action: "api_key." }, first: 30 });
    expect(big.data?.auditEvents?.nodes).toHaveLength(30);
    expect(big.sqlStatements).toBe(small.sqlStatements);
  });
});

describe("the subject filter", () => {
  it("finds a subject's events by email, key name, key prefix, service slug, label, id or its start", async () => {
    const f = factories(db.em());
    const alice = await f.user({ email: "alice@agency.gov.example" });
    const team = await f.group({ email: "team@agency.gov.example" });
    const [key, other] = (await f.keys([
      { holder: alice, name: "Payments worker" },
      { holder: alice, name: "other" },
    ])) as [ApiKey, ApiKey];
    const move = await api.gql(
      graphql(`mutation($i: ReassignApiKeysInput!) { reassignApiKeys(input: $i) { errors { code } } }`),
      { i: { ids: [key.id, other.id], toHolderId: team.id, reason: "reorg" } },
    );
    expect(move.data?.reassignApiKeys?.errors).toEqual([]);
    const alpha = (await api.gql(CREATE_SERVICE, { input: { slug: "alpha", name: "Alpha" } })).data?.createService
      .service;
    await insertEvent("2030-01-01T00:00:00Z", "test.alice", alice.id);

    const subjects = async (subject: string) => {
      const res = await api.gql(
        graphql(`query($filter: AuditEventFilter) { auditEvents(filter: $filter) {
        totalCount nodes { action subjectId } } }`),
        { filter: { subject } },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data?.auditEvents.totalCount).toBe(res.data?.auditEvents?.nodes?.length);
      return res.data?.auditEvents?.nodes?.map(
        (n: { action: string; subjectId: string }) => `${n.action}@${n.subjectId}`,
      );
    };
    const keyEvents = [`api_key.reassigned@${key.id}`];
    expect(await subjects("Alice@Agency.gov.example ")).toEqual([`test.alice@${alice.id}`]);
    expect(await subjects("payments worker")).toEqual(keyEvents);
    expect(await subjects(key.prefix)).toEqual(keyEvents);
    expect(await subjects(`Payments worker (${key.prefix}…)`)).toEqual(keyEvents);
    expect(await subjects("alpha")).toEqual([`service.created@${alpha!.id}`]);
    expect(await subjects(key.id)).toEqual(keyEvents);
    expect(await subjects(`${key.id.slice(0, 8)}…`)).toContain(keyEvents[0]);
    // Text that names nothing: no events, never all of them.
    expect(await subjects("nobody@agency.gov.example")).toEqual([]);
    expect(await subjects("Payments")).toEqual([]);
  });

  it("reads a label as that key alone, however many keys share its name", async () => {
    const f = factories(db.em());
    const alice = await f.user({ email: "alice@agency.gov.example" });
    const [mine, namesake] = (await f.keys([
      { holder: alice, name: "ci" },
      { holder: alice, name: "CI" },
    ])) as [ApiKey, ApiKey];
    await insertEvent("2030-01-01T00:00:00Z", "test.mine", mine.id);
    await insertEvent("2030-01-02T00:00:00Z", "test.namesake", namesake.id);
    expect(await list({ subject: `ci (${mine.prefix}…)` })).toEqual(["test.mine@DATABASE"]);
    expect(await list({ subject: `CI (${namesake.prefix}…)` })).toEqual(["test.namesake@DATABASE"]);
    // A label whose name is not the key's names nothing.
    expect(await list({ subject: `other (${mine.prefix}…)` })).toEqual([]);
    expect(await list({ subject: "ci" })).toEqual(["test.namesake@DATABASE", "test.mine@DATABASE"]);
  });

  it("finds an access token's events by the label the log shows for it, or by its prefix", async () => {
    const session = withSession(api, await startTestSession(db.em(), Role.ADMIN));
    const created = await session(
      graphql(
        `mutation($input: CreateAccessTokenInput!) { createAccessToken(input: $input) { accessToken { id name prefix } errors { code } } }`,
      ),
      { input: { name: "HR leavers feed", role: "VIEWER", expiresInDays: 30 } },
    );
    const token = created.data?.createAccessToken?.accessToken as { id: string; name: string; prefix: string };
    const labels = await api.gql(
      graphql(`query($filter: AuditEventFilter) { auditEvents(filter: $filter) { nodes { action subjectLabel } } }`),
      { filter: { action: "access_token.created" } },
    );
    const label = labels.data?.auditEvents?.nodes?.[0]?.subjectLabel;
    expect(label).toBe(`HR leavers feed (${token.prefix}…)`);
    expect(await list({ subject: label })).toEqual(["access_token.created@ACCESS_TOKEN"]);
    expect(await list({ subject: token.prefix })).toEqual(["access_token.created@ACCESS_TOKEN"]);
  });

  it("answers text shaped almost like the start of an id with no events, not an error", async () => {
    await insertEvent("2030-01-01T00:00:00Z");
    for (const subject of ["d1e94add--", "d1e94add-1-", "d1e94add-1234-1234-1234-1234-1234", "d1e94add-12"])
      expect(await list({ subject }), subject).toEqual([]);
  });

  it("looks every kind of name up by an index", async () => {
    const em = db.em();
    for (const text of ["alice@agency.gov.example", "Payments worker (kh_live_ab…)", "d1e94add…", "feed (khp_4Fq9…)"]) {
      const query = subjectsNamedSql(text, SUBJECT_TABLES);
      if (!query) throw new Error(`nothing to look up for ${text}`);
      const plan = await em.transactional(async (tx) => {
        await tx.execute("set local enable_seqscan = off");
        const rows = await tx.execute<Record<string, string>[]>(`explain ${query.text}`, [...query.params]);
        return rows.map((r) => Object.values(r)[0]).join("\n");
      });
      expect(plan, text).not.toMatch(/Seq Scan/);
    }
  });
});

describe("categories", () => {
  it("keeps events whose action is in any of the families given, sign-ins apart", async () => {
    for (const action of [
      "auth.signed_in",
      "access_token.created",
      "api_key.created",
      "user.created",
      "group_email.member_added",
      "user.offboarded",
      "service.archived",
      "collaborator.added",
      "leaver_case.opened",
      "scim_client.created",
      "webhook_endpoint.created",
    ])
      await insertEvent("2030-01-01T00:00:00Z", action);
    const actions = async (categories: NonNullable<NonNullable<VariablesOf<typeof EVENTS>["filter"]>["categories"]>) =>
      (await list({ categories })).map((a) => a.split("@")[0]);
    expect(await actions(["KEYS", "HOLDERS", "SERVICES", "OFFBOARDING"])).toEqual([
      "leaver_case.opened",
      "collaborator.added",
      "service.archived",
      "user.offboarded",
      "group_email.member_added",
      "user.created",
      "api_key.created",
    ]);
    expect(await actions(["ACCESS"])).toEqual(["scim_client.created", "access_token.created", "auth.signed_in"]);
    expect(await actions(["HOLDERS"])).toEqual(["group_email.member_added", "user.created"]);
    expect(await actions(["OFFBOARDING", "OFFBOARDING"])).toEqual(["leaver_case.opened", "user.offboarded"]);
    expect(await actions(["NOTIFICATIONS"])).toEqual(["webhook_endpoint.created"]);
    expect(await actions([])).toEqual([]);
    const counted = await api.gql(EVENTS, { filter: { categories: ["SERVICES"] }, first: 1 });
    expect(counted.data?.auditEvents?.totalCount).toBe(2);
  });
});

describe("auditEntries", () => {
  it("reads a change made alike to many subjects as one entry whose subjects page", async () => {
    const { keys } = await keysMovedThenService(
      { count: 12, name: (i) => `k${i}`, to: "finance@agency.gov.example" },
      { slug: "alpha", name: "Alpha" },
    );
    const stored = await db
      .em()
      .execute<{ id: string; ids: string[] }[]>(
        "select id::text, subject_ids::text[] as ids from audit_event where action = 'api_key.reassigned'",
      );
    expect(stored).toHaveLength(1);
    const [set] = stored as [{ id: string; ids: string[] }];

    const res = await api.gql(ENTRIES, { subjects: 5 });
    expect(res.errors).toBeUndefined();
    expect(res.data?.auditEntries?.totalCount).toBe(2);
    const [service, entry] = res.data?.auditEntries?.nodes ?? [];
    expect(service).toMatchObject({ action: "service.created", subjectCount: 1, subjectLabel: "alpha" });
    expect(service?.subjects.nodes).toHaveLength(1);
    expect(entry).toMatchObject({
      id: set.id,
      action: "api_key.reassigned",
      subjectCount: 12,
      subjectLabel: "12 ApiKey",
      reason: "reorg",
      actor: { email: "test-admin@keyholder.test" },
    });
    expect(entry?.subjects.totalCount).toBe(12);

    // The set's subjects, five at a time, each once, in the order recorded.
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5 && (i === 0 || after); i++) {
      const page: GqlResult<ResultOf<typeof ENTRIES>> = await api.gql(ENTRIES, {
        filter: { action: "api_key.reassigned" },
        subjects: 5,
        subjectsAfter: after,
      });
      expect(page.errors).toBeUndefined();
      const subjects = page.data!.auditEntries.nodes[0]!.subjects;
      seen.push(...subjects.nodes.map((n) => n.subjectId));
      after = subjects.pageInfo.hasNextPage ? subjects.pageInfo.endCursor : null;
    }
    expect(seen).toEqual(set.ids);
    const first = (await api.gql(ENTRIES, { filter: { action: "api_key." }, subjects: 1 })).data?.auditEntries
      ?.nodes?.[0]?.subjects.nodes[0];
    expect(first).toEqual({
      id: `${set.id}.1`,
      subjectId: set.ids[0],
      subjectLabel: expect.stringMatching(/^k\d+ \(kh_/),
    });

    // A subject filter finds the entry holding the subject.
    const key = keys[3] as { id: string; name: string };
    const byKey = await api.gql(ENTRIES, { filter: { subject: key.name }, subjects: 1 });
    expect(byKey.data?.auditEntries?.nodes?.map((n) => n.id)).toEqual([set.id]);
    expect(byKey.data?.auditEntries?.totalCount).toBe(1);
    expect((await api.gql(ENTRIES, { filter: { subject: "nothing" }, subjects: 1 })).data?.auditEntries?.nodes).toEqual(
      [],
    );

    // Which of the set's subjects the filter named: those alone, counted.
    const named = await api.gql(
      graphql(`query($filter: AuditEventFilter, $subject: String) { auditEntries(filter: $filter, first: 5) { nodes {
        subjectCount subjects(first: 5, subject: $subject) { totalCount nodes { subjectId } } } } }`),
      { filter: { subject: key.name }, subject: key.name },
    );
    expect(named.errors).toBeUndefined();
    expect(named.data?.auditEntries?.nodes).toEqual([
      { subjectCount: 12, subjects: { totalCount: 1, nodes: [{ subjectId: key.id }] } },
    ]);

    const byId = await api.gql(
      graphql(`query($id: ID!) { auditEntry(id: $id) { subjectCount subjectId subjects(first: 2) {
      nodes { subjectId } } } }`),
      { id: set.id },
    );
    expect(byId.data?.auditEntry).toEqual({
      subjectCount: 12,
      subjectId: null,
      subjects: { nodes: set.ids.slice(0, 2).map((subjectId) => ({ subjectId })) },
    });
    expect((await api.gql(graphql(`{ auditEntry(id: "1.2") { id } }`))).data?.auditEntry).toBeNull();

    // The entries page newest first, each once.
    const one = await api.gql(ENTRIES, { first: 1 });
    const next = await api.gql(ENTRIES, { first: 1, after: one.data?.auditEntries?.pageInfo?.endCursor });
    expect(next.data?.auditEntries?.nodes?.map((n) => n.id)).toEqual([set.id]);
    expect(next.data?.auditEntries?.pageInfo?.hasNextPage).toBe(false);
  });
});
