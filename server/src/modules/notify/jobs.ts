import { EventEmitter } from "node:events";
import type { MikroORM } from "@mikro-orm/postgresql";
import { Logger as QueueLogger, type Runner, run, type TaskList } from "graphile-worker";
import pg from "pg";
import type { Logger } from "../../logger.js";
import { foldKeyCounts } from "../api-key/api-key.count.js";
import { foldRiskCounts } from "../risk/risk.service.js";
import { handleAuditEvent } from "./audit-notices.js";
import { createMailer, sendNotice } from "./mailer.js";
import { startPresence } from "./presence.js";
import { sendExpiredNotices, sendExpiryReminders, sendRiskDigest } from "./reminders.js";
import type { NotifySettings } from "./settings.js";
import { deliverWebhook } from "./webhook-delivery.js";

/**
 * When the scheduled jobs run (UTC). graphile-worker records each slot it has run in the
 * database, so with several instances each slot runs once, and one missed while every instance
 * was down is caught up (`?fill`) for up to a day.
 */
export const CRONTAB = [
  "0 7 * * * expiry_reminders ?fill=1d",
  "15 7 * * * expired_check ?fill=1d",
  "0 8 * * 1 risk_digest ?fill=1d",
  "*/10 * * * * fold_summaries",
].join("\n");

/** The background work of one instance; `stop` lets running jobs finish, then disconnects. */
export interface JobRunner {
  runner: Runner;
  stop(): Promise<void>;
}

const str = (payload: unknown, field: string): string => {
  const value = (payload as Record<string, unknown> | null)?.[field];
  if (typeof value !== "string") throw new Error(`job payload lacks ${field}`);
  return value;
};

/** The tasks the queue runs, each in its own entity manager. */
export function notifyTasks(orm: MikroORM, settings: NotifySettings): { tasks: TaskList; close(): void } {
  const mailer = createMailer(settings);
  const today = () => new Date();
  const tasks: TaskList = {
    notify_audit: async (payload) => {
      await orm.em.fork().transactional((em) => handleAuditEvent(em, str(payload, "auditEventId"), settings));
    },
    send_notice: async (payload, helpers) => {
      await sendNotice(orm.em.fork(), mailer, str(payload, "noticeId"), {
        number: helpers.job.attempts,
        last: helpers.job.attempts >= helpers.job.max_attempts,
      });
    },
    deliver_webhook: async (payload, helpers) => {
      await deliverWebhook(
        orm.em.fork(),
        str(payload, "deliveryId"),
        { last: helpers.job.attempts >= helpers.job.max_attempts },
        { allowPrivate: settings.webhookAllowPrivate, timeoutMs: settings.webhookTimeoutMs },
      );
    },
    expiry_reminders: async () => {
      await sendExpiryReminders(orm.em.fork(), settings, today());
    },
    expired_check: async () => {
      await orm.em.fork().transactional((em) => sendExpiredNotices(em, settings, today()));
    },
    risk_digest: async () => {
      await orm.em.fork().transactional((em) => sendRiskDigest(em, settings, today()));
    },
    // The count summaries (of keys, and of groups at risk) gain a row per writing transaction and
    // fold them when read; this folds them also when nobody reads, so they stay small in a
    // registry written only by scripts.
    fold_summaries: async () => {
      const em = orm.em.fork();
      await foldKeyCounts(em, today());
      await foldRiskCounts(em);
    },
  };
  return { tasks, close: () => mailer?.close() };
}

/**
 * Starts this instance's workers on the shared queue (`connectionString`: the server's role),
 * and queues one expiry-reminder run.
 */
export async function startJobs(options: {
  orm: MikroORM;
  connectionString: string;
  settings: NotifySettings;
  logger: Logger;
  crontab?: string;
  pollInterval?: number;
  /** Check expiring keys once at start too (default true): see `startJobs`. */
  remindAtStart?: boolean;
}): Promise<JobRunner> {
  const { tasks, close } = notifyTasks(options.orm, options.settings);
  const log = options.logger.child({ component: "jobs" });
  // A pool of the queue's own, ended only after the runner has stopped (an error on an idle
  // connection, such as the database going away, is logged rather than thrown).
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.settings.concurrency + 2,
    application_name: "keyholder-jobs",
  });
  const lost = (error: Error & { code?: string }) =>
    log.warn({ code: error.code, reason: error.message }, "job queue connection lost");
  pool.on("error", lost);
  pool.on("connect", (client) => client.on("error", lost));
  const events = new EventEmitter();
  let presence: Awaited<ReturnType<typeof startPresence>> | undefined;
  let runner: Runner;
  try {
    presence = await startPresence({
      connectionString: options.connectionString,
      events,
      logger: log,
      recoverAfterMs: options.settings.recoverAfterMs,
    });
    runner = await run({
      events,
      // Jobs are taken from the database in batches and completed in batches: far fewer
      // statements per job when many are queued (10,000 reminders, a burst of webhooks).
      preset: {
        worker: {
          localQueue: { size: options.settings.concurrency + 1 },
          completeJobBatchDelay: 0,
          failJobBatchDelay: 0,
        },
      },
      pgPool: pool,
      concurrency: options.settings.concurrency,
      noHandleSignals: true,
      pollInterval: options.pollInterval ?? 2000,
      taskList: tasks,
      crontab: options.crontab ?? CRONTAB,
      logger: new QueueLogger(
        (scope) => (level, message, meta) =>
          log[level === "error" ? "error" : level === "warning" ? "warn" : "debug"]({ ...scope, ...meta }, message),
      ),
    });
  } catch (error) {
    await presence?.stop();
    await pool.end().catch(() => {});
    close();
    throw error;
  }
  // Reminders are checked at start as well as each morning, so a newly started Keyholder (the
  // demo included) shows them at once; each is written once per key, day and recipient anyway.
  if (options.remindAtStart ?? true)
    await runner.addJob("expiry_reminders", {}, { jobKey: "expiry_reminders:start" }).catch((error: unknown) => {
      log.warn({ reason: String(error) }, "could not queue the start-up expiry reminders");
    });
  let stopping: Promise<void> | undefined;
  return {
    runner,
    stop() {
      // Running jobs finish first; the queue's connections close even if stopping the runner fails.
      stopping ??= runner
        .stop()
        .catch((error: unknown) => log.warn({ reason: String(error) }, "job runner did not stop cleanly"))
        .then(() => presence?.stop())
        .then(() => pool.end())
        .finally(close);
      return stopping;
    },
  };
}
