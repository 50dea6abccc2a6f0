import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditRows } from "../../test-support/audit.js";
import { createTestDatabase, type TestDatabase } from "../../test-support/database.js";
import { createTestApi, type GqlResult, type TestApi } from "../../test-support/graphql.js";
import { Role } from "../auth/role.js";

let db: TestDatabase;
let api: TestApi;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await createTestApi(db);
});
afterAll(async () => {
  await api.close();
  await db.drop();
});
beforeEach(() => db.reset());

const EVENTS = /* GraphQL */ `
  query($filter: AuditEventFilter, $first: Int, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id action subjectType subjectId actorId actorLabel credentialKind reason requestId actor { email } }
    }
  }
`;
const CREATE_SERVICE = `mutation($input: CreateServiceInput!) { createService(input: $input) { service { id version } errors { code } } }`;
const UPDATE_SERVICE = `mutation($input: UpdateServiceInput!) { updateService(input: $input) { service { id } errors { code } } }`;
const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } errors { code } } }`;

/** Inserts an event directly (the table takes inserts), at a chosen time. */
const insertEvent = (occurredAt: string, action = "test.event", subjectId = "s") =>
  db
    .em()
    .execute(
      "insert into audit_event (occurred_at, actor_label, credential_kind, action, subject_type, subject_id) values (?, 'system', 'SYSTEM', ?, 'Test', ?)",
      [occurredAt, action, subjectId],
    );

const list = async (filter: Record<string, unknown>) => {
  const res = await api.gql(EVENTS, { filter });
  expect(res.errors).toBeUndefined();
  return res.data?.auditEvents.nodes.map(
    (n: { action: string; subjectType: string }) => `${n.action}@${n.subjectType}`,
  );
};

describe("auditEvents", () => {
  it("filters by actor, action (exact or prefix), subject type and subject, newest first", async () => {
    const alpha = (await api.gql(CREATE_SERVICE, { input: { slug: "alpha", name: "Alpha" } })).data?.createService
      .service;
    await api.gql(CREATE_USER, { input: { email: "uma@agency.gov.example", name: "Uma" } });
    await api.gql(UPDATE_SERVICE, { input: { id: alpha.id, version: 1, name: "Alpha 2" } });
    await api.as(Role.OPERATOR)(
      CREATE_SERVICE,
      { input: { slug: "beta", name: "Beta" } },
      { "x-request-id": "req-beta" },
    );

    expect(await list({})).toEqual([
      "service.created@Service",
      "service.updated@Service",
      "user.created@User",
      "service.created@Service",
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
    expect(await list({ action: "service.created" })).toEqual(["service.created@Service", "service.created@Service"]);
    expect(await list({ action: "service." })).toEqual([
      "service.created@Service",
      "service.updated@Service",
      "service.created@Service",
    ]);
    expect(await list({ action: "service" })).toEqual([]);
    expect(await list({ action: "%." })).toEqual([]);
    expect(await list({ action: "_ser." })).toEqual([]);
    expect(await list({ subjectType: "User" })).toEqual(["user.created@User"]);
    expect(await list({ subjectId: alpha.id })).toEqual(["service.updated@Service", "service.created@Service"]);
    expect(await list({ subjectId: alpha.id, action: "service.created" })).toEqual(["service.created@Service"]);
    expect(await list({ actorId: randomUUID() })).toEqual([]);
  });

  it("filters by time: from is inclusive, to is exclusive", async () => {
    await insertEvent("2030-01-01T00:00:00Z", "t.zero");
    await insertEvent("2030-01-01T01:00:00Z", "t.one");
    await insertEvent("2030-01-01T02:00:00Z", "t.two");
    expect(await list({ from: "2030-01-01T01:00:00Z" })).toEqual(["t.two@Test", "t.one@Test"]);
    expect(await list({ to: "2030-01-01T01:00:00Z" })).toEqual(["t.zero@Test"]);
    expect(await list({ from: "2030-01-01T01:00:00Z", to: "2030-01-01T02:00:00Z" })).toEqual(["t.one@Test"]);
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
      const res: GqlResult = await api.gql(EVENTS, { first: 5, after });
      expect(res.errors).toBeUndefined();
      expect(res.data?.auditEvents.totalCount).toBe(23);
      const page = res.data?.auditEvents;
      seen.push(...page.nodes.map((n: { id: string }) => n.id));
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
    expect(ok.data?.createService.errors).toEqual([]);
    expect((await auditRows(db)).map((e) => e.action)).toEqual(["service.created"]);
  });
});
