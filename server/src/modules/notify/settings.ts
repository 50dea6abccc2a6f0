import type { Config } from "../../config.js";

/** What the jobs need from the configuration. */
export interface NotifySettings {
  smtpUrl: string | null;
  mailFrom: string;
  /** The console's address, for links in notices. */
  publicUrl: string;
  reminderDays: number[];
  concurrency: number;
  /** Jobs locked this long by workers of an instance that is gone are run again. */
  recoverAfterMs: number;
  webhookMaxAttempts: number;
  webhookAllowPrivate: boolean;
  webhookTimeoutMs: number;
}

export function notifySettingsOf(config: Config, serverUrl: string): NotifySettings {
  return {
    smtpUrl: config.SMTP_URL ?? null,
    mailFrom: config.MAIL_FROM,
    publicUrl: (config.KEYHOLDER_PUBLIC_URL ?? serverUrl).replace(/\/+$/, ""),
    reminderDays: config.NOTIFY_REMINDER_DAYS,
    concurrency: config.JOBS_CONCURRENCY,
    recoverAfterMs: config.JOBS_RECOVER_AFTER_MS,
    webhookMaxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
    webhookAllowPrivate: config.WEBHOOK_ALLOW_PRIVATE,
    webhookTimeoutMs: config.WEBHOOK_TIMEOUT_MS,
  };
}

/** Notice categories the organisation can turn off one by one. */
export const NOTICE_CATEGORIES = ["EXPIRY", "KEY_CHANGE", "OFFBOARDING", "GROUP", "DIGEST"] as const;
export type NoticeCategory = (typeof NOTICE_CATEGORIES)[number];
