import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { handleAuditEvent } from "../modules/notify/audit-notices.js";
import { type JobRunner, startJobs } from "../modules/notify/jobs.js";
import type { NotifySettings } from "../modules/notify/settings.js";
import type { TestDatabase } from "./database.js";

/** Notify settings for tests: no SMTP (notices are kept), private webhook addresses allowed. */
export const notifySettings = (over: Partial<NotifySettings> = {}): NotifySettings => ({
  smtpUrl: null,
  mailFrom: "Keyholder <keyholder@agency.gov.example>",
  publicUrl: "https://keyholder.agency.gov.example",
  reminderDays: [30, 7, 1],
  concurrency: 4,
  recoverAfterMs: 15_000,
  webhookMaxAttempts: 13,
  webhookAllowPrivate: true,
  webhookTimeoutMs: 5000,
  ...over,
});

/**
 * The job workers on the test database, polling often and with no schedule, so a test sees its
 * jobs run within a fraction of a second; the reminders run at start only when asked for.
 */
export function startTestJobs(
  db: TestDatabase,
  over: Partial<NotifySettings> = {},
  { remindAtStart = false }: { remindAtStart?: boolean } = {},
): Promise<JobRunner> {
  return startJobs({
    orm: db.orm,
    connectionString: db.url,
    settings: notifySettings(over),
    logger: pino({ level: "silent" }),
    crontab: "",
    pollInterval: 200,
    remindAtStart,
  });
}

/** Empties what the notify jobs write, and the queue, which a database reset leaves alone. */
export async function clearNotifyTables(db: TestDatabase): Promise<void> {
  await db
    .em()
    .execute(
      "truncate notice_message, webhook_delivery, webhook_endpoint, notify_category_setting; delete from graphile_worker._private_jobs",
    );
}

/** Asks `probe` every 100 ms until `ok` holds of its answer, which it returns; fails after `ms`. */
export async function until<T>(
  probe: () => Promise<T> | T,
  ok: (v: T) => boolean,
  ms = 15_000,
  context: () => string = () => "",
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`timed out; last value ${JSON.stringify(value)}${context()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A request a webhook receiver got. */
export interface ReceivedRequest {
  headers: Record<string, string>;
  body: string;
}

/** A real HTTP receiver on a free local port answering `status()` and keeping each request. */
export async function webhookReceiver(
  status: () => number = () => 204,
): Promise<{ url: string; received: ReceivedRequest[]; close(): Promise<void> }> {
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString("utf8") });
      res.statusCode = status();
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Does what the notify job does for the one `api_key.revoked` audit event (writes its webhook
 * delivery and queues it) and returns the delivery's id.
 */
export async function deliveryOfRevokedKey(
  db: TestDatabase,
  settings: Pick<NotifySettings, "publicUrl" | "webhookMaxAttempts">,
): Promise<string> {
  const [audit] = await db
    .em()
    .execute<{ id: string }[]>("select id::text from audit_event where action = 'api_key.revoked'");
  await db
    .em()
    .fork()
    .transactional((em) => handleAuditEvent(em, audit?.id as string, settings));
  const [delivery] = await db.em().execute<{ id: string }[]>("select id from webhook_delivery");
  return delivery?.id as string;
}
