import type { EntityManager } from "@mikro-orm/postgresql";

/**
 * The event types an endpoint may subscribe to (`*`: all of them), each with what causes it; payloads in
 * docs/notifications.md. The API lists them (`webhookEventTypes`), so the console offers exactly these.
 */
export const WEBHOOK_EVENTS = {
  "api_key.created": "A key was created.",
  "api_key.expiring": "A key expires soon (a scheduled reminder).",
  "api_key.expired": "A key expired.",
  "api_key.rotated": "A key's secret was rotated.",
  "api_key.revoked": "A key was revoked.",
  "api_key.reassigned": "A key moved to another holder.",
  "collaborator.added": "A holder became a collaborator on a service.",
  "collaborator.removed": "A holder stopped being a collaborator on a service.",
  "user.offboarded": "A user was offboarded.",
  "group_email.below_two_members": "A group email was left with fewer than two active members.",
  "leaver_case.opened": "The identity provider deactivated a user, opening a leaver case.",
} as const;

export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as (keyof typeof WEBHOOK_EVENTS)[];

/** One event for integrators: delivered once per subscribed endpoint, under `dedupeKey`. */
export interface WebhookEventDraft {
  type: string;
  /** Stable for the cause (e.g. the audit event and subject), so a job run twice delivers once. */
  dedupeKey: string;
  occurredAt: Date;
  data: Record<string, unknown>;
}

/**
 * Writes a delivery of each event to every active endpoint subscribed to its type and queues
 * a `deliver_webhook` job for each (job key `deliver:<id>`, so "send again" replaces a waiting retry
 * rather than adding a second job), in one statement. The delivery's id (`msg_…`) is the
 * `webhook-id` of every attempt. Returns how many deliveries were written.
 */
export async function queueWebhookEvents(
  em: EntityManager,
  events: readonly WebhookEventDraft[],
  maxAttempts: number,
): Promise<number> {
  if (!events.length) return 0;
  const [row] = await em.execute<{ n: string }[]>(
    `with input as (select * from json_to_recordset(?::json) as e(type text, dedupe_key text, payload jsonb)),
     written as (
       insert into webhook_delivery (id, endpoint_id, dedupe_key, event_type, payload)
       select 'msg_' || replace(gen_random_uuid()::text, '-', ''), w.id, e.dedupe_key || ':' || w.id, e.type, e.payload
         from input e join webhook_endpoint w on w.status = 'ACTIVE'
          and (e.type = any(w.event_types) or '*' = any(w.event_types))
       on conflict (dedupe_key) do nothing
       returning id)
     select count(*) as n from graphile_worker.add_jobs(array(
       select row('deliver_webhook', json_build_object('deliveryId', w.id), null, null, ?::int, 'deliver:' || w.id, null, null)::graphile_worker.job_spec
         from written w))`,
    [
      JSON.stringify(
        events.map((e) => ({
          type: e.type,
          dedupe_key: e.dedupeKey,
          payload: { type: e.type, timestamp: e.occurredAt.toISOString(), data: e.data },
        })),
      ),
      maxAttempts,
    ],
  );
  return Number(row?.n ?? 0);
}
