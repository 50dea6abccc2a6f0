import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { Role } from "../../shared/role.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { graphql, type TestApi, useTestApi } from "../../test-support/graphql.js";
import { REVOKE_KEY } from "../../test-support/keys.js";
import {
  clearNotifyTables,
  deliveryOfRevokedKey,
  startTestJobs,
  until,
  webhookReceiver,
} from "../../test-support/notify.js";
import { PATCH_OP, scimClient } from "../../test-support/scim.js";
import type { JobRunner } from "./jobs.js";
import { webhookPolicy } from "./notify.service.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const hook = await webhookReceiver(() => 200);
const { received } = hook;
const hookUrl = hook.url;
afterAll(hook.close);

let runner: JobRunner | undefined;
beforeEach(async () => {
  received.length = 0;
  webhookPolicy.allowPrivate = false;
  await clearNotifyTables(db);
});
afterEach(async () => {
  await runner?.stop();
  runner = undefined;
});

/** The job workers as an instance configured with `WEBHOOK_ALLOW_PRIVATE=webhookAllowPrivate` runs them. */
const jobs = (webhookAllowPrivate: boolean) =>
  startTestJobs(db, { publicUrl: "http://localhost", webhookMaxAttempts: 3, webhookAllowPrivate });

const CREATE = graphql(`mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { endpoint { id url eventTypes status } signingSecret errors { field code message } }
}`);
const ENDPOINTS = graphql(`query WebhookEndpoints { webhookEndpoints { id url } }`);
const EVENT_TYPES = graphql(`query WebhookEventTypes { webhookEventTypes { name description } }`);
const DELETE = graphql(`mutation DeleteWebhookEndpoint($id: ID!) {
  deleteWebhookEndpoint(input: { id: $id }) { errors { code } }
}`);
const DELIVERIES = graphql(`query WebhookDeliveries($id: ID!) {
  webhookDeliveries(endpointId: $id) { totalCount nodes { id eventType status attempts lastStatusCode payload } }
}`);
const REDELIVER = graphql(`mutation RedeliverWebhook($id: ID!) {
  redeliverWebhook(input: { id: $id }) { delivery { id status } errors { code } }
}`);
const OUTBOX = graphql(`query Outbox { outbox(first: 10) { totalCount nodes { recipient subject status category } } }`);
const SET_CATEGORY = graphql(`mutation SetNoticeCategory($category: String!, $enabled: Boolean!) {
  setNoticeCategory(input: { category: $category, enabled: $enabled }) {
    setting { category enabled } errors { field code }
  }
}`);
const CATEGORIES = graphql(`query NoticeCategories { noticeCategories { category enabled } }`);
const ISSUE_SCIM_TOKEN = graphql(`mutation IssueScimToken($name: String!) {
  issueScimToken(input: { name: $name }) { token errors { code } }
}`);

/** The endpoint's delivery log once the first delivery it lists has arrived. */
async function firstDelivered(endpointId: string) {
  const log = await until(
    async () => (await api.gql(DELIVERIES, { id: endpointId })).data?.webhookDeliveries,
    (d) => d?.nodes[0]?.status === "DELIVERED",
  );
  return log!;
}

