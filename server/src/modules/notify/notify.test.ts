import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { Webhook } from "standardwebhooks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { countSql } from "../../db/sql-counter.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { graphql, type TestApi, useTestApi } from "../../test-support/graphql.js";
import { REVOKE_KEY, ROTATE_KEY } from "../../test-support/keys.js";
import {
  clearNotifyTables,
  deliveryOfRevokedKey,
  notifySettings,
  startTestJobs,
  until,
  webhookReceiver,
} from "../../test-support/notify.js";
import { Environment } from "../api-key/environment.js";
import { recordAudit } from "../audit/audit.service.js";
import type { JobRunner } from "./jobs.js";
import { writeNotices } from "./notices.js";
import { enqueue } from "./queue.js";
import { sendExpiredNotices, sendExpiryReminders, sendRiskDigest } from "./reminders.js";
import type { NotifySettings } from "./settings.js";
import { isPrivateAddress, refuseUnsafeUrl } from "./ssrf.js";
import { DeliveryError, deliverWebhook } from "./webhook-delivery.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const DAY = 86_400_000;

const REASSIGN = graphql(
  `mutation NotifiedReassign($i: ReassignApiKeyInput!) { reassignApiKey(input: $i) { errors { code } } }`,
);
const REMOVE_MEMBER = graphql(`
  mutation NotifiedRemoveMember($i: RemoveGroupMemberInput!) { removeGroupMember(input: $i) { errors { code } } }
`);
const OFFBOARD = graphql(`
  mutation NotifiedOffboard($i: OffboardUserInput!) { offboardUser(input: $i) { errors { code message } } }
`);
const runners: JobRunner[] = [];
const closers: (() => Promise<void>)[] = [];

const settings = notifySettings;

async function jobs(over: Partial<NotifySettings> = {}): Promise<JobRunner> {
  const runner = await startTestJobs(db, over);
  runners.push(runner);
  return runner;
}

/** A real SMTP server that keeps what it receives. */
async function smtp(): Promise<{ url: string; mails: { to: string[]; raw: string }[] }> {
  const mails: { to: string[]; raw: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, mails };
}

async function receiver(status?: () => number) {
  const hook = await webhookReceiver(status);
  closers.push(hook.close);
  return hook;
}

async function endpoint(url: string, eventTypes = ["*"]): Promise<{ id: string; secret: string }> {
  const secret = `whsec_${randomBytes(24).toString("base64")}`;
  const [row] = await db
    .em()
    .execute<{ id: string }[]>(
      "insert into webhook_endpoint (id, url, event_types, secret) values (gen_random_uuid(), ?, ?, ?) returning id",
      [url, `{${eventTypes.join(",")}}`, secret],
    );
  return { id: row?.id as string, secret };
}

const jobCount = async (task?: string) =>
  Number(
    (
      await db
        .em()
        .execute<{ n: string }[]>(
          "select count(*) as n from graphile_worker.jobs where (?::text is null or task_identifier = ?)",
          [task ?? null, task ?? null],
        )
    )[0]?.n,
  );

const notices = () =>
  db
    .em()
    .execute<{ recipient: string; status: string; subject: string; text_body: string; attempts: number }[]>(
      "select recipient, status, subject, text_body, attempts from notice_message order by id",
    );

beforeEach(() => clearNotifyTables(db));

afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
  await Promise.all(closers.splice(0).map((c) => c()));
});

