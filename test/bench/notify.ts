import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { Webhook } from "standardwebhooks";
import { freePort } from "../e2e/support.ts";
import { spawnChild, waitUntilReady } from "./children.ts";
import { onCleanup } from "./cleanup.ts";
import { createBenchDatabase } from "./database.ts";
import { buildServer, migrateDatabase } from "./keyholder.ts";
import { progress, step } from "./log.ts";
import { describeMachine, machineLoad } from "./machine.ts";
import { serverDir } from "./paths.ts";
import { table } from "./report.ts";
import type { Scenario, ScenarioOptions } from "./scenario.ts";
import { serverModule } from "./server-module.ts";

/** Keys expiring on one day, turned into reminders (no endpoint yet, so no webhook events). */
const KEYS = 10_000;
/** Webhook deliveries drained to a local receiver. */
const DELIVERIES = 10_000;
/** The goal: at least this many deliveries per second. */
const MIN_RATE = 500;
const SECRET = `whsec_${Buffer.from("keyholder-bench-signing-secret!!").toString("base64")}`;

interface Orm {
  em: { fork(): { execute<T>(sql: string, params?: unknown[]): Promise<T> } };
  close(force?: boolean): Promise<void>;
}

/**
 * `pnpm bench notify`: (1) 10,000 keys expiring on one day become reminders, counting the SQL
 * statements per batch; (2) the built server's queue drains 10,000 signed webhook deliveries to
 * a local receiver that verifies every signature, measured from enqueue to the last DELIVERED.
 */
