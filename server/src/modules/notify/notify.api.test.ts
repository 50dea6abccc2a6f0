import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { Role } from "../../shared/role.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { type TestApi, useTestApi } from "../../test-support/graphql.js";
import { REVOKE_KEY } from "../../test-support/keys.js";
import { PATCH_OP, scimClient } from "../../test-support/scim.js";
import { handleAuditEvent } from "./audit-notices.js";
import { type JobRunner, startJobs } from "./jobs.js";
import { webhookPolicy } from "./notify.service.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const received: { headers: Record<string, string>; body: string }[] = [];
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    received.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString("utf8") });
    res.statusCode = 200;
    res.end("ok");
  });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/keyholder`;
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let runner: JobRunner | undefined;
beforeEach(async () => {
  received.length = 0;
  webhookPolicy.allowPrivate = false;
  await db
    .em()
    .execute(
      "truncate notice_message, webhook_delivery, webhook_endpoint, notify_category_setting; delete from graphile_worker._private_jobs",
    );
});
afterEach(async () => {
  await runner?.stop();
  runner = undefined;
});

const CREATE = /* GraphQL */ `mutation($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { endpoint { id url eventTypes status } signingSecret errors { field code message } }
}`;
const DELIVERIES = /* GraphQL */ `query($id: ID!) {
  webhookDeliveries(endpointId: $id) { totalCount nodes { id eventType status attempts lastStatusCode payload } }
}`;

async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`timed out; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("webhook endpoints in the API", () => {
  it("are for ADMINs only", async () => {
    const r = await api.as(Role.OPERATOR)(CREATE, { input: { url: hookUrl, eventTypes: ["*"] } });
    expect(r.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const list = await api.as(Role.OPERATOR)("{ webhookEndpoints { id } }");
    expect(list.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("refuse a private address unless allowed, an unknown event type, and a URL that is not http(s)", async () => {
    const refused = await api.gql(CREATE, { input: { url: hookUrl, eventTypes: ["*"] } });
    expect(refused.data?.createWebhookEndpoint).toMatchObject({
      endpoint: null,
      signingSecret: null,
      errors: [{ field: "url", code: "WEBHOOK_URL_REFUSED" }],
    });
    webhookPolicy.allowPrivate = true;
    const badType = await api.gql(CREATE, { input: { url: hookUrl, eventTypes: ["api_key.exploded"] } });
    expect(badType.data?.createWebhookEndpoint.errors).toMatchObject([{ code: "INVALID_EVENT_TYPE" }]);
    const none = await api.gql(CREATE, { input: { url: hookUrl, eventTypes: [] } });
    expect(none.data?.createWebhookEndpoint.errors).toMatchObject([{ code: "REQUIRED", field: "eventTypes" }]);
    const ftp = await api.gql(CREATE, { input: { url: "ftp://example.org/x", eventTypes: ["*"] } });
    expect(ftp.data?.createWebhookEndpoint.errors).toMatchObject([{ code: "WEBHOOK_URL_REFUSED" }]);
    expect(await db.em().execute("select count(*)::int as n from webhook_endpoint")).toEqual([{ n: 0 }]);
  });

  it("show the secret once, log deliveries with their status codes, and send one again with the same webhook-id", async () => {
    webhookPolicy.allowPrivate = true;
    const created = await api.gql(CREATE, {
      input: { url: hookUrl, eventTypes: ["api_key.revoked", "api_key.revoked"], description: "SIEM" },
    });
    const { endpoint, signingSecret, errors } = created.data?.createWebhookEndpoint ?? {};
    expect(errors).toEqual([]);
    expect(endpoint).toMatchObject({ url: hookUrl, eventTypes: ["api_key.revoked"], status: "ACTIVE" });
    expect(signingSecret).toMatch(/^whsec_/);
    const listed = await api.gql("{ webhookEndpoints { id url } }");
    expect(JSON.stringify(listed.data)).not.toContain(signingSecret);
    const audit = await db
      .em()
      .execute<{ after: unknown }[]>("select after from audit_event where action = 'webhook_endpoint.created'");
    expect(JSON.stringify(audit)).not.toContain(signingSecret);
    expect(audit).toEqual([{ after: { url: `${new URL(hookUrl).origin}/…`, eventTypes: ["api_key.revoked"] } }]);

    const f = factories(db.em());
    const key = await f.key(await f.group());
    await api.gql(REVOKE_KEY, { input: { id: key.id, reason: "leaked" } });
    runner = await startJobs({
      orm: db.orm,
      connectionString: db.url,
      settings: {
        smtpUrl: null,
        mailFrom: "k@example.org",
        publicUrl: "http://localhost",
        reminderDays: [7],
        concurrency: 2,
        recoverAfterMs: 15_000,
        webhookMaxAttempts: 3,
        webhookAllowPrivate: true,
        webhookTimeoutMs: 5000,
      },
      logger: pino({ level: "silent" }),
      crontab: "",
      pollInterval: 200,
      remindAtStart: false,
    });
    const log = await until(
      async () => (await api.gql(DELIVERIES, { id: endpoint.id })).data?.webhookDeliveries,
      (d) => d?.nodes[0]?.status === "DELIVERED",
    );
    expect(log).toMatchObject({
      totalCount: 1,
      nodes: [{ eventType: "api_key.revoked", attempts: 1, lastStatusCode: 200, payload: { type: "api_key.revoked" } }],
    });
    const deliveryId = log.nodes[0].id;
    const again = await api.gql(
      `mutation($id: ID!) { redeliverWebhook(input: { id: $id }) { delivery { id status } errors { code } } }`,
      {
        id: deliveryId,
      },
    );
    expect(again.data?.redeliverWebhook).toMatchObject({ delivery: { id: deliveryId, status: "PENDING" }, errors: [] });
    await until(
      async () => received.length,
      (n) => n === 2,
    );
    expect(received.map((r) => r.headers["webhook-id"])).toEqual([deliveryId, deliveryId]);
    for (const r of received) expect(() => new Webhook(signingSecret).verify(r.body, r.headers)).not.toThrow();
    const unknown = await api.gql(
      `mutation { redeliverWebhook(input: { id: "msg_00000000000000000000000000000000" }) { errors { code } } }`,
    );
    expect(unknown.data?.redeliverWebhook.errors).toEqual([{ code: "DELIVERY_NOT_FOUND" }]);
  });
});

describe("send again", () => {
  it("replaces a retry still waiting rather than adding a second job for the same delivery", async () => {
    webhookPolicy.allowPrivate = true;
    const created = await api.gql(CREATE, { input: { url: hookUrl, eventTypes: ["api_key.revoked"] } });
    expect(created.data?.createWebhookEndpoint.errors).toEqual([]);
    const f = factories(db.em());
    await api.gql(REVOKE_KEY, { input: { id: (await f.key(await f.group())).id, reason: "x" } });
    const [audit] = await db
      .em()
      .execute<{ id: string }[]>("select id::text from audit_event where action = 'api_key.revoked'");
    await db
      .em()
      .fork()
      .transactional((em) =>
        handleAuditEvent(em, audit?.id as string, { publicUrl: "http://localhost", webhookMaxAttempts: 13 }),
      );
    const [d] = await db.em().execute<{ id: string }[]>("select id from webhook_delivery");
    // The only delivery: every deliver_webhook job is its.
    const jobs = () =>
      db
        .em()
        .execute<{ n: number }[]>(
          "select count(*)::int as n from graphile_worker.jobs where task_identifier = 'deliver_webhook'",
        );
    expect(await jobs()).toEqual([{ n: 1 }]);
    const again = await api.gql(`mutation($id: ID!) { redeliverWebhook(input: { id: $id }) { errors { code } } }`, {
      id: d?.id,
    });
    expect(again.data?.redeliverWebhook.errors).toEqual([]);
    expect(await jobs()).toEqual([{ n: 1 }]);
  });
});

describe("webhook URLs in the audit trail", () => {
  it("keep the origin only (the trail is open to VIEWERs), never a path or query that may be the credential", async () => {
    webhookPolicy.allowPrivate = true;
    const url = `${new URL(hookUrl).origin}/services/T0001/B0002/tokenXyZ123?key=querySecret456`;
    const created = await api.gql(CREATE, { input: { url, eventTypes: ["*"] } });
    const id = created.data?.createWebhookEndpoint.endpoint.id;
    await api.gql(`mutation($id: ID!) { deleteWebhookEndpoint(input: { id: $id }) { errors { code } } }`, { id });
    const trail = await db
      .em()
      .execute<{ after: unknown; before: unknown }[]>(
        "select before, after from audit_event where action like 'webhook_endpoint.%' order by occurred_at, id",
      );
    expect(trail).toHaveLength(2);
    const text = JSON.stringify(trail);
    expect(text).not.toContain("tokenXyZ123");
    expect(text).not.toContain("querySecret456");
    expect(text).toContain(`${new URL(hookUrl).origin}/…`);
  });
});

describe("the outbox and notice categories in the API", () => {
  it("lists kept notices newest first, and an ADMIN turns a category off (audited), after which none is written", async () => {
    const f = factories(db.em());
    const group = await f.group({ email: "ops-team@agency.gov.example" });
    const key = await f.key(group, { name: "ledger" });
    await api.gql(REVOKE_KEY, { input: { id: key.id, reason: "r" } });
    runner = await startJobs({
      orm: db.orm,
      connectionString: db.url,
      settings: {
        smtpUrl: null,
        mailFrom: "k@example.org",
        publicUrl: "http://localhost",
        reminderDays: [7],
        concurrency: 2,
        recoverAfterMs: 15_000,
        webhookMaxAttempts: 3,
        webhookAllowPrivate: false,
        webhookTimeoutMs: 5000,
      },
      logger: pino({ level: "silent" }),
      crontab: "",
      pollInterval: 200,
      remindAtStart: false,
    });
    const outbox = await until(
      async () =>
        (await api.as(Role.VIEWER)("{ outbox(first: 10) { totalCount nodes { recipient subject status category } } }"))
          .data?.outbox,
      (o) => o?.nodes.some((n: { status: string }) => n.status === "STORED"),
    );
    expect(outbox.nodes).toContainEqual({
      recipient: "ops-team@agency.gov.example",
      subject: "API key ledger was revoked",
      status: "STORED",
      category: "KEY_CHANGE",
    });
    const off = await api.gql(
      `mutation { setNoticeCategory(input: {category: "KEY_CHANGE", enabled: false}) { setting { category enabled } errors { code } } }`,
    );
    expect(off.data?.setNoticeCategory).toEqual({ setting: { category: "KEY_CHANGE", enabled: false }, errors: [] });
    const bad = await api.gql(
      `mutation { setNoticeCategory(input: {category: "GOSSIP", enabled: false}) { errors { field code } } }`,
    );
    expect(bad.data?.setNoticeCategory.errors).toEqual([{ field: "category", code: "INVALID_CATEGORY" }]);
    const viewer = await api.as(Role.VIEWER)(
      `mutation { setNoticeCategory(input: {category: "EXPIRY", enabled: false}) { errors { code } } }`,
    );
    expect(viewer.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await api.gql("{ noticeCategories { category enabled } }")).data?.noticeCategories).toContainEqual({
      category: "KEY_CHANGE",
      enabled: false,
    });
    const before = (await db.em().execute<{ n: number }[]>("select count(*)::int as n from notice_message"))[0]?.n;
    const key2 = await f.key(group, { name: "second" });
    await api.gql(REVOKE_KEY, { input: { id: key2.id, reason: "r" } });
    await until(
      () => db.em().execute<{ n: number }[]>("select count(*)::int as n from graphile_worker.jobs"),
      (rows) => rows[0]?.n === 0,
    );
    expect((await db.em().execute<{ n: number }[]>("select count(*)::int as n from notice_message"))[0]?.n).toBe(
      before,
    );
    expect(
      await db.em().execute("select action from audit_event where action = 'notify.category_changed'"),
    ).toHaveLength(1);
  });
});

describe("a SCIM deactivation", () => {
  it("delivers a leaver_case.opened webhook naming the case and the user", async () => {
    webhookPolicy.allowPrivate = true;
    const created = await api.gql(CREATE, { input: { url: hookUrl, eventTypes: ["leaver_case.opened"] } });
    const { endpoint, signingSecret } = created.data?.createWebhookEndpoint ?? {};
    const issued = await api.gql(`mutation { issueScimToken(input: { name: "okta" }) { token errors { code } } }`);
    const scim = scimClient(api, issued.data?.issueScimToken.token);
    const email = "leaving.user@agency.gov.example";
    const user = await scim("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: email,
      emails: [{ primary: true, value: email, type: "work" }],
      active: true,
    });
    expect(user.status).toBe(201);
    const off = await scim("PATCH", `/Users/${user.body.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", value: { active: false } }],
    });
    expect(off.status).toBe(200);
    const [leaverCase] = await db
      .em()
      .execute<{ id: string }[]>("select id from leaver_case where user_id = ? and closed_at is null", [user.body.id]);
    runner = await startJobs({
      orm: db.orm,
      connectionString: db.url,
      settings: {
        smtpUrl: null,
        mailFrom: "k@example.org",
        publicUrl: "http://localhost",
        reminderDays: [7],
        concurrency: 2,
        recoverAfterMs: 15_000,
        webhookMaxAttempts: 3,
        webhookAllowPrivate: true,
        webhookTimeoutMs: 5000,
      },
      logger: pino({ level: "silent" }),
      crontab: "",
      pollInterval: 200,
      remindAtStart: false,
    });
    const log = await until(
      async () => (await api.gql(DELIVERIES, { id: endpoint.id })).data?.webhookDeliveries,
      (d) => d?.nodes[0]?.status === "DELIVERED",
    );
    expect(log.totalCount).toBe(1);
    expect(received).toHaveLength(1);
    const body = new Webhook(signingSecret).verify(received[0]?.body ?? "", received[0]?.headers ?? {});
    expect(body).toMatchObject({
      type: "leaver_case.opened",
      data: { leaverCase: { id: leaverCase?.id }, user: { id: user.body.id, email }, actor: "scim:okta", reason: null },
    });
  });
});
