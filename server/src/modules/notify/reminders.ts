import type { EntityManager } from "@mikro-orm/postgresql";
import {
  type KeyForNotice,
  keyRiskCounts,
  keysExpiredTheDayBefore,
  keysExpiringInDays,
} from "../api-key/key-notices.queries.js";
import { adminEmails, keyRecipients, type NoticeDraft, writeNotices } from "./notices.js";
import type { NotifySettings } from "./settings.js";
import { day, keyLabel, renderNotice } from "./templates.js";
import { queueWebhookEvents } from "./webhook-events.js";

const keyPayload = (k: KeyForNotice) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  environment: k.environment,
  holder: { kind: k.holder_kind === "GROUP" ? "GROUP_EMAIL" : "USER", email: k.holder_email },
  expiresAt: new Date(k.expires_at).toISOString(),
});

/** Keys read and turned into notices per batch: three statements per batch, whatever its size. */
export const REMINDER_BATCH = 1000;

/**
 * Reminds holders of the keys that expire in exactly one of `settings.reminderDays` days (UTC
 * calendar days from `today`): a batch of keys is read in one statement, its notices are written
 * and queued in another, its `api_key.expiring` webhook events in a third, so 10,000 keys take
 * 10 batches of three statements. Run twice on
 * a day, it writes nothing new (each notice has its key, day and recipient as its dedupe key).
 */
export async function sendExpiryReminders(
  em: EntityManager,
  settings: Pick<NotifySettings, "reminderDays" | "publicUrl" | "webhookMaxAttempts">,
  today: Date,
  batchSize = REMINDER_BATCH,
): Promise<{ keys: number; notices: number; statements: number }> {
  const admins = await adminEmails(em);
  let statements = 1;
  let after = "00000000-0000-0000-0000-000000000000";
  let keys = 0;
  let notices = 0;
  for (;;) {
    const due = await keysExpiringInDays(em, {
      days: settings.reminderDays,
      today: day(today),
      after,
      limit: batchSize,
    });
    statements++;
    if (!due.length) break;
    keys += due.length;
    after = due[due.length - 1]?.id as string;
    const drafts: NoticeDraft[] = due.flatMap((k) =>
      keyRecipients(k, admins).map((recipient) => ({
        dedupeKey: `expiring:${k.id}:${day(k.expires_at)}:${k.days}:${recipient}`,
        category: "EXPIRY" as const,
        recipient,
        ...renderNotice({
          subject: `API key ${k.name} expires in ${k.days} day${k.days === 1 ? "" : "s"}`,
          paragraphs: [
            `The ${k.environment.toLowerCase()} API key ${keyLabel(k)}, held by ${k.holder_email}, expires on ${day(k.expires_at)} (in ${k.days} day${k.days === 1 ? "" : "s"}).`,
            "Rotate it or extend its expiry before then, or the services using it stop working.",
          ],
          link: { label: "Open the key in Keyholder", url: `${settings.publicUrl}/keys/${k.id}` },
        }),
      })),
    );
    notices += await writeNotices(em, drafts);
    await queueWebhookEvents(
      em,
      due.map((k) => ({
        type: "api_key.expiring",
        dedupeKey: `expiring:${k.id}:${day(k.expires_at)}:${k.days}`,
        occurredAt: today,
        data: { key: keyPayload(k), daysLeft: k.days },
      })),
      settings.webhookMaxAttempts,
    );
    statements += 2;
    if (due.length < batchSize) break;
  }
  return { keys, notices, statements };
}

/**
 * Tells holders about keys that expired during the UTC day before `today`, listing the services
 * that now have no working key (no other active, unexpired key whose holder is a BILLING
 * collaborator there).
 */
export async function sendExpiredNotices(
  em: EntityManager,
  settings: Pick<NotifySettings, "publicUrl" | "webhookMaxAttempts">,
  today: Date,
): Promise<number> {
  const admins = await adminEmails(em);
  const rows = await keysExpiredTheDayBefore(em, day(today));
  const drafts: NoticeDraft[] = rows.flatMap((k) =>
    keyRecipients(k, admins).map((recipient) => ({
      dedupeKey: `expired:${k.id}:${day(k.expires_at)}:${recipient}`,
      category: "EXPIRY" as const,
      recipient,
      ...renderNotice({
        subject: `API key ${k.name} has expired`,
        paragraphs: [
          `The ${k.environment.toLowerCase()} API key ${keyLabel(k)}, held by ${k.holder_email}, expired on ${day(k.expires_at)}.`,
          k.orphaned.length
            ? "These services now have no working key:"
            : "Every service it worked on still has another working key.",
        ],
        items: k.orphaned,
        link: { label: "Open the key in Keyholder", url: `${settings.publicUrl}/keys/${k.id}` },
      }),
    })),
  );
  await queueWebhookEvents(
    em,
    rows.map((k) => ({
      type: "api_key.expired",
      dedupeKey: `expired:${k.id}:${day(k.expires_at)}`,
      occurredAt: new Date(k.expires_at),
      data: { key: keyPayload(k), servicesWithoutWorkingKey: k.orphaned },
    })),
    settings.webhookMaxAttempts,
  );
  return writeNotices(em, drafts);
}

/** A weekly summary of the risks for the ADMINs. */
export async function sendRiskDigest(
  em: EntityManager,
  settings: Pick<NotifySettings, "publicUrl">,
  today: Date,
): Promise<number> {
  const admins = await adminEmails(em);
  if (!admins.length) return 0;
  const c = await keyRiskCounts(em, day(today));
  const week = day(today);
  const notice = renderNotice({
    subject: `Keyholder weekly risk digest (${week})`,
    paragraphs: ["This week's risks across the organisation's API keys:"],
    items: [
      `${c?.individual_prod ?? 0} production keys held by individuals`,
      `${c?.expiring ?? 0} keys expiring in the next 30 days`,
      `${c?.departed ?? 0} keys still held by people who left`,
      `${c?.expired ?? 0} expired keys not yet revoked`,
    ],
    link: { label: "Open the overview", url: `${settings.publicUrl}/` },
  });
  return writeNotices(
    em,
    admins.map((recipient) => ({ dedupeKey: `digest:${week}:${recipient}`, category: "DIGEST", recipient, ...notice })),
  );
}