async function run(options: ScenarioOptions): Promise<boolean> {
  const load = machineLoad();
  await step("building the server", buildServer);
  const db = await step("creating a bench database", createBenchDatabase);
  await step("migrating", () => migrateDatabase(db.url));
  const { createOrm } = await serverModule<{ createOrm(o: { url: string; poolMax: number }): Promise<Orm> }>("db/orm");
  const { countSql } = await serverModule<{
    countSql<T>(fn: () => Promise<T>): Promise<{ result: T; sql: { count: number } }>;
  }>("db/sql-counter");
  const { sendExpiryReminders, REMINDER_BATCH } = await serverModule<{
    REMINDER_BATCH: number;
    sendExpiryReminders(
      em: unknown,
      s: { reminderDays: number[]; publicUrl: string; webhookMaxAttempts: number },
      today: Date,
    ): Promise<{ keys: number; notices: number; statements: number }>;
  }>("modules/notify/reminders");
  const { queueWebhookEvents } = await serverModule<{
    queueWebhookEvents(em: unknown, events: unknown[], maxAttempts: number): Promise<number>;
  }>("modules/notify/webhook-events");
  const orm = await createOrm({ url: db.url, poolMax: 2 });
  onCleanup(() => orm.close(true));
  const em = () => orm.em.fork();

  const today = new Date();
  const day = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  await step(`seeding ${KEYS.toLocaleString("en")} keys expiring in 7 days`, async () => {
    await em().execute(
      `insert into holder (id, kind, email, name) values ('00000000-0000-0000-0000-00000000b001', 'GROUP', 'bench-team@example.org', 'Bench')`,
    );
    await em().execute(
      `insert into api_key (id, name, environment, holder_id, prefix, secret_digest, expires_at)
       select gen_random_uuid(), 'bench ' || i, 'STAGING', '00000000-0000-0000-0000-00000000b001',
              'kh_test_' || lpad(i::text, 8, '0'), md5(i::text) || md5((-i)::text), ?::timestamptz
         from generate_series(1, ${KEYS}) i`,
      [new Date(day + 7 * 86_400_000 + 3_600_000).toISOString()],
    );
  });
  const t0 = performance.now();
  const reminders = await countSql(() =>
    sendExpiryReminders(
      em(),
      { reminderDays: [30, 7, 1], publicUrl: "http://localhost:4000", webhookMaxAttempts: 13 },
      today,
    ),
  );
  const reminderMs = performance.now() - t0;
  const batches = Math.ceil(reminders.result.keys / REMINDER_BATCH);
  const perBatch = (reminders.sql.count - 2) / batches;
  // The reminders' send jobs are not part of the drain below.
  await em().execute("delete from graphile_worker._private_jobs");

  let received = 0;
  let badSignatures = 0;
  const ids = new Set<string>();
  const verifier = new Webhook(SECRET);
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      try {
        verifier.verify(Buffer.concat(chunks).toString("utf8"), req.headers as Record<string, string>);
      } catch {
        badSignatures++;
      }
      ids.add(String(req.headers["webhook-id"]));
      received++;
      res.statusCode = 204;
      res.end();
    });
  });
  receiver.listen(0, "127.0.0.1");
  await once(receiver, "listening");
  onCleanup(() => new Promise<void>((r) => receiver.close(() => r())));
  const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  // Only the drained event type: the server's start-up reminder run must not add deliveries.
  await em().execute(
    "insert into webhook_endpoint (id, url, event_types, secret) values (gen_random_uuid(), ?, '{api_key.revoked}', ?)",
    [hookUrl, SECRET],
  );

  const port = await freePort();
  const concurrency = 24;
  const child = spawnChild("keyholder", process.execPath, [resolve(serverDir, "dist/main.js")], {
    cwd: serverDir,
    env: {
      DATABASE_URL: db.url,
      HOST: "127.0.0.1",
      PORT: String(port),
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      KEYHOLDER_SEED_DEMO: "false",
      KEYHOLDER_CONSOLE_DIR: "/nonexistent",
      WEBHOOK_ALLOW_PRIVATE: "true",
      JOBS_CONCURRENCY: String(concurrency),
    },
  });
  await waitUntilReady(child, `http://127.0.0.1:${port}/readyz`);
  progress(`▸ draining ${DELIVERIES.toLocaleString("en")} deliveries (${concurrency} jobs at once)…`);
  const events = Array.from({ length: DELIVERIES }, (_, i) => ({
    type: "api_key.revoked",
    dedupeKey: `bench:${i}`,
    occurredAt: new Date(),
    data: { key: { id: `bench-${i}`, name: `bench ${i}`, prefix: `kh_test_${i}` }, actor: "bench", reason: null },
  }));
  const t1 = performance.now();
  await queueWebhookEvents(em(), events, 13);
  let delivered = 0;
  const deadline = Date.now() + 10 * 60_000;
  while (delivered < DELIVERIES && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    const [row] = await em().execute<{ n: number }[]>(
      "select count(*)::int as n from webhook_delivery where status = 'DELIVERED'",
    );
    delivered = row?.n ?? 0;
  }
  const drainMs = performance.now() - t1;
  const rate = (delivered / drainMs) * 1000;
  const machine = describeMachine({ ...load, loadAverageAfter: machineLoad().loadAverage });

  const remindersOk = perBatch <= 3 && reminders.result.notices === KEYS;
  const drainOk = delivered === DELIVERIES && rate >= MIN_RATE && badSignatures === 0;
  console.log(
    table([
      ["measure", "value", "goal"],
      ["keys expiring on one day", KEYS.toLocaleString("en"), ""],
      ["reminders written and queued", reminders.result.notices.toLocaleString("en"), KEYS.toLocaleString("en")],
      [
        "SQL statements",
        `${reminders.sql.count} (${batches} batches of ${REMINDER_BATCH}: ${perBatch} per batch, + 2)`,
        "constant per batch",
      ],
      ["reminder run", `${(reminderMs / 1000).toFixed(2)} s`, ""],
      ["deliveries drained", `${delivered.toLocaleString("en")} in ${(drainMs / 1000).toFixed(1)} s`, ""],
      ["delivery rate", `${rate.toFixed(0)} /s`, `≥ ${MIN_RATE} /s`],
      ["received / distinct webhook-ids / bad signatures", `${received} / ${ids.size} / ${badSignatures}`, "0 bad"],
    ]),
  );
  console.log(machine);
  console.log(
    JSON.stringify({
      scenario: "notify",
      keys: KEYS,
      reminderStatements: reminders.sql.count,
      statementsPerBatch: perBatch,
      reminderMs: Math.round(reminderMs),
      deliveries: delivered,
      deliveriesPerSecond: Math.round(rate),
      badSignatures,
      met: remindersOk && drainOk,
    }),
  );
  void options;
  return remindersOk && drainOk;
}

export const notify: Scenario = {
  name: "notify",
  summary: "10,000 keys expiring on one day into reminders (statements per batch); queue drain of 10,000 webhooks",
  run,
};