describe("the transactional outbox", () => {
  it("enqueues nothing for a rolled-back change, and the notify job for a committed one", async () => {
    const f = factories(db.em());
    const key = await f.key(await f.group());
    await expect(
      db.em().transactional(async (em) => {
        recordAudit({ now: new Date(), requestId: "r1" } as never, em, {
          action: "api_key.revoked",
          subjectType: "ApiKey",
          subjectId: key.id,
        });
        await em.flush();
        expect(await em.execute("select count(*)::int as n from graphile_worker.jobs")).toEqual([{ n: 1 }]);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await jobCount()).toBe(0);
    const revoked = await api.gql(REVOKE_KEY, { input: { id: key.id, reason: "leaked" } });
    expect(revoked.data?.revokeApiKey.errors).toEqual([]);
    expect(await jobCount("notify_audit")).toBe(1);
  });

  it("a revoked key's holder hears of it: the change becomes a kept notice (no SMTP) with a console link", async () => {
    const f = factories(db.em());
    const group = await f.group({ email: "payments-team@agency.gov.example" });
    const key = await f.key(group, { name: "payments", environment: Environment.STAGING });
    await api.gql(REVOKE_KEY, { input: { id: key.id, reason: "rotated out" } });
    await jobs();
    const [n] = await until(notices, (rows) => rows.length === 1 && rows[0]?.status === "STORED");
    expect(n).toMatchObject({ recipient: "payments-team@agency.gov.example", subject: "API key payments was revoked" });
    expect(n?.text_body).toContain(`payments (${key.prefix}…)`);
    expect(n?.text_body).toContain(`https://keyholder.agency.gov.example/keys/${key.id}`);
    expect(n?.text_body).toContain("Reason: rotated out");
    expect(
      await until(
        () => jobCount(),
        (c) => c === 0,
      ),
    ).toBe(0);
  });
});

describe("notices of changes", () => {
  it("a reassigned key is told to the old and the new holder; a group left with one member, to it and the ADMINs", async () => {
    const f = factories(db.em());
    const ana = await f.user({ email: "ana@agency.gov.example" });
    const bo = await f.user({ email: "bo@agency.gov.example" });
    const group = await f.group({ email: "payments@agency.gov.example" }, [ana, bo]);
    const key = await f.key(ana, { name: "ledger", environment: Environment.STAGING });
    const moved = await api.gql(REASSIGN, {
      i: { id: key.id, toHolderId: group.id, version: key.version, reason: "team key" },
    });
    expect(moved.data?.reassignApiKey.errors).toEqual([]);
    const rotated = await api.gql(ROTATE_KEY, { input: { id: key.id, overlapHours: 24 } });
    expect(rotated.data?.rotateApiKey.errors).toEqual([]);
    const removed = await api.gql(REMOVE_MEMBER, { i: { groupId: group.id, userId: bo.id, reason: "moved team" } });
    expect(removed.data?.removeGroupMember.errors).toEqual([]);
    await jobs();
    const rows = await until(notices, (r) => r.length === 5 && r.every((n) => n.status === "STORED"));
    expect(rows.map((n) => [n.recipient, n.subject]).sort()).toEqual([
      ["ana@agency.gov.example", "API key ledger was reassigned to payments@agency.gov.example"],
      ["payments@agency.gov.example", "API key ledger was reassigned to payments@agency.gov.example"],
      ["payments@agency.gov.example", "API key ledger was rotated"],
      ["payments@agency.gov.example", "payments@agency.gov.example is down to 1 active member"],
      ["test-admin@keyholder.test", "payments@agency.gov.example is down to 1 active member"],
    ]);
    const rotation = rows.find((n) => n.subject === "API key ledger was rotated");
    expect(rotation?.text_body).toMatch(
      /The old secret \(kh_test_\w+…\) stops working at \d{4}-\d\d-\d\d \d\d:\d\d UTC/,
    );
  });
});

describe("an offboarding", () => {
  it("tells each receiving group what it now holds", async () => {
    const f = factories(db.em());
    const leaver = await f.user({ email: "leaver@agency.gov.example" });
    const group = await f.group({ email: "platform@agency.gov.example" });
    const a = await f.key(leaver, { name: "deploy", environment: Environment.STAGING });
    const b = await f.key(leaver, { name: "metrics", environment: Environment.STAGING });
    const done = await api.gql(OFFBOARD, { i: { userId: leaver.id, defaultTargetId: group.id, reason: "left" } });
    expect(done.data?.offboardUser.errors).toEqual([]);
    await jobs();
    const rows = await until(notices, (r) =>
      r.some((n) => n.subject.includes("now sit with") && n.status === "STORED"),
    );
    const told = rows.find((n) => n.subject.includes("now sit with"));
    expect(told).toMatchObject({
      recipient: "platform@agency.gov.example",
      subject: "leaver@agency.gov.example's keys now sit with platform@agency.gov.example",
    });
    expect(told?.text_body).toContain(`deploy (${a.prefix}…)`);
    expect(told?.text_body).toContain(`metrics (${b.prefix}…)`);
  });
});

describe("expiry reminders", () => {
  it("reach a group's own address over a real SMTP server, and a person's production key also reaches the ADMINs", async () => {
    const mail = await smtp();
    const f = factories(db.em());
    const group = await f.group({ email: "billing-ops@agency.gov.example" });
    const person = await f.user({ email: "ana@agency.gov.example" });
    const admin = await f.user({ email: "boss@agency.gov.example" });
    await db.em().execute("update holder set console_role = 'ADMIN' where id = ?", [admin.id]);
    const now = new Date();
    const in7 = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + 7 * DAY + 3_600_000);
    const groupKey = await f.key(group, { name: "stripe-live", expiresAt: in7 });
    await f.key(person, { name: "personal-prod", expiresAt: in7, environment: Environment.PRODUCTION });
    await f.key(group, { name: "later", expiresAt: new Date(in7.getTime() + 2 * DAY) });
    const hook = await receiver();
    const { secret } = await endpoint(hook.url, ["api_key.expiring"]);
    await jobs({ smtpUrl: mail.url });
    await enqueue(db.em(), [{ task: "expiry_reminders", payload: {} }]);
    await until(
      async () => mail.mails.length,
      (n) => n === 3,
    );
    const toGroup = mail.mails.filter((m) => m.to.includes("billing-ops@agency.gov.example"));
    expect(toGroup).toHaveLength(1);
    expect(toGroup[0]?.raw).toContain("Subject: API key stripe-live expires in 7 days");
    expect(toGroup[0]?.raw).toContain(groupKey.prefix);
    expect(toGroup[0]?.raw).toContain(`/keys/${groupKey.id}`);
    expect(toGroup[0]?.raw).toContain("Content-Type: text/html");
    expect(mail.mails.map((m) => m.to[0]).sort()).toEqual([
      "ana@agency.gov.example",
      "billing-ops@agency.gov.example",
      "boss@agency.gov.example",
    ]);
    // The mail arrives before the job records it as sent.
    await until(notices, (rows) => rows.length === 3 && rows.every((n) => n.status === "SENT"));
    // Integrators hear of it too: one signed api_key.expiring event per key.
    await until(
      async () => hook.received.length,
      (n) => n === 2,
    );
    const events = hook.received.map(
      (r) =>
        new Webhook(secret).verify(r.body, r.headers) as {
          type: string;
          data: { key: { id: string }; daysLeft: number };
        },
    );
    expect(events.map((e) => [e.type, e.data.daysLeft])).toEqual([
      ["api_key.expiring", 7],
      ["api_key.expiring", 7],
    ]);
    expect(events.map((e) => e.data.key.id)).toContain(groupKey.id);
    // Run again the same day: nothing new is written or sent.
    const again = await sendExpiryReminders(db.em(), settings(), new Date());
    expect(again.notices).toBe(0);
  });

  it("turns 2,500 keys expiring on one day into reminders in three statements per batch of 1,000", async () => {
    const f = factories(db.em());
    const group = await f.group();
    const now = new Date();
    const in30 = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + 30 * DAY + 60_000);
    await db.em().execute(
      `insert into api_key (id, name, environment, holder_id, prefix, secret_digest, expires_at)
       select gen_random_uuid(), 'bulk ' || i, 'STAGING', ?, 'kh_test_' || i, md5(i::text) || md5((-i)::text), ?
         from generate_series(1, 2500) i`,
      [group.id, in30],
    );
    const { result, sql } = await countSql(() => sendExpiryReminders(db.em(), settings(), now));
    expect(result).toMatchObject({ keys: 2500, notices: 2500 });
    // admins + 3 batches of (read, notices, webhook events); the last batch is short, so no more reads.
    expect(sql.count).toBe(1 + 3 * 3);
    expect(await jobCount("send_notice")).toBe(2500);
  });

  it("are checked once when the jobs start, not only each morning, and kept when there is no SMTP", async () => {
    const f = factories(db.em());
    const group = await f.group({ email: "night-shift@agency.gov.example" });
    const now = new Date();
    const tomorrow = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY + 60_000);
    await f.key(group, { name: "pager", expiresAt: tomorrow, environment: Environment.STAGING });
    runners.push(await startTestJobs(db, {}, { remindAtStart: true }));
    const [n] = await until(notices, (rows) => rows[0]?.status === "STORED");
    expect(n).toMatchObject({ recipient: "night-shift@agency.gov.example", subject: "API key pager expires in 1 day" });
  });

  it("tell the holder of a key that expired yesterday which services now have no working key, and the ADMINs get a weekly digest", async () => {
    const f = factories(db.em());
    const group = await f.group({ email: "fines-team@agency.gov.example" });
    const other = await f.group({ email: "other-team@agency.gov.example" });
    const fines = await f.service({ slug: "fines" });
    const parking = await f.service({ slug: "parking" });
    await f.collaborator(fines, group);
    await f.collaborator(parking, group);
    await f.collaborator(parking, other);
    await f.key(other, { name: "parking-key", environment: Environment.STAGING });
    const now = new Date();
    const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    const key = await f.key(group, {
      name: "old",
      expiresAt: new Date(midnight - 3_600_000),
      environment: Environment.STAGING,
    });
    expect(await sendExpiredNotices(db.em(), settings(), now)).toBe(1);
    const [n] = await notices();
    expect(n).toMatchObject({ recipient: "fines-team@agency.gov.example", subject: "API key old has expired" });
    expect(n?.text_body).toContain(`old (${key.prefix}…)`);
    expect(n?.text_body).toContain("  - fines");
    expect(n?.text_body).not.toContain("parking");
    expect(await sendExpiredNotices(db.em(), settings(), now)).toBe(0);

    const admin = await f.user({ email: "chief@agency.gov.example" });
    await db.em().execute("update holder set console_role = 'ADMIN' where id = ?", [admin.id]);
    expect(await sendRiskDigest(db.em(), settings(), now)).toBe(1);
    const digest = (await notices()).find((x) => x.recipient === "chief@agency.gov.example");
    expect(digest?.text_body).toContain("1 expired keys not yet revoked");
  });

  it("writes nothing for a category the organisation turned off", async () => {
    await db.em().execute("insert into notify_category_setting (category, enabled) values ('EXPIRY', false)");
    const written = await writeNotices(db.em(), [
      { dedupeKey: "x", category: "EXPIRY", recipient: "a@b.example", subject: "s", text: "t", html: "h" },
      { dedupeKey: "y", category: "KEY_CHANGE", recipient: "a@b.example", subject: "s", text: "t", html: "h" },
    ]);
    expect(written).toBe(1);
    expect((await notices()).map((n) => n.subject)).toEqual(["s"]);
  });
});

