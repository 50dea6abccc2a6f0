import type { EntityManager } from "@mikro-orm/postgresql";

/** The event types an endpoint may subscribe to (`*`: all of them); payloads in docs/notifications.md. */
export const WEBHOOK_EVENT_TYPES = [
  "api_key.created",
  "api_key.expiring",
  "api_key.expired",
  "api_key.rotated",
  "api_key.revoked",
  "api_key.reassigned",
  "collaborator.added",
  "collaborator.removed",
  "user.offboarded",
  "group_email.below_two_members",
  "leaver_case.opened",
] as const;

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