describe("webhook endpoints in the API", () => {
  it("are for ADMINs only", async () => {
    const r = await api.as(Role.OPERATOR)(CREATE, { input: { url: hookUrl, eventTypes: ["*"] } });
    expect(r.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const list = await api.as(Role.OPERATOR)(ENDPOINTS);
    expect(list.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const types = await api.as(Role.OPERATOR)(EVENT_TYPES);
    expect(types.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("list the event types an endpoint may subscribe to, each described, and accept every one listed", async () => {
    const { webhookEventTypes } = await api.execute(EVENT_TYPES);
    const names = webhookEventTypes.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["api_key.revoked", "user.offboarded", "leaver_case.opened"]));
    expect(new Set(names).size).toBe(names.length);
    for (const t of webhookEventTypes) expect(t.description.length).toBeGreaterThan(10);
    webhookPolicy.allowPrivate = true;
    const created = await api.execute(CREATE, { input: { url: hookUrl, eventTypes: names } });
    expect(created.createWebhookEndpoint.errors).toEqual([]);
    expect([...(created.createWebhookEndpoint.endpoint?.eventTypes ?? [])].sort()).toEqual([...names].sort());
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
    const { endpoint, signingSecret, errors } = created.data!.createWebhookEndpoint;
    expect(errors).toEqual([]);
    expect(endpoint).toMatchObject({ url: hookUrl, eventTypes: ["api_key.revoked"], status: "ACTIVE" });
    expect(signingSecret).toMatch(/^whsec_/);
    const listed = await api.gql(ENDPOINTS);
    expect(JSON.stringify(listed.data)).not.toContain(signingSecret);
    const audit = await db
      .em()
      .execute<{ after: unknown }[]>("select after from audit_event where action = 'webhook_endpoint.created'");
    expect(JSON.stringify(audit)).not.toContain(signingSecret);
    expect(audit).toEqual([{ after: { url: `${new URL(hookUrl).origin}/…`, eventTypes: ["api_key.revoked"] } }]);

    const f = factories(db.em());
    const key = await f.key(await f.group());
    await api.gql(REVOKE_KEY, { input: { id: key.id, reason: "leaked" } });
    runner = await jobs(true);
    const log = await firstDelivered(endpoint!.id);
    expect(log).toMatchObject({
      totalCount: 1,
      nodes: [{ eventType: "api_key.revoked", attempts: 1, lastStatusCode: 200, payload: { type: "api_key.revoked" } }],
    });
    const deliveryId = log.nodes[0]!.id;
    const again = await api.gql(REDELIVER, { id: deliveryId });
    expect(again.data?.redeliverWebhook).toMatchObject({ delivery: { id: deliveryId, status: "PENDING" }, errors: [] });
    await until(
      async () => received.length,
      (n) => n === 2,
    );
    expect(received.map((r) => r.headers["webhook-id"])).toEqual([deliveryId, deliveryId]);
    for (const r of received) expect(() => new Webhook(signingSecret!).verify(r.body, r.headers)).not.toThrow();
    const unknown = await api.gql(REDELIVER, { id: "msg_00000000000000000000000000000000" });
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
    const deliveryId = await deliveryOfRevokedKey(db, { publicUrl: "http://localhost", webhookMaxAttempts: 13 });
    // The only delivery: every deliver_webhook job is its.
    const jobs = () =>
      db
        .em()
        .execute<{ n: number }[]>(
          "select count(*)::int as n from graphile_worker.jobs where task_identifier = 'deliver_webhook'",
        );
    expect(await jobs()).toEqual([{ n: 1 }]);
    const again = await api.gql(REDELIVER, { id: deliveryId });
    expect(again.data?.redeliverWebhook.errors).toEqual([]);
    expect(await jobs()).toEqual([{ n: 1 }]);
  });
});

describe("webhook URLs in the audit trail", () => {
  it("keep the origin only (the trail is open to VIEWERs), never a path or query that may be the credential", async () => {
    webhookPolicy.allowPrivate = true;
    const url = `${new URL(hookUrl).origin}/services/T0001/B0002/tokenXyZ123?key=querySecret456`;
    const created = await api.gql(CREATE, { input: { url, eventTypes: ["*"] } });
    const id = created.data?.createWebhookEndpoint.endpoint?.id as string;
    await api.gql(DELETE, { id });
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
    runner = await jobs(false);
    const outbox = await until(
      async () => (await api.as(Role.VIEWER)(OUTBOX)).data?.outbox,
      (o) => o?.nodes.some((n) => n.status === "STORED") ?? false,
    );
    expect(outbox?.nodes).toContainEqual({
      recipient: "ops-team@agency.gov.example",
      subject: "API key ledger was revoked",
      status: "STORED",
      category: "KEY_CHANGE",
    });
    const off = await api.gql(SET_CATEGORY, { category: "KEY_CHANGE", enabled: false });
    expect(off.data?.setNoticeCategory).toEqual({ setting: { category: "KEY_CHANGE", enabled: false }, errors: [] });
    const bad = await api.gql(SET_CATEGORY, { category: "GOSSIP", enabled: false });
    expect(bad.data?.setNoticeCategory.errors).toEqual([{ field: "category", code: "INVALID_CATEGORY" }]);
    const viewer = await api.as(Role.VIEWER)(SET_CATEGORY, { category: "EXPIRY", enabled: false });
    expect(viewer.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await api.gql(CATEGORIES)).data?.noticeCategories).toContainEqual({
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
    const { endpoint, signingSecret } = created.data!.createWebhookEndpoint;
    const issued = await api.gql(ISSUE_SCIM_TOKEN, { name: "okta" });
    const scim = scimClient(api, issued.data?.issueScimToken.token ?? null);
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
    runner = await jobs(true);
    const log = await firstDelivered(endpoint!.id);
    expect(log.totalCount).toBe(1);
    expect(received).toHaveLength(1);
    const body = new Webhook(signingSecret!).verify(received[0]?.body ?? "", received[0]?.headers ?? {});
    expect(body).toMatchObject({
      type: "leaver_case.opened",
      data: { leaverCase: { id: leaverCase?.id }, user: { id: user.body.id, email }, actor: "scim:okta", reason: null },
    });
  });
});