describe("the queue across instances", () => {
  it("two instances on one database send each of 60 notices exactly once", async () => {
    const mail = await smtp();
    await Promise.all([jobs({ smtpUrl: mail.url }), jobs({ smtpUrl: mail.url })]);
    const drafts = Array.from({ length: 60 }, (_, i) => ({
      dedupeKey: `many:${i}`,
      category: "KEY_CHANGE" as const,
      recipient: `person${i}@agency.gov.example`,
      subject: `notice ${i}`,
      text: "t",
      html: "<p>t</p>",
    }));
    expect(await writeNotices(db.em(), drafts)).toBe(60);
    await until(
      async () => (await notices()).filter((n) => n.status === "SENT").length,
      (n) => n === 60,
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(mail.mails).toHaveLength(60);
    expect(new Set(mail.mails.map((m) => m.to[0])).size).toBe(60);
    expect((await notices()).every((n) => n.attempts === 1)).toBe(true);
  });

  it("an instance whose presence connection drops records its workers again, so no other instance takes their jobs", async () => {
    await jobs({ concurrency: 2 });
    const workers = () =>
      db.em().execute<{ worker_id: string; backend_pid: number; live: boolean }[]>(
        `select w.worker_id, w.backend_pid, exists (select from pg_stat_activity a where a.pid = w.backend_pid) as live
           from job_worker w order by w.worker_id`,
      );
    // Its two workers and the pool that takes jobs for them.
    const before = await until(workers, (rows) => rows.length === 3 && rows.every((r) => r.live));
    const old = before[0]?.backend_pid as number;
    await db.em().execute("select pg_terminate_backend(?)", [old]);
    await until(
      () => db.em().execute<{ n: number }[]>("select count(*)::int as n from pg_stat_activity where pid = ?", [old]),
      (rows) => rows[0]?.n === 0,
    );
    const after = await until(
      workers,
      (rows) => rows.length === before.length && rows.every((r) => r.live && r.backend_pid !== old),
      5000,
    );
    expect(after.map((r) => r.worker_id)).toEqual(before.map((r) => r.worker_id));
  });
});

describe("webhooks", () => {
  it("deliver a signed event that the standardwebhooks library verifies", async () => {
    const hook = await receiver();
    const { secret } = await endpoint(hook.url, ["api_key.revoked"]);
    const f = factories(db.em());
    const key = await f.key(await f.group({ email: "ops@agency.gov.example" }), { name: "ci" });
    await api.gql(REVOKE_KEY, { input: { id: key.id, reason: "leaked" } });
    await jobs();
    await until(
      async () => hook.received.length,
      (n) => n === 1,
    );
    const [got] = hook.received;
    const verified = new Webhook(secret).verify(got?.body as string, got?.headers as Record<string, string>) as {
      type: string;
      data: { key: { id: string; prefix: string; holder: { email: string } }; reason: string };
    };
    expect(verified.type).toBe("api_key.revoked");
    expect(verified.data.key).toMatchObject({
      id: key.id,
      prefix: key.prefix,
      holder: { email: "ops@agency.gov.example" },
    });
    expect(verified.data.reason).toBe("leaked");
    expect(got?.headers["webhook-id"]).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(got?.body).not.toContain("secret");
    const [d] = await until(
      () =>
        db
          .em()
          .execute<{ status: string; last_status_code: number }[]>(
            "select status, last_status_code from webhook_delivery",
          ),
      (rows) => rows[0]?.status === "DELIVERED",
    );
    expect(d?.last_status_code).toBe(204);
  });

  it("retry a failing delivery with the same webhook-id, then mark it failed and its endpoint failing", async () => {
    const hook = await receiver(() => 503);
    const { id } = await endpoint(hook.url);
    const f = factories(db.em());
    const key = await f.key(await f.group());
    await api.gql(REVOKE_KEY, { input: { id: key.id, reason: "x" } });
    await jobs({ webhookMaxAttempts: 2 });
    const [d] = await until(
      () =>
        db
          .em()
          .execute<{ status: string; attempts: number; last_error: string }[]>(
            "select status, attempts, last_error from webhook_delivery",
          ),
      (rows) => rows[0]?.status === "FAILED",
      20_000,
    );
    expect(d).toMatchObject({ attempts: 2, last_error: "HTTP 503" });
    expect(hook.received).toHaveLength(2);
    expect(hook.received[0]?.headers["webhook-id"]).toBe(hook.received[1]?.headers["webhook-id"]);
    const [e] = await db.em().execute<{ status: string }[]>("select status from webhook_endpoint where id = ?", [id]);
    expect(e?.status).toBe("FAILING");
  }, 30_000);

  it("refuse loopback and private addresses unless allowed, and send nothing to them", async () => {
    for (const a of [
      "127.0.0.1",
      "10.1.2.3",
      "192.168.0.9",
      "172.20.0.1",
      "169.254.169.254",
      "::1",
      "fd00::1",
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "64:ff9b::a9fe:a9fe",
      "64:ff9b::10.0.0.1",
      "2002:7f00:1::1",
      "2002:c0a8:1::5",
      "::127.0.0.1",
      "64:ff9b:1::1",
    ])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of [
      "93.184.215.14",
      "2606:4700::1111",
      "64:ff9b::5db8:d70e",
      "2002:5db8:d70e::1",
      "::ffff:93.184.215.14",
    ])
      expect(isPrivateAddress(a), a).toBe(false);
    expect(await refuseUnsafeUrl("http://localhost:8080/x", false)).toMatch(/loopback or private/);
    expect(await refuseUnsafeUrl("http://[::1]/x", false)).toMatch(/loopback or private/);
    expect(await refuseUnsafeUrl("http://localhost:8080/x", true)).toBeNull();
    expect(await refuseUnsafeUrl("ftp://example.org/x", true)).toMatch(/http/);
    const hook = await receiver();
    await endpoint(hook.url);
    const f = factories(db.em());
    await api.gql(REVOKE_KEY, { input: { id: (await f.key(await f.group())).id, reason: "x" } });
    await jobs({ webhookAllowPrivate: false, webhookMaxAttempts: 1 });
    const [d] = await until(
      () =>
        db.em().execute<{ status: string; last_error: string }[]>("select status, last_error from webhook_delivery"),
      (rows) => rows[0]?.status === "FAILED",
    );
    expect(d?.last_error).toMatch(/^refused: its host is a loopback or private address/);
    expect(hook.received).toHaveLength(0);
  });

  it("connect to the address they checked: a host that answers a public address, then loopback (DNS rebinding), gets nothing", async () => {
    const hook = await receiver();
    const port = new URL(hook.url).port;
    await endpoint(`http://localhost:${port}/hook`);
    const f = factories(db.em());
    await api.gql(REVOKE_KEY, { input: { id: (await f.key(await f.group())).id, reason: "x" } });
    const deliveryId = await deliveryOfRevokedKey(db, settings());
    let asked = 0;
    const rebinding = async () => [{ address: asked++ === 0 ? "93.184.215.14" : "127.0.0.1", family: 4 }];
    await expect(
      deliverWebhook(
        db.em().fork(),
        deliveryId,
        { last: true },
        { allowPrivate: false, timeoutMs: 2000, resolve: rebinding },
      ),
    ).rejects.toThrow(DeliveryError);
    expect(hook.received).toHaveLength(0);
    expect(asked).toBe(2);
    const [after] = await db
      .em()
      .execute<{ status: string; last_error: string }[]>("select status, last_error from webhook_delivery");
    expect(after).toMatchObject({ status: "FAILED", last_error: expect.stringMatching(/loopback or private/) });
  });
});
